import type { EventHeader } from '../../core/envelope';
import type { OutgoingMessage } from '../broker';
import type { PeekedMessage } from './messages';
import { propertyProblem } from './publishOptions';
import { isRabbitSource } from './rabbitSource';

/**
 * Recordings: peeked messages saved as NDJSON (one message per line), to edit and publish again. A line
 * keeps where the message was published to, its properties and headers, and its body as text when it is
 * UTF-8 (`body`) or as base64 otherwise (`bodyBase64`), so bytes survive the round trip.
 */
export interface RecordedMessage {
  exchange: string;
  routingKey: string;
  properties: Record<string, string | number | boolean>;
  headers: EventHeader[];
  body?: string;
  bodyBase64?: string;
  /** Where it was peeked from (informational; publishing ignores it). */
  recordedFrom?: { vhost: string; queue: string; position: number };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function bodyFields(bytes: Uint8Array): Pick<RecordedMessage, 'body' | 'bodyBase64'> {
  try {
    return { body: strictUtf8.decode(bytes) };
  } catch {
    const base64: string = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    return { bodyBase64: base64 };
  }
}

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

export function recordMessages(messages: readonly PeekedMessage[], vhost: string): string {
  return messages
    .map((message) => {
      const line: RecordedMessage = {
        exchange: message.exchange,
        routingKey: message.routingKey,
        properties: publishable(message),
        headers: message.headers.filter((header) => header.key !== 'x-delivery-count'),
        ...bodyFields(wholeBody(message)),
        recordedFrom: { vhost, queue: isRabbitSource(message.event.source) ? message.event.source.queue : '', position: message.position },
      };
      return JSON.stringify(line);
    })
    .join('\n')
    .concat(messages.length > 0 ? '\n' : '');
}

export interface RecordingLineProblem {
  line: number;
  message: string;
}

/** Reads a recording back; each bad line is reported with its number and left out. Never throws. */
export function readRecording(text: string): { messages: { exchange: string; message: OutgoingMessage }[]; problems: RecordingLineProblem[] } {
  const messages: { exchange: string; message: OutgoingMessage }[] = [];
  const problems: RecordingLineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const v = value as Partial<RecordedMessage> | null;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return problems.push({ line, message: 'a line must be a JSON object' });
    if (typeof v.exchange !== 'string' || typeof v.routingKey !== 'string') return problems.push({ line, message: '"exchange" and "routingKey" must be text' });
    const properties = typeof v.properties === 'object' && v.properties !== null ? v.properties : {};
    for (const [key, item] of Object.entries(properties)) {
      const problem = propertyProblem(key, item);
      if (problem !== undefined) return problems.push({ line, message: problem });
    }
    const headers = Array.isArray(v.headers) ? v.headers.filter((h): h is EventHeader => typeof h?.key === 'string' && typeof h?.value === 'string') : [];
    let body: Uint8Array | string;
    if (typeof v.bodyBase64 === 'string') body = Buffer.from(v.bodyBase64, 'base64');
    else if (typeof v.body === 'string') body = v.body;
    else return problems.push({ line, message: 'the line has no "body" (text) or "bodyBase64"' });
    messages.push({ exchange: v.exchange, message: { key: v.routingKey, headers, properties, body } });
  });
  return { messages, problems };
}
