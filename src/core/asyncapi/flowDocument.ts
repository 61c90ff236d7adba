/**
 * An AsyncAPI 3.0 document of the flow the connections show: one channel per topic, exchange, queue and
 * stream (the broker's own only when something links to them), their messages per event type with the
 * schemas inferred from samples, a `receive` operation per channel that holds sampled messages and a `send`
 * operation per exchange that routes them. Names from brokers are values in the document, never keys or
 * references: keys are made of safe characters only, and the serializer writes every value escaped.
 * Nothing that changes from one run to the next (counts, times) is written, so a later run differs from
 * a committed document only where the flow did.
 */
import { asyncApiBindingsOf } from './channelBindings';
import { PROPERTY_CORRELATION, type ChannelMessages, type MessageTypeSample } from './channelMessages';
import type { FlowChannel, FlowConnection } from './flowModel';
import type { JsonSchema } from './schemaInference';

export interface FlowDescriptionInput {
  title: string;
  connections: readonly FlowConnection[];
  /** Sampled messages per channel, keyed by `channelSampleKey`. */
  messages: ReadonlyMap<string, ChannelMessages>;
  /** Channels not sampled, keyed the same way, with the reason in words. */
  unsampled?: ReadonlyMap<string, string>;
}

export type AsyncApiDocument = Record<string, unknown>;

export const ASYNCAPI_VERSION = '3.0.0';

export function channelSampleKey(connectionId: string, channelId: string): string {
  return `${connectionId}\u0000${channelId}`;
}

/** A key AsyncAPI accepts for channels, operations and messages (`^[A-Za-z0-9_.-]+$`), unique among `taken`. */
export function safeKey(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120) || 'unnamed';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  taken.add(key);
  return key;
}

/** `~` and `/` escaped as a JSON Pointer segment needs them. */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** An identity place (`header:x`, `body:a.b`) as an AsyncAPI runtime expression, or undefined when it has none. */
export function correlationLocation(place: string): string | undefined {
  const colon = place.indexOf(':');
  const stem = place.slice(0, colon);
  const name = place.slice(colon + 1);
  if (colon < 0 || name === '') return undefined;
  if (stem === 'header') return `$message.header#/${pointerSegment(name)}`;
  if (stem === 'body') return `$message.payload#/${name.split('.').map(pointerSegment).join('/')}`;
  return undefined;
}

interface ChannelEntry {
  key: string;
  connection: FlowConnection;
  channel: FlowChannel;
  body: Record<string, unknown>;
  messageKeys: string[];
}

export function describeFlow(input: FlowDescriptionInput): AsyncApiDocument {
  const channelKeys = new Set<string>();
  const entries: ChannelEntry[] = [];
  const byId = new Map<string, ChannelEntry>();
  for (const connection of input.connections) {
    const linked = new Set(connection.links.flatMap((link) => [link.from, link.to]));
    for (const channel of connection.channels) {
      if (channel.internal === true && !linked.has(channel.id)) continue;
      const entry: ChannelEntry = { key: safeKey(channel.name, channelKeys), connection, channel, body: channelBody(connection, channel), messageKeys: [] };
      const sampled = input.messages.get(channelSampleKey(connection.id, channel.id));
      if (sampled !== undefined && sampled.types.size > 0) {
        const messages: Record<string, unknown> = {};
        const messageKeys = new Set<string>();
        for (const sample of [...sampled.types.values()].sort((a, b) => compareText(a.type, b.type))) {
          const key = safeKey(sample.type, messageKeys);
          messages[key] = messageBody(sample);
          entry.messageKeys.push(key);
        }
        entry.body.messages = messages;
      }
      const unsampled = input.unsampled?.get(channelSampleKey(connection.id, channel.id));
      if (unsampled !== undefined) entry.body['x-eventflows-not-sampled'] = unsampled;
      entries.push(entry);
      byId.set(channelSampleKey(connection.id, channel.id), entry);
    }
  }
  addRoutes(entries, byId);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const operationKeys = new Set<string>();
  for (const entry of entries) {
    channels[entry.key] = entry.body;
    if (entry.messageKeys.length === 0) continue;
    const action = entry.channel.role === 'routes' ? 'send' : 'receive';
    operations[safeKey(`${action}.${entry.key}`, operationKeys)] = {
      action,
      channel: { $ref: `#/channels/${entry.key}` },
      messages: entry.messageKeys.map((key) => ({ $ref: `#/channels/${entry.key}/messages/${key}` })),
    };
  }
  const notes = input.connections.filter((c) => c.capped !== undefined).map((c) => `${c.label}: ${c.capped}.`);
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: input.title,
      version: '1.0.0',
      description: ['The event flow of these connections, as Event Flow Explorer read it: channels from the brokers, message schemas inferred from sampled messages.', ...notes].join('\n'),
    },
    channels,
    operations,
  };
}

