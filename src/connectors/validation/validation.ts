/**
 * Checks on what callers hand to append and writeSnapshot, shared by every event store and done before
 * anything is locked or sent, so that bad input fails with a message naming the offending value and
 * nothing is written.
 */
import type { EventMetadata, NewEvent } from '../../core/envelope';
import type { Snapshot } from '../eventStore';
import { assertJsonValue } from './jsonCheck';

export function validateAppend(aggregateId: string, aggregateType: string, events: NewEvent[], expectedVersion: number): void {
  if (typeof aggregateId !== 'string' || aggregateId === '') throw new TypeError('An aggregate id must be a non-empty string.');
  if (typeof aggregateType !== 'string' || aggregateType === '') throw new TypeError('An aggregate type must be a non-empty string.');
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`The expected version must be a whole number of 0 or more (0 for a new aggregate), not ${String(expectedVersion)}.`);
  }
  if (!Array.isArray(events) || events.length === 0) throw new RangeError(`Nothing to append to ${aggregateId}: no events were given.`);
  events.forEach((event, i) => {
    const what = `event ${i + 1} of ${events.length} for ${aggregateId}`;
    if (typeof event.type !== 'string' || event.type === '') throw new TypeError(`Cannot store ${what}: its type must be a non-empty string.`);
    if (event.id !== undefined && typeof event.id !== 'string') throw new TypeError(`Cannot store ${what}: its id must be a string.`);
    if (event.timestamp !== undefined && typeof event.timestamp !== 'string') throw new TypeError(`Cannot store ${what}: its timestamp must be an ISO string.`);
    assertJsonValue(event.data, 'data', `${what} (${event.type})`);
    if (event.metadata !== undefined) validateMetadata(event.metadata, `${what} (${event.type})`);
  });
}

export function validateSnapshot(snapshot: Snapshot): void {
  if (typeof snapshot.aggregateId !== 'string' || snapshot.aggregateId === '') throw new TypeError('A snapshot needs a non-empty aggregate id.');
  if (!Number.isSafeInteger(snapshot.version) || snapshot.version < 0) throw new RangeError(`A snapshot version must be a whole number of 0 or more, not ${String(snapshot.version)}.`);
  if (typeof snapshot.takenAt !== 'string') throw new TypeError('A snapshot needs takenAt as an ISO string.');
  assertJsonValue(snapshot.state, 'state', `the snapshot of ${snapshot.aggregateId} at version ${snapshot.version}`);
}

function validateMetadata(metadata: EventMetadata, what: string): void {
  assertJsonValue(metadata, 'metadata', what);
  const fail = (field: string, expectation: string): never => {
    throw new TypeError(`Cannot store ${what}: metadata.${field} must be ${expectation}.`);
  };
  if (metadata.correlationId !== undefined && typeof metadata.correlationId !== 'string') fail('correlationId', 'a string');
  if (metadata.causationId !== undefined && typeof metadata.causationId !== 'string') fail('causationId', 'a string');
  if (metadata.schemaVersion !== undefined && typeof metadata.schemaVersion !== 'number') fail('schemaVersion', 'a number');
  if (metadata.headers !== undefined) {
    if (!Array.isArray(metadata.headers)) fail('headers', 'a list of { key, value } headers');
    metadata.headers.forEach((header, i) => {
      if (typeof header.key !== 'string') fail(`headers[${i}].key`, 'a string');
      if (typeof header.value !== 'string') fail(`headers[${i}].value`, 'a string');
      if (header.encoding !== undefined && header.encoding !== 'base64') fail(`headers[${i}].encoding`, '"base64" or absent');
    });
  }
}
