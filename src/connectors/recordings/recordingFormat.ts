import type { EventHeader } from '../../core/envelope';

/**
 * One recording format for every broker: NDJSON whose first line says what the file is
 * (`{"eventFlowsRecording":1,"source":{…},"recordedAt":…}`), then one message a line. Bytes are kept
 * exactly: a key, header value or value is `{"text":…}` when its bytes are UTF-8 text and
 * `{"base64":…}` otherwise, so a person can edit the text and nothing else changes; `null` is no key or no
 * value at all (a log's tombstone), which is not an empty one.
 */
export const RECORDING_VERSION = 1;

export type RecordedBytes = { text: string } | { base64: string };

export interface RecordedHeader {
  key: string;
  /** The header's bytes; headers stay in the order read and may repeat a key. */
  value: RecordedBytes;
}

/** Where the messages came from: the kind that recorded them, its connection and channel (a topic, a queue). */
export interface RecordingSource {
  kind: string;
  connection?: string;
  channel?: string;
}

export interface RecordingHeader {
  eventFlowsRecording: number;
  source: RecordingSource;
  /** When the recording was made (ISO 8601). */
  recordedAt: string;
}

export interface RecordedMessage {
  /** A log record's key, or a queue broker's routing key; null: the record had none. */
  key: RecordedBytes | null;
  headers: RecordedHeader[];
  value: RecordedBytes | null;
  /** When the broker stamped the message (ISO 8601), if it did. */
  timestamp?: string;
  /** The source kind's own properties (AMQP's `contentType`, `messageId`, …), carried only to the same kind. */
  properties?: Record<string, string | number | boolean>;
  /** Where it was read (topic/partition/offset, exchange/queue/position); informational, publishing ignores it. */
  from?: Record<string, string | number>;
}

export interface Recording {
  header: RecordingHeader;
  messages: RecordedMessage[];
}

export interface RecordingLineProblem {
  line: number;
  message: string;
}

// ignoreBOM: a leading byte-order mark is part of the bytes, not a marker to drop.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text when the bytes are UTF-8, base64 otherwise: decoding either gives the same bytes back. */
export function recordedBytes(bytes: Uint8Array | string): RecordedBytes {
  if (typeof bytes === 'string') return { text: bytes };
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
}

export function bytesOf(recorded: RecordedBytes): Uint8Array {
  return 'base64' in recorded ? Buffer.from(recorded.base64, 'base64') : Buffer.from(recorded.text, 'utf8');
}

/** The model's header (text, or base64 marked) as a recorded one, and back. */
export function recordedHeader(header: EventHeader): RecordedHeader {
  return { key: header.key, value: header.encoding === 'base64' ? { base64: header.value } : { text: header.value } };
}

export function eventHeaderOf(header: RecordedHeader): EventHeader {
  return 'base64' in header.value ? { key: header.key, value: header.value.base64, encoding: 'base64' } : { key: header.key, value: header.value.text };
}

export function recordingHeader(source: RecordingSource, recordedAt = new Date()): RecordingHeader {
  return { eventFlowsRecording: RECORDING_VERSION, source, recordedAt: recordedAt.toISOString() };
}