function channelBody(connection: FlowConnection, channel: FlowChannel): Record<string, unknown> {
  // An address is a template: braces in a broker's name would read as parameters, so such a name is kept apart.
  const templated = /[{}]/.test(channel.name);
  const body: Record<string, unknown> = {
    address: templated ? null : channel.name,
    title: channel.name,
    description: `${channel.kind}${channel.detail !== undefined ? ` (${channel.detail})` : ''} on ${connection.label}${channel.scope !== undefined ? `, ${channel.scope}` : ''}${channel.holdsDeadLetters === true ? '; holds dead letters' : ''}`,
    'x-eventflows-connection': connection.label,
    'x-eventflows-kind': channel.kind,
  };
  if (templated) body['x-eventflows-address'] = channel.name;
  const bindings = asyncApiBindingsOf(channel);
  if (bindings !== undefined) body.bindings = bindings;
  return body;
}

/** Routes and dead-letter links as extensions, and the messages of the queues an exchange routes to as its own. */
function addRoutes(entries: readonly ChannelEntry[], byId: ReadonlyMap<string, ChannelEntry>): void {
  for (const entry of entries) {
    const routes: Record<string, unknown>[] = [];
    const routedMessages: Record<string, unknown> = {};
    const taken = new Set<string>();
    for (const link of entry.connection.links) {
      if (link.from !== entry.channel.id || link.kind === 'reads') continue;
      const target = byId.get(channelSampleKey(entry.connection.id, link.to));
      if (target === undefined) continue;
      routes.push({ kind: link.kind, to: target.channel.name, ...(link.routingKey !== undefined ? { routingKey: link.routingKey } : {}) });
      if (link.kind !== 'route' || entry.channel.role !== 'routes') continue;
      for (const key of target.messageKeys) {
        if (taken.has(key)) continue;
        routedMessages[safeKey(key, taken)] = { $ref: `#/channels/${target.key}/messages/${key}` };
      }
    }
    if (routes.length > 0) entry.body['x-eventflows-routes'] = routes;
    if (taken.size > 0 && entry.messageKeys.length === 0) {
      entry.body.messages = routedMessages;
      entry.messageKeys.push(...Object.keys(routedMessages));
    }
  }
}

function messageBody(sample: MessageTypeSample): Record<string, unknown> {
  const body: Record<string, unknown> = { name: sample.type, title: sample.type };
  if (sample.notJson < sample.count) body.contentType = 'application/json';
  body.payload = sample.payload.schema();
  const headers = sample.headers.schema();
  if (hasProperties(headers)) body.headers = headers;
  const place = sample.correlationPlace();
  const location = place === undefined ? undefined : correlationLocation(place);
  if (location !== undefined) body.correlationId = { description: `Read from ${place}`, location };
  else if (place === PROPERTY_CORRELATION) body['x-eventflows-correlation'] = 'the AMQP basic property correlationId';
  return body;
}

function hasProperties(schema: JsonSchema): boolean {
  const properties = schema.properties;
  return typeof properties === 'object' && properties !== null && Object.keys(properties).length > 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
