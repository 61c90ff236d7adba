/**
 * Schema variants of a MongoDB event store grouped on the server: the field paths a bounded sample of
 * payloads shows (the first documents in the server's order) become one `$group` key of the event type
 * and the BSON `$type` of each path ("missing" where absent), so the server counts every event per
 * (type, shape) and returns a few rows, not the collection. Each group's full shape (array items too) is then
 * read from one example document of it (from the sample, else the first the server finds); groups with
 * the same JSON types (an `int` and a `double` are both numbers) are one variant.
 *
 * A field that none of the sampled payloads has is not part of the key: events that differ only by it fall
 * into the group of the rest. The result says how many paths the key had and from how many documents.
 */
import type { Collection, Document, Filter } from 'mongodb';
import type { EventReference, SchemaVariant } from '../../core/eventStatistics';
import { shapeOf, type ShapeCut, type ShapeLimits } from '../../core/payloadShape';
import { bsonToJson, idText, toVersion } from './bsonToJson';
import type { FieldMapping } from './fieldMapping';
import { timestampOf } from './mongoListing';

/** Documents read (the first in the server's order) to learn which paths the key groups on. */
export const DEFAULT_PATH_SAMPLE = 1000;
/** Paths in the `$group` key at most: each costs the server a `$type` per event. */
export const MAX_KEY_PATHS = 64;
/** Levels of the payload the key's paths reach; deeper fields are seen in the examples only. */
const MAX_KEY_DEPTH = 6;
const PLAIN_SEGMENT = /^[A-Za-z_][\w-]*$/;

export interface VariantGroup {
  type: string;
  /** BSON type names per key path, in the order of `paths`. */
  types: string[];
  events: number;
  firstAt?: string;
  lastAt?: string;
  firstVersion?: number;
  lastVersion?: number;
}

export interface KeyPaths {
  /** Dotted paths below the data field, e.g. `customer.id`. */
  paths: string[];
  /** True when more paths were seen than MAX_KEY_PATHS. */
  cut: boolean;
  documents: number;
}

/** The dotted paths of objects (not array items) in the sampled payloads, sorted, at most MAX_KEY_PATHS. */
export function keyPathsOf(payloads: readonly unknown[]): KeyPaths {
  const seen = new Set<string>();
  let cut = false;
  const walk = (value: unknown, prefix: string, depth: number): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || depth >= MAX_KEY_DEPTH) return;
    for (const [key, child] of Object.entries(value)) {
      if (!PLAIN_SEGMENT.test(key)) continue;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (!seen.has(path)) {
        if (seen.size >= MAX_KEY_PATHS) {
          cut = true;
          return;
        }
        seen.add(path);
      }
      walk(child, path, depth + 1);
    }
  };
  for (const payload of payloads) walk(payload, '', 0);
  return { paths: [...seen].sort(), cut, documents: payloads.length };
}

/** The `$group` stage: the event type and the `$type` of each key path; `$min` / `$max` when the server has them. */
export function variantGroupStage(mapping: FieldMapping, paths: readonly string[], minMax: boolean): Document {
  const key: Document = { t: `$${mapping.eventType}` };
  paths.forEach((path, i) => {
    key[`p${i}`] = { $type: `$${mapping.data}.${path}` };
  });
  const stage: Document = { _id: key, n: { $sum: 1 } };
  if (minMax) {
    stage.firstAt = { $min: `$${mapping.timestamp}` };
    stage.lastAt = { $max: `$${mapping.timestamp}` };
    stage.firstVersion = { $min: `$${mapping.version}` };
    stage.lastVersion = { $max: `$${mapping.version}` };
  }
  return { $group: stage };
}

export function variantGroupOf(row: Document, paths: readonly string[]): VariantGroup {
  const key = (row._id ?? {}) as Document;
  const group: VariantGroup = { type: typeName(key.t), types: paths.map((_, i) => String(key[`p${i}`] ?? 'missing')), events: Number(row.n ?? 0) };
  const firstAt = timestampOf(row.firstAt);
  const lastAt = timestampOf(row.lastAt);
  const firstVersion = toVersion(row.firstVersion);
  const lastVersion = toVersion(row.lastVersion);
  if (firstAt !== undefined) group.firstAt = firstAt;
  if (lastAt !== undefined) group.lastAt = lastAt;
  if (firstVersion !== undefined) group.firstVersion = firstVersion;
  if (lastVersion !== undefined) group.lastVersion = lastVersion;
  return group;
}

function typeName(value: unknown): string {
  return value === null || value === undefined ? '(no type)' : idText(value);
}

/** A filter for the documents of one group: the type, and per key path its BSON type or its absence. */
export function groupFilter(mapping: FieldMapping, paths: readonly string[], group: VariantGroup, base: Filter<Document>): Filter<Document> {
  const filter: Document = { ...base, [mapping.eventType]: group.type === '(no type)' ? null : group.type };
  paths.forEach((path, i) => {
    const type = group.types[i];
    filter[`${mapping.data}.${path}`] = type === 'missing' ? { $exists: false } : { $type: type };
  });
  return filter;
}

export interface GroupExample {
  document: Document;
  reference: EventReference;
  timestamp: string;
  version?: number;
}

