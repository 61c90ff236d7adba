import type { EventHeader } from '../../../core/envelope';

/** Which convention a dead letter's origin headers follow. */
export type DltStyle = 'spring' | 'connect' | 'custom';

/** Where a dead letter came from and why it died, as its headers say. */
export interface DltOrigin {
  style: DltStyle;
  topic: string;
  partition?: number;
  /** Decimal text: a 64-bit offset does not fit a number. */
  offset?: string;
  /** Milliseconds since the epoch, decimal text. */
  timestamp?: string;
  consumerGroup?: string;
  exceptionClass?: string;
  exceptionMessage?: string;
  stacktrace?: string;
}

/**
 * Spring Kafka's `DeadLetterPublishingRecoverer` names (partition, offset and timestamp are big-endian binary
 * numbers: 4 bytes for the partition, 8 for offset and timestamp).
 */
export const SPRING = {
  topic: 'kafka_dlt-original-topic',
  partition: 'kafka_dlt-original-partition',
  offset: 'kafka_dlt-original-offset',
  timestamp: 'kafka_dlt-original-timestamp',
  consumerGroup: 'kafka_dlt-original-consumer-group',
  exceptionClass: 'kafka_dlt-exception-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  stacktrace: 'kafka_dlt-exception-stacktrace',
} as const;

/** Kafka Connect's dead-letter queue context headers (all text). */
export const CONNECT = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  exceptionClass: '__connect.errors.exception.class.name',
  exceptionMessage: '__connect.errors.exception.message',
  stacktrace: '__connect.errors.exception.stacktrace',
} as const;

/** The header the re-publish adds and raises, so a message that keeps failing is caught instead of looping. */
export const REPUBLISH_COUNT_HEADER = 'x-eventflow-republish-count';

/** A header's bytes as the broker carried them (text headers were strict UTF-8, so encoding them back is exact). */
export function headerBytes(header: EventHeader): Buffer {
  return header.encoding === 'base64' ? Buffer.from(header.value, 'base64') : Buffer.from(header.value, 'utf8');
}

function last(headers: readonly EventHeader[], key: string): EventHeader | undefined {
  for (let i = headers.length - 1; i >= 0; i -= 1) if (headers[i].key === key) return headers[i];
  return undefined;
}

function text(headers: readonly EventHeader[], key: string): string | undefined {
  const header = last(headers, key);
  return header === undefined ? undefined : headerBytes(header).toString('utf8');
}

const DECIMAL = /^-?\d{1,20}$/;

/** A Spring number: 4 or 8 bytes big-endian; decimal text is accepted too (hand-made or older records). */
function springNumber(headers: readonly EventHeader[], key: string): bigint | undefined {
  const header = last(headers, key);
  if (header === undefined) return undefined;
  const bytes = headerBytes(header);
  if (bytes.length === 4) return BigInt(bytes.readInt32BE(0));
  if (bytes.length === 8) return bytes.readBigInt64BE(0);
  const asText = bytes.toString('utf8').trim();
  return DECIMAL.test(asText) ? BigInt(asText) : undefined;
}

function textNumber(headers: readonly EventHeader[], key: string): bigint | undefined {
  const value = text(headers, key)?.trim();
  return value !== undefined && DECIMAL.test(value) ? BigInt(value) : undefined;
}

function partitionOf(value: bigint | undefined): number | undefined {
  return value !== undefined && value >= 0n && value <= 0x7fffffffn ? Number(value) : undefined;
}

function nonNegative(value: bigint | undefined): string | undefined {
  return value !== undefined && value >= 0n ? value.toString() : undefined;
}

function withDefined(origin: DltOrigin, extra: Omit<Partial<DltOrigin>, 'style' | 'topic'>): DltOrigin {
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') (origin as unknown as Record<string, unknown>)[key] = value;
  return origin;
}

/**
 * Where a dead letter came from: Spring Kafka's headers first, then Kafka Connect's, then the header named
 * in settings (its value is the topic, nothing else is known). Undefined when none names a topic. Never throws.
 */
export function readDltOrigin(headers: readonly EventHeader[], customTopicHeader?: string): DltOrigin | undefined {
  const springTopic = text(headers, SPRING.topic);
  if (springTopic) {
    return withDefined({ style: 'spring', topic: springTopic }, {
      partition: partitionOf(springNumber(headers, SPRING.partition)),
      offset: nonNegative(springNumber(headers, SPRING.offset)),
      timestamp: nonNegative(springNumber(headers, SPRING.timestamp)),
      consumerGroup: text(headers, SPRING.consumerGroup),
      exceptionClass: text(headers, SPRING.exceptionClass),
      exceptionMessage: text(headers, SPRING.exceptionMessage),
      stacktrace: text(headers, SPRING.stacktrace),
    });
  }
  const connectTopic = text(headers, CONNECT.topic);
  if (connectTopic) {
    return withDefined({ style: 'connect', topic: connectTopic }, {
      partition: partitionOf(textNumber(headers, CONNECT.partition)),
      offset: nonNegative(textNumber(headers, CONNECT.offset)),
      exceptionClass: text(headers, CONNECT.exceptionClass),
      exceptionMessage: text(headers, CONNECT.exceptionMessage),
      stacktrace: text(headers, CONNECT.stacktrace),
    });
  }
  const customTopic = customTopicHeader ? text(headers, customTopicHeader) : undefined;
  return customTopic ? { style: 'custom', topic: customTopic } : undefined;
}

/** How many times a re-publish already sent this message back (0 when never, or when the header is not a count). */
export function republishCount(headers: readonly EventHeader[]): number {
  const value = text(headers, REPUBLISH_COUNT_HEADER)?.trim();
  if (value === undefined || !/^\d{1,9}$/.test(value)) return 0;
  return Number(value);
}

/** One line for a person: "from orders [2] @ 1041 · IllegalStateException: amount < 0". */
export function describeOrigin(origin: DltOrigin): string {
  const place = `from ${origin.topic}${origin.partition === undefined ? '' : ` [${origin.partition}]`}${origin.offset === undefined ? '' : ` @ ${origin.offset}`}`;
  const exception = origin.exceptionClass?.split('.').pop();
  const why = [exception, origin.exceptionMessage].filter((part) => part !== undefined && part !== '').join(': ');
  return why === '' ? place : `${place} · ${why}`;
}

/** The origin and error headers decoded, for a message document: name → readable value (numbers as decimal text). */
export function originLines(origin: DltOrigin): [string, string][] {
  const lines: [string, string][] = [['origin topic', origin.topic]];
  if (origin.partition !== undefined) lines.push(['origin partition', String(origin.partition)]);
  if (origin.offset !== undefined) lines.push(['origin offset', origin.offset]);
  if (origin.timestamp !== undefined) lines.push(['origin time', new Date(Number(origin.timestamp)).toISOString()]);
  if (origin.consumerGroup !== undefined) lines.push(['consumer group', origin.consumerGroup]);
  if (origin.exceptionClass !== undefined) lines.push(['exception', origin.exceptionClass]);
  if (origin.exceptionMessage !== undefined) lines.push(['message', origin.exceptionMessage]);
  if (origin.stacktrace !== undefined) lines.push(['stack trace', origin.stacktrace.split('\n').slice(0, 3).join(' | ')]);
  return lines;
}
