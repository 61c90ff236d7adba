import type { EventMetadata, EventSource, FlowEvent, PayloadPreview } from '../core/envelope';
import type { JsonValue } from '../core/json';

/**
 * How a batch of events crosses into the sandbox worker. Parsing is what the worker spends a stream's
 * opening on, so the text is made short: each event is a row of values in a fixed order instead of an
 * object repeating its keys, and what every event of the batch shares (the aggregate, the source's file
 * or collection) is written once. Decoding gives back events equal to the ones encoded.
 */
type Row = [
  id: string,
  type: string,
  timestamp: string,
  data: JsonValue,
  aggregateId: string | null,
  aggregateType: string | null,
  version: number | null,
  metadata: EventMetadata,
  /** The source's values that differ within the batch, in `sourceKeys` order; the whole source when the shapes differ. */
  source: unknown[] | EventSource,
  payload: PayloadPreview | null,
];

interface EncodedBatch {
  aggregateId?: string;
  aggregateType?: string;
  /** Present when every source has the same keys: all of them in order, and the values every event shares. */
  sourceKeys?: string[];
  sourceShared?: Record<string, unknown>;
  rows: Row[];
}

export function encodeEventBatch(events: readonly FlowEvent[]): string {
  const batch: EncodedBatch = { rows: [] };
  const first = events[0];
  if (first === undefined) return JSON.stringify(batch);
  const aggregateId = sharedValue(events, (event) => event.aggregateId);
  const aggregateType = sharedValue(events, (event) => event.aggregateType);
  if (aggregateId !== undefined) batch.aggregateId = aggregateId;
  if (aggregateType !== undefined) batch.aggregateType = aggregateType;
  const sourceShape = commonSourceShape(events);
  if (sourceShape) {
    batch.sourceKeys = sourceShape.keys;
    batch.sourceShared = sourceShape.shared;
  }
  const varying = sourceShape?.varying;
  batch.rows = events.map((event): Row => {
    const source = event.source as unknown as Record<string, unknown>;
    return [
      event.id,
      event.type,
      event.timestamp,
      event.data,
      aggregateId !== undefined ? null : (event.aggregateId ?? null),
      aggregateType !== undefined ? null : (event.aggregateType ?? null),
      event.version ?? null,
      event.metadata,
      varying ? varying.map((key) => source[key]) : event.source,
      event.payload ?? null,
    ];
  });
  return JSON.stringify(batch);
}

export function decodeEventBatch(json: string): FlowEvent[] {
  const batch = JSON.parse(json) as EncodedBatch;
  const { rows, sourceShared, sourceKeys } = batch;
  const varying = sourceShared && sourceKeys ? sourceKeys.filter((key) => !Object.hasOwn(sourceShared, key)) : undefined;
  const events = new Array<FlowEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const event: FlowEvent = { id: row[0], type: row[1], timestamp: row[2], data: row[3], metadata: row[7], source: row[8] as EventSource };
    const aggregateId = batch.aggregateId ?? row[4];
    const aggregateType = batch.aggregateType ?? row[5];
    if (aggregateId !== null) event.aggregateId = aggregateId;
    if (aggregateType !== null) event.aggregateType = aggregateType;
    if (row[6] !== null) event.version = row[6];
    if (sourceShared && sourceKeys && varying) event.source = rebuildSource(sourceKeys, sourceShared, varying, row[8] as unknown[]);
    if (row[9] !== null) event.payload = row[9];
    events[i] = event;
  }
  return events;
}

/** The value every event has for `read`, or undefined when one differs or lacks it. */
function sharedValue(events: readonly FlowEvent[], read: (event: FlowEvent) => string | undefined): string | undefined {
  const value = read(events[0]);
  if (value === undefined) return undefined;
  for (let i = 1; i < events.length; i++) if (read(events[i]) !== value) return undefined;
  return value;
}

/** When every source has the same keys in the same order, all of primitive values: which values all share and which keys vary. */
function commonSourceShape(events: readonly FlowEvent[]): { keys: string[]; shared: Record<string, unknown>; varying: string[] } | undefined {
  const keys = Object.keys(events[0].source);
  const first = events[0].source as unknown as Record<string, unknown>;
  const varies = new Set<string>();
  for (const event of events) {
    const source = event.source as unknown as Record<string, unknown>;
    const own = Object.keys(source);
    // `__proto__` would set a prototype when rebuilt by assignment; such a source travels whole.
    if (own.length !== keys.length || own.some((key, i) => key !== keys[i] || key === '__proto__')) return undefined;
    for (const key of keys) {
      const value = source[key];
      if (value === undefined || (typeof value === 'object' && value !== null)) return undefined;
      if (value !== first[key]) varies.add(key);
    }
  }
  const shared: Record<string, unknown> = {};
  for (const key of keys) if (!varies.has(key)) shared[key] = first[key];
  return { keys, shared, varying: keys.filter((key) => varies.has(key)) };
}

/** The source with its keys in their original order. */
function rebuildSource(keys: readonly string[], shared: Record<string, unknown>, varying: readonly string[], values: readonly unknown[]): EventSource {
  const source: Record<string, unknown> = {};
  for (const key of keys) source[key] = Object.hasOwn(shared, key) ? shared[key] : values[varying.indexOf(key)];
  return source as unknown as EventSource;
}
