/**
 * A declared flow (AsyncAPI documents) against the live one (the brokers' channels and sampled messages):
 * each declared channel with the live channels of its address and their counts, and three kinds of flag —
 * a declared channel no connected broker has, a topic or queue that carries traffic no document declares,
 * and sampled messages whose payload does not match any message the channel declares (an example, the
 * failing JSON path and the reason).
 */
import type { FlowEvent } from '../envelope';
import type { JsonValue } from '../json';
import type { JsonSchema } from './schemaInference';

export interface DeclaredMessage {
  key: string;
  name?: string;
  payload?: JsonSchema;
  /** Why this message's payload is not checked (no schema, a circular one, one that does not compile). */
  unchecked?: string;
}

export interface DeclaredChannel {
  key: string;
  /** The address as written (with `{parameters}`); undefined when the document leaves it open. */
  address: string | undefined;
  operations: { key: string; action: string }[];
  messages: DeclaredMessage[];
}

export interface DeclaredFlow {
  /** The document's file, as the user reads it. */
  source: string;
  channels: DeclaredChannel[];
}

export interface LiveChannel {
  connectionLabel: string;
  name: string;
  kind: string;
  role: 'routes' | 'holds';
  internal?: boolean;
  /** Messages held now, when the broker says. */
  messages?: number;
  /** Messages read from it (none when it was not sampled). */
  examples: readonly FlowEvent[];
}

/** Why a payload fails a schema: the JSON path into the payload (`/items/0/price`; `/` for the root) and the reason. */
export interface PayloadFailure {
  path: string;
  message: string;
}

export type PayloadValidator = (schema: JsonSchema) => (value: unknown) => PayloadFailure | undefined;

export interface PayloadMismatch {
  connectionLabel: string;
  channel: string;
  /** Messages of the sample that matched none of the declared messages. */
  count: number;
  sampled: number;
  example: { id: string; type: string; data: JsonValue };
  /** Against the declared message named like the example's type, else the first declared one. */
  against: string;
  failure: PayloadFailure;
}

export interface ChannelCheck {
  source: string;
  declared: DeclaredChannel;
  live: { connectionLabel: string; name: string; kind: string; messages?: number; sampled: number }[];
  /** Flag (a): no connected broker has a channel at this address. */
  missing: boolean;
  mismatches: PayloadMismatch[];
  /** Declared messages whose payload could not be checked, and why. */
  unchecked: string[];
}

export interface FlowCheck {
  channels: ChannelCheck[];
  /** Flag (b): topics, queues and streams with traffic that no document declares. */
  undeclared: { connectionLabel: string; name: string; kind: string; messages?: number; sampled: number }[];
}

/** An address template as a test of live names: `{param}` stands for any non-empty text. */
export function addressMatcher(address: string): (name: string) => boolean {
  if (!/[{}]/.test(address)) return (name) => name === address;
  const pattern = address
    .split(/\{[^{}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  const regex = new RegExp(`^${pattern}$`);
  return (name) => regex.test(name);
}

export function checkFlow(flows: readonly DeclaredFlow[], live: readonly LiveChannel[], validator: PayloadValidator): FlowCheck {
  const declaredNames = new Set<LiveChannel>();
  const channels: ChannelCheck[] = [];
  const compiled = new Map<JsonSchema, (value: unknown) => PayloadFailure | undefined>();
  const validate = (schema: JsonSchema) => {
    let check = compiled.get(schema);
    if (check === undefined) {
      check = validator(schema);
      compiled.set(schema, check);
    }
    return check;
  };
  for (const flow of flows) {
    for (const declared of flow.channels) {
      const matches = declared.address === undefined ? () => false : addressMatcher(declared.address);
      const found = live.filter((channel) => matches(channel.name));
      for (const channel of found) declaredNames.add(channel);
      const checked = declared.messages.filter((m) => m.payload !== undefined && m.unchecked === undefined);
      const mismatches: PayloadMismatch[] = [];
      for (const channel of found) {
        const mismatch = checked.length === 0 ? undefined : mismatchOf(channel, checked, validate);
        if (mismatch !== undefined) mismatches.push(mismatch);
      }
      channels.push({
        source: flow.source,
        declared,
        live: found.map((c) => ({ connectionLabel: c.connectionLabel, name: c.name, kind: c.kind, ...(c.messages !== undefined ? { messages: c.messages } : {}), sampled: c.examples.length })),
        missing: declared.address !== undefined && found.length === 0,
        mismatches,
        unchecked: declared.messages.filter((m) => m.unchecked !== undefined).map((m) => `${m.name ?? m.key}: ${m.unchecked}`),
      });
    }
  }
  const undeclared = live
    .filter((c) => c.role === 'holds' && c.internal !== true && !declaredNames.has(c) && ((c.messages ?? 0) > 0 || c.examples.length > 0))
    .map((c) => ({ connectionLabel: c.connectionLabel, name: c.name, kind: c.kind, ...(c.messages !== undefined ? { messages: c.messages } : {}), sampled: c.examples.length }));
  return { channels, undeclared };
}

function mismatchOf(channel: LiveChannel, messages: readonly DeclaredMessage[], validate: (schema: JsonSchema) => (value: unknown) => PayloadFailure | undefined): PayloadMismatch | undefined {
  let count = 0;
  let first: PayloadMismatch | undefined;
  let json = 0;
  for (const event of channel.examples) {
    if (event.payload !== undefined && event.payload.kind !== 'json') continue;
    json += 1;
    if (messages.some((m) => validate(m.payload as JsonSchema)(event.data) === undefined)) continue;
    count += 1;
    if (first === undefined) {
      const against = messages.find((m) => m.name === event.type) ?? messages[0];
      const failure = validate(against.payload as JsonSchema)(event.data) ?? { path: '/', message: 'matches no declared message' };
      first = { connectionLabel: channel.connectionLabel, channel: channel.name, count: 0, sampled: 0, example: { id: event.id, type: event.type, data: event.data }, against: against.name ?? against.key, failure };
    }
  }
  return first === undefined ? undefined : { ...first, count, sampled: json };
}
