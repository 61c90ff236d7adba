import type { EventHeader } from '../../core/envelope';
import type { OutgoingMessage } from '../broker';
import { messagesToPublish } from '../recordings/recordingPublish';
import {
  readRecording as readAnyRecording,
  recordedBytes,
  recordedHeader,
  recordingHeader,
  registerEarlierRecordingFormat,
  writeRecording,
  type RecordedMessage,
  type RecordingLineProblem,
} from '../recordings/recordingFormat';
import type { PeekedMessage } from './messages';
import { propertyProblem } from './publishOptions';
import { RABBITMQ, isRabbitSource } from './rabbitSource';

/**
 * Recordings of peeked messages, in the one recording format (`connectors/recordings/`): the routing key is
 * the key, the publishable properties and headers are kept, and `from` says exchange, vhost, queue and
 * position. Files of the format this kind wrote before (one `{exchange, routingKey, body|bodyBase64}` a
 * line, no first line) are read as well.
 */
export type { RecordingLineProblem };

/** Properties that can be published again (the broker's own, like the redelivered flag, are left out). */
function publishable(message: PeekedMessage): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(message.properties) as [string, string | number | undefined][]) {
    if (value !== undefined && propertyProblem(key, value) === undefined) out[key] = value;
  }
  return out;
}

/** A recording is published again: a body the read kept only the first bytes of would be published cut. */
function wholeBody(message: PeekedMessage): Uint8Array {
  if (message.wholeSize !== undefined) throw new RangeError(`message at position ${message.position} was read as its first ${message.body.byteLength} of ${message.wholeSize} bytes: read it whole to record it`);
  return message.body;
}

export function recordedPeek(message: PeekedMessage, vhost: string): RecordedMessage {
  const properties = publishable(message);
  return {
    key: { text: message.routingKey },
    headers: message.headers.filter((header) => header.key !== 'x-delivery-count').map(recordedHeader),
    value: recordedBytes(wholeBody(message)),
    // A message published without a timestamp property has none to record.
    ...(message.properties.timestamp !== undefined && !Number.isNaN(Date.parse(message.event.timestamp)) ? { timestamp: message.event.timestamp } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    from: { vhost, exchange: message.exchange, queue: isRabbitSource(message.event.source) ? message.event.source.queue : '', position: message.position },
  };
}

export function recordMessages(messages: readonly PeekedMessage[], vhost: string, source: { connection?: string; queue?: string } = {}, recordedAt = new Date()): string {
  const queue = source.queue ?? (messages[0] && isRabbitSource(messages[0].event.source) ? messages[0].event.source.queue : undefined);
  const header = recordingHeader({ kind: RABBITMQ, ...(source.connection ? { connection: source.connection } : {}), ...(queue ? { channel: queue } : {}) }, recordedAt);
  return writeRecording({ header, messages: messages.map((message) => recordedPeek(message, vhost)) });
}

interface EarlierLine {
  exchange?: unknown;
  routingKey?: unknown;
  properties?: unknown;
  headers?: unknown;
  body?: unknown;
  bodyBase64?: unknown;
  recordedFrom?: { vhost?: unknown; queue?: unknown; position?: unknown };
}

/** A line of the format before the shared one, as a message of the shared one. */
function convertEarlierLine(line: Record<string, unknown>): RecordedMessage | string {
  const v = line as EarlierLine;
  if (typeof v.exchange !== 'string' || typeof v.routingKey !== 'string') return '"exchange" and "routingKey" must be text';
  const properties = (typeof v.properties === 'object' && v.properties !== null ? v.properties : {}) as Record<string, string | number | boolean>;
  for (const [key, item] of Object.entries(properties)) {
    const problem = propertyProblem(key, item);
    if (problem !== undefined) return problem;
  }
  const headers = Array.isArray(v.headers) ? (v.headers as Partial<EventHeader>[]).filter((h): h is EventHeader => typeof h?.key === 'string' && typeof h?.value === 'string') : [];
  let value: RecordedMessage['value'];
  if (typeof v.bodyBase64 === 'string') value = { base64: v.bodyBase64 };
  else if (typeof v.body === 'string') value = { text: v.body };
  else return 'the line has no "body" (text) or "bodyBase64"';
  const from: Record<string, string | number> = { exchange: v.exchange };
  for (const field of ['vhost', 'queue', 'position'] as const) {
    const item = v.recordedFrom?.[field];
    if (typeof item === 'string' || typeof item === 'number') from[field] = item;
  }
  return { key: { text: v.routingKey }, headers: headers.map(recordedHeader), value, ...(Object.keys(properties).length > 0 ? { properties } : {}), from };
}

registerEarlierRecordingFormat({
  source: { kind: RABBITMQ },
  matches: (first) => typeof first.exchange === 'string' && typeof first.routingKey === 'string' && !('eventFlowsRecording' in first),
  convert: convertEarlierLine,
});

/**
 * Reads a recording back for publishing to the exchanges it was read from; each bad line is reported with
 * its number and left out (a line that does not say its exchange, as a Kafka recording's, too). Never throws.
 */
export function readRecording(text: string): { messages: { exchange: string; message: OutgoingMessage }[]; problems: RecordingLineProblem[] } {
  const { recording, problems } = readAnyRecording(text);
  if (!recording) return { messages: [], problems };
  const outgoing = messagesToPublish(recording, RABBITMQ).messages;
  const messages: { exchange: string; message: OutgoingMessage }[] = [];
  recording.messages.forEach((recorded, index) => {
    const exchange = recorded.from?.exchange;
    if (typeof exchange === 'string') messages.push({ exchange, message: outgoing[index] });
  });
  const unplaced = recording.messages.length - messages.length;
  if (unplaced > 0) problems.push({ line: 1, message: `${unplaced} message(s) do not say which exchange they came from: publish with "Publish Recording…", which asks for one` });
  return { messages, problems };
}
