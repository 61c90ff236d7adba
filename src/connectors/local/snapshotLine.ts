/** One snapshot as one NDJSON line in snapshots.ndjson, snake_case like the event lines. */
import type { JsonValue } from '../../core/json';
import { isJsonObject } from '../../core/json';
import type { Snapshot } from '../eventStore';
import type { DecodedLine } from './eventLine';
import { parseJsonLine } from './eventLine';

export function encodeSnapshotLine(snapshot: Snapshot): string {
  const stored: Record<string, JsonValue> = { aggregate_id: snapshot.aggregateId };
  if (snapshot.aggregateType !== undefined) stored.aggregate_type = snapshot.aggregateType;
  stored.version = snapshot.version;
  stored.state = snapshot.state;
  stored.taken_at = snapshot.takenAt;
  return JSON.stringify(stored);
}

export function decodeSnapshotLine(text: string): DecodedLine<Snapshot> {
  const parsed = parseJsonLine(text);
  if (!parsed.ok) return parsed;
  const record = parsed.value;
  if (!isJsonObject(record)) return { ok: false, reason: 'not a JSON object' };
  const { aggregate_id: aggregateId, aggregate_type: aggregateType, version, taken_at: takenAt } = record;
  if (typeof aggregateId !== 'string' || aggregateId === '') return { ok: false, reason: 'field "aggregate_id" must be a non-empty string' };
  if (aggregateType !== undefined && typeof aggregateType !== 'string') return { ok: false, reason: 'field "aggregate_type" must be a string when present' };
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return { ok: false, reason: 'field "version" must be a non-negative integer' };
  if (typeof takenAt !== 'string') return { ok: false, reason: 'field "taken_at" must be a string' };
  if (!('state' in record)) return { ok: false, reason: 'field "state" must be present' };
  const snapshot: Snapshot = { aggregateId, version, state: record.state, takenAt };
  if (aggregateType !== undefined) snapshot.aggregateType = aggregateType;
  return { ok: true, value: snapshot };
}