/** One line of the file (with its line break); U+2028 / U+2029 escaped so no editor splits a line. */
export function recordingLine(value: RecordingHeader | RecordedMessage): string {
  return `${JSON.stringify(value).replace(/[\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`)}\n`;
}

export function writeRecording(recording: Recording): string {
  return recordingLine(recording.header) + recording.messages.map(recordingLine).join('');
}

/**
 * A reader for a format that came before this one (a kind's own lines without a first line): it says whether
 * a first line is its, and turns each line into a message or the reason it cannot.
 */
export interface EarlierRecordingFormat {
  source: RecordingSource;
  matches(firstLine: Record<string, unknown>): boolean;
  convert(line: Record<string, unknown>): RecordedMessage | string;
}

const earlierFormats: EarlierRecordingFormat[] = [];

/** A kind registers the format it wrote before, so its old files keep working. */
export function registerEarlierRecordingFormat(format: EarlierRecordingFormat): void {
  if (!earlierFormats.includes(format)) earlierFormats.push(format);
}

function bytesProblem(value: unknown, what: string, nullable: boolean): string | undefined {
  if (value === null) return nullable ? undefined : `${what} must not be null`;
  if (typeof value !== 'object' || Array.isArray(value)) return `${what} must be {"text": …}, {"base64": …}${nullable ? ' or null' : ''}`;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length === 1 && typeof v.text === 'string') return undefined;
  if (keys.length === 1 && typeof v.base64 === 'string') return /^[A-Za-z0-9+/]*={0,2}$/.test(v.base64) && v.base64.length % 4 === 0 ? undefined : `${what}: "base64" is not base64`;
  return `${what} must be {"text": …} or {"base64": …}${nullable ? ' or null' : ''}`;
}

/** One message line checked; the reason it is wrong otherwise. */
export function messageOf(line: Record<string, unknown>): RecordedMessage | string {
  const keyProblem = bytesProblem(line.key ?? null, '"key"', true);
  if (keyProblem) return keyProblem;
  const valueProblem = bytesProblem(line.value === undefined ? undefined : line.value, '"value"', true);
  if (valueProblem) return valueProblem;
  if (line.headers !== undefined && !Array.isArray(line.headers)) return '"headers" must be a list of {"key": text, "value": {"text"|"base64": …}}';
  const headers: RecordedHeader[] = [];
  for (const [index, header] of ((line.headers as unknown[] | undefined) ?? []).entries()) {
    const h = header as Record<string, unknown> | null;
    if (typeof h !== 'object' || h === null || typeof h.key !== 'string') return `headers[${index}] must have a text "key"`;
    const problem = bytesProblem(h.value, `headers[${index}].value`, false);
    if (problem) return problem;
    headers.push({ key: h.key, value: h.value as RecordedBytes });
  }
  if (line.timestamp !== undefined && (typeof line.timestamp !== 'string' || Number.isNaN(Date.parse(line.timestamp)))) return '"timestamp" must be an ISO 8601 time';
  const properties = line.properties;
  if (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties) || Object.values(properties).some((p) => !['string', 'number', 'boolean'].includes(typeof p)))) {
    return '"properties" must be an object of text, numbers and true/false';
  }
  const from = line.from;
  if (from !== undefined && (typeof from !== 'object' || from === null || Array.isArray(from))) return '"from" must be an object';
  return {
    key: (line.key ?? null) as RecordedBytes | null,
    headers,
    value: line.value as RecordedBytes | null,
    ...(typeof line.timestamp === 'string' ? { timestamp: line.timestamp } : {}),
    ...(properties === undefined ? {} : { properties: properties as Record<string, string | number | boolean> }),
    ...(from === undefined ? {} : { from: from as Record<string, string | number> }),
  };
}

function headerOf(value: Record<string, unknown>): RecordingHeader | string {
  if (value.eventFlowsRecording !== RECORDING_VERSION) return `this recording is format ${String(value.eventFlowsRecording)}; this version reads format ${RECORDING_VERSION}`;
  const source = value.source as Record<string, unknown> | undefined;
  if (typeof source !== 'object' || source === null || typeof source.kind !== 'string') return 'the first line must say its "source" with a "kind"';
  return {
    eventFlowsRecording: RECORDING_VERSION,
    source: { kind: source.kind, ...(typeof source.connection === 'string' ? { connection: source.connection } : {}), ...(typeof source.channel === 'string' ? { channel: source.channel } : {}) },
    recordedAt: typeof value.recordedAt === 'string' ? value.recordedAt : '',
  };
}

/**
 * Reads a recording (or a file of an earlier format a kind registered); each bad line is reported with its
 * number and left out. Never throws; a file it cannot read at all has no header and one problem.
 */
export function readRecording(text: string): { recording?: Recording; problems: RecordingLineProblem[] } {
  const problems: RecordingLineProblem[] = [];
  const lines: { line: number; value: Record<string, unknown> }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push({ line, message: 'a line must be a JSON object' });
      else lines.push({ line, value: value as Record<string, unknown> });
    } catch (error) {
      problems.push({ line, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  const first = lines[0];
  if (first === undefined) return { problems: problems.length > 0 ? problems : [{ line: 1, message: 'the file holds no recording' }] };
  let header: RecordingHeader;
  let convert: (line: Record<string, unknown>) => RecordedMessage | string = messageOf;
  let body = lines.slice(1);
  if ('eventFlowsRecording' in first.value) {
    const read = headerOf(first.value);
    if (typeof read === 'string') return { problems: [{ line: first.line, message: read }] };
    header = read;
  } else {
    const earlier = earlierFormats.find((format) => format.matches(first.value));
    if (!earlier) return { problems: [{ line: first.line, message: 'not a recording: the first line must be {"eventFlowsRecording": 1, "source": …}' }] };
    header = { eventFlowsRecording: RECORDING_VERSION, source: earlier.source, recordedAt: '' };
    convert = (line) => earlier.convert(line);
    body = lines;
  }
  const messages: RecordedMessage[] = [];
  for (const { line, value } of body) {
    const message = convert(value);
    if (typeof message === 'string') problems.push({ line, message });
    else messages.push(message);
  }
  problems.sort((a, b) => a.line - b.line);
  return { recording: { header, messages }, problems };
}
