import type { FlowEvent } from '../../core/envelope';
import { recordedBytes, recordedHeader, recordingHeader, type RecordedMessage, type RecordingHeader } from '../recordings/recordingFormat';
import { KAFKA, isKafkaSource } from './kafkaSource';

/** The first line of a recording of `topic`. */
export function kafkaRecordingHeader(topic: string, connection?: string, recordedAt = new Date()): RecordingHeader {
  return recordingHeader({ kind: KAFKA, ...(connection ? { connection } : {}), channel: topic }, recordedAt);
}

/**
 * A record read with its bytes kept (`keepBytes`) as a recorded message: its key (none stays null), headers
 * in the order read, value bytes exactly (a tombstone's null stays null), timestamp and position.
 * Throws when the event does not hold the value's bytes: a recording never holds a re-encoded value.
 */
export function recordedRecord(event: FlowEvent): RecordedMessage {
  const source = event.source;
  if (!isKafkaSource(source)) throw new TypeError(`${event.id} is not a Kafka record`);
  let value: RecordedMessage['value'] = null;
  if (!source.tombstone) {
    const base64 = event.payload?.base64;
    if (base64 === undefined) throw new RangeError(`${source.topic} [${source.partition}] @ ${source.offset} was read without its bytes: read it with its bytes kept to record it`);
    value = recordedBytes(Buffer.from(base64, 'base64'));
  }
  const key: RecordedMessage['key'] = source.key === undefined ? null : source.keyEncoding === 'base64' ? recordedBytes(Buffer.from(source.key, 'base64')) : { text: source.key };
  return {
    key,
    headers: (event.metadata.headers ?? []).map(recordedHeader),
    value,
    timestamp: event.timestamp,
    from: { topic: source.topic, partition: source.partition, offset: source.offset },
  };
}
