import type { OutgoingMessage } from '../broker';
import { bytesOf, eventHeaderOf, type Recording } from './recordingFormat';

export interface RecordingToPublish {
  messages: OutgoingMessage[];
  /** What the recording holds that the target does not receive, in words (empty when everything maps). */
  notCarried: string[];
}

/**
 * A recording as messages for a broker of `targetKind`. The key is the record key or the routing key (text
 * stays a string, bytes stay bytes, no key stays none); headers keep their order and repeats (a broker that
 * holds one value per name keeps the last); the value's bytes are sent as recorded, a null value as no value.
 * Properties belong to the kind that recorded them and go only to that kind; positions and timestamps are the
 * target broker's to give.
 */
export function messagesToPublish(recording: Recording, targetKind: string): RecordingToPublish {
  const sameKind = recording.header.source.kind === targetKind;
  const messages = recording.messages.map((recorded): OutgoingMessage => {
    const headers = recorded.headers.map(eventHeaderOf);
    const key = recorded.key === null ? undefined : 'text' in recorded.key ? recorded.key.text : bytesOf(recorded.key);
    return {
      ...(key === undefined ? {} : { key }),
      ...(headers.length > 0 ? { headers } : {}),
      ...(sameKind && recorded.properties && Object.keys(recorded.properties).length > 0 ? { properties: recorded.properties } : {}),
      body: recorded.value === null ? null : bytesOf(recorded.value),
    };
  });
  const notCarried: string[] = [];
  const withProperties = recording.messages.filter((m) => m.properties && Object.keys(m.properties).length > 0).length;
  if (!sameKind && withProperties > 0) {
    notCarried.push(`the ${recording.header.source.kind} properties of ${withProperties} message(s) (${[...new Set(recording.messages.flatMap((m) => Object.keys(m.properties ?? {})))].join(', ')}): a ${targetKind} message has no place for them`);
  }
  const stamped = recording.messages.filter((m) => m.timestamp !== undefined).length;
  if (stamped > 0) notCarried.push(`the recorded timestamps: the broker stamps each message when it receives it`);
  if (recording.messages.some((m) => m.from !== undefined)) notCarried.push(`where each message was read (${[...new Set(recording.messages.flatMap((m) => Object.keys(m.from ?? {})))].join(', ')}): the target places them itself`);
  return { messages, notCarried };
}

/** What to say before publishing: how many messages, with keys, headers and null values. */
export function recordingCounts(recording: Recording): string {
  const messages = recording.messages;
  const keyed = messages.filter((m) => m.key !== null).length;
  const headers = messages.reduce((sum, m) => sum + m.headers.length, 0);
  const nulls = messages.filter((m) => m.value === null).length;
  return `${messages.length} message(s): ${keyed} with a key, ${headers} header(s)${nulls > 0 ? `, ${nulls} with no value (null)` : ''}`;
}