export function exampleOf(document: Document, mapping: FieldMapping): GroupExample {
  const timestamp = timestampOf(document[mapping.timestamp]) ?? '';
  const version = toVersion(document[mapping.version]);
  const reference: EventReference = { timestamp };
  const eventId: unknown = document[mapping.eventId ?? '_id'] ?? document._id;
  if (eventId !== undefined && eventId !== null) reference.eventId = idText(eventId);
  const aggregateId: unknown = document[mapping.aggregateId];
  if (aggregateId !== undefined && aggregateId !== null) reference.aggregateId = idText(aggregateId);
  if (version !== undefined) reference.version = version;
  const example: GroupExample = { document, reference, timestamp };
  if (version !== undefined) example.version = version;
  return example;
}

/** The JSON shape of a group: its example's, or (no example found) the key's own paths and types. */
export function groupShape(mapping: FieldMapping, paths: readonly string[], group: VariantGroup, example: Document | undefined, limits: ShapeLimits): { key: string; fields: string[]; cut: ShapeCut[] } {
  if (example !== undefined) return shapeOf(bsonToJson(example[mapping.data]), limits);
  const fields = ['data: object'];
  paths.forEach((path, i) => {
    const type = group.types[i];
    if (type !== 'missing') fields.push(`data.${path}: ${jsonTypeOfBson(type)}`);
  });
  fields.sort();
  return { key: fields.join('\n'), fields, cut: [] };
}

/** The JSON type a BSON type name becomes in `bsonToJson`. */
export function jsonTypeOfBson(type: string): string {
  switch (type) {
    case 'double':
    case 'int':
    case 'long':
    case 'decimal':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'null':
    case 'undefined':
      return 'null';
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    default:
      return 'string';
  }
}

/** Groups with one JSON shape merged into one variant (most events first); `missing` / `added` set by the caller. */
export function mergeVariant(into: SchemaVariant | undefined, group: VariantGroup, shape: { fields: string[]; cut: ShapeCut[] }, example: GroupExample | undefined, latest: GroupExample | undefined): SchemaVariant {
  const firstAt = group.firstAt ?? example?.timestamp ?? '';
  const lastAt = group.lastAt ?? latest?.timestamp ?? firstAt;
  const firstVersion = group.firstVersion ?? example?.version;
  const lastVersion = group.lastVersion ?? latest?.version;
  const exampleRef = example?.reference ?? { timestamp: firstAt };
  const latestRef = latest?.reference ?? exampleRef;
  if (into === undefined) {
    const variant: SchemaVariant = { fields: shape.fields, events: group.events, firstAt, lastAt, example: exampleRef, latest: latestRef };
    if (firstVersion !== undefined) variant.firstVersion = firstVersion;
    if (lastVersion !== undefined) variant.lastVersion = lastVersion;
    if (shape.cut.length > 0) variant.cut = shape.cut;
    return variant;
  }
  into.events += group.events;
  if (firstAt !== '' && (into.firstAt === '' || firstAt < into.firstAt)) {
    into.firstAt = firstAt;
    into.example = exampleRef;
  }
  if (lastAt > into.lastAt) {
    into.lastAt = lastAt;
    into.latest = latestRef;
  }
  if (firstVersion !== undefined && (into.firstVersion === undefined || firstVersion < into.firstVersion)) into.firstVersion = firstVersion;
  if (lastVersion !== undefined && (into.lastVersion === undefined || lastVersion > into.lastVersion)) into.lastVersion = lastVersion;
  return into;
}

/**
 * The first `count` documents in the server's own order: no sort, so the server stops after them (FerretDB
 * sorts a whole collection in memory for any sort, `_id` included: minutes at 100,000 documents).
 */
export async function sampleDocuments(events: Collection, filter: Filter<Document>, count: number, timeoutMs: number): Promise<Document[]> {
  return events.find(filter, { limit: count, maxTimeMS: timeoutMs }).toArray();
}

/** The JSON type of each key path in a document (`missing` where absent): groups with one signature are one variant. */
export function jsonSignature(data: unknown, paths: readonly string[]): string {
  return paths.map((path) => jsonTypeAt(data, path)).join(',');
}

/** A group's signature in JSON types: an `int` and a `double` group are one. */
export function groupSignature(group: VariantGroup): string {
  return group.types.map((type) => (type === 'missing' ? type : jsonTypeOfBson(type))).join(',');
}

function jsonTypeAt(data: unknown, path: string): string {
  let value: unknown = data;
  for (const segment of path.split('.')) {
    // Through an array the server's `$type` sees the array of the items' values.
    if (Array.isArray(value)) return 'array';
    if (typeof value !== 'object' || value === null || !(segment in value)) return 'missing';
    value = (value as Record<string, unknown>)[segment];
  }
  if (value === undefined) return 'missing';
  if (value instanceof Date) return 'string';
  const bsontype = typeof value === 'object' && value !== null ? (value as { _bsontype?: string })._bsontype : undefined;
  if (bsontype !== undefined) return ['Int32', 'Double', 'Long', 'Decimal128'].includes(bsontype) ? 'number' : 'string';
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value === 'bigint' ? 'number' : typeof value;
}
