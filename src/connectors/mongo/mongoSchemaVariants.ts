/**
 * Events per type and the schema variants of each, grouped on the server: a sample of the first documents
 * (and of the types they show little of) gives the key's field paths, one `$group` by event type and the
 * BSON type of those paths counts the variants (see `mongoVariantGroups.ts`), and each variant gets an
 * example from the sample or, bounded, from one query of its own.
 */
import type { Document } from 'mongodb';
import { DEFAULT_STATISTICS_LIMITS, type EventStatistics, type SchemaVariant, type StatisticsLimits, type TypeStatistics } from '../../core/eventStatistics';
import { bsonToJson, idText } from './bsonToJson';
import { FEATURE_NAMES } from './mongoPipelineSupport';
import type { MongoStatisticsContext } from './mongoStatisticsContext';
import {
  DEFAULT_PATH_SAMPLE,
  exampleOf,
  groupFilter,
  groupShape,
  groupSignature,
  jsonSignature,
  keyPathsOf,
  mergeVariant,
  sampleDocuments,
  variantGroupOf,
  variantGroupStage,
  type VariantGroup,
} from './mongoVariantGroups';

export interface MongoVariantOptions {
  limits?: Partial<StatisticsLimits>;
  /** The first documents read to learn the key's paths (default DEFAULT_PATH_SAMPLE). */
  pathSample?: number;
  signal?: AbortSignal;
}

export interface MongoVariants {
  events: number;
  types: TypeStatistics[];
  otherTypes: EventStatistics['otherTypes'];
  cutPayloads: number;
  notes: string[];
}

export interface GroupedVariants extends MongoVariants {
  /** The key's paths below the data field. */
  paths: string[];
  /** Each listed variant by its type and JSON signature (`variantKey`). */
  bySignature: Map<string, SchemaVariant>;
}

export function variantKey(type: string, signature: string): string {
  return `${type}\n${signature}`;
}

interface MergedGroup extends VariantGroup {
  signature: string;
}

/** Events per type and the schema variants of each, grouped on the server. */
export async function mongoSchemaVariants(context: MongoStatisticsContext, options: MongoVariantOptions = {}): Promise<MongoVariants> {
  const { paths: _paths, bySignature: _bySignature, ...variants } = await groupVariants(context, options);
  return variants;
}

export async function groupVariants(context: MongoStatisticsContext, options: MongoVariantOptions): Promise<GroupedVariants> {
  const limits = { ...DEFAULT_STATISTICS_LIMITS, ...options.limits };
  const { events, mapping, filter, support, timeoutMs } = context;
  const notes: string[] = [];
  const sample = await context.run(() => sampleDocuments(events, filter, options.pathSample ?? DEFAULT_PATH_SAMPLE, timeoutMs));
  let key = keyPathsOf(sample.map((doc) => bsonToJson(doc[mapping.data])));
  let rows = await groupRows(context, key.paths);
  // A type the first documents show little of gets a sample of its own; new paths mean one more $group.
  const inSample = new Map<string, number>();
  for (const doc of sample) inSample.set(typeText(doc[mapping.eventType]), (inSample.get(typeText(doc[mapping.eventType])) ?? 0) + 1);
  const totals = new Map<string, number>();
  for (const row of rows) {
    const type = typeText((row._id as Document | undefined)?.t);
    totals.set(type, (totals.get(type) ?? 0) + Number(row.n ?? 0));
  }
  const thin = [...totals]
    .filter(([type, events]) => (inSample.get(type) ?? 0) < Math.min(TYPE_SAMPLE, events))
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_TYPES_SAMPLED);
  for (const [type] of thin) {
    options.signal?.throwIfAborted();
    const typeFilter = { ...filter, [mapping.eventType]: type === '(no type)' ? null : type };
    sample.push(...(await context.run(() => sampleDocuments(events, typeFilter, TYPE_SAMPLE, timeoutMs))));
  }
  const wider = keyPathsOf(sample.map((doc) => bsonToJson(doc[mapping.data])));
  const rounds = wider.paths.join('\n') === key.paths.join('\n') ? 1 : 2;
  if (rounds === 2) {
    key = wider;
    rows = await groupRows(context, key.paths);
  }
  notes.push(
    `Schema variants grouped on the server by event type and the BSON type of ${key.paths.length} field paths seen in ${key.documents.toLocaleString('en-US')} sampled documents (the first ones, and the first ${TYPE_SAMPLE} of ${thin.length} types they showed little of)${
      key.cut ? ', cut at that many paths' : ''
    }; a field none of those has does not split a variant. ${rounds === 2 ? 'Grouped twice: the types sampled apart had paths the first grouping lacked.' : ''}`.trim(),
  );
  const byType = new Map<string, Map<string, MergedGroup>>();
  for (const row of rows) {
    const group = variantGroupOf(row, key.paths);
    const signature = groupSignature(group);
    const groups = byType.get(group.type) ?? new Map<string, MergedGroup>();
    byType.set(group.type, groups);
    const known = groups.get(signature);
    if (known === undefined) groups.set(signature, { ...group, signature });
    else mergeGroup(known, group);
  }
  if (!support.minMax) {
    notes.push(`The server has no ${FEATURE_NAMES.minMax}: the first and last time and version of a variant are counted by the client (below), or else are those of its first and last example in the first documents.`);
  }
  // The first and last sampled document of each (type, signature): examples without another query.
  const sampled = new Map<string, [Document, Document]>();
  for (const doc of sample) {
    const id = variantKey(typeText(doc[mapping.eventType]), jsonSignature(doc[mapping.data], key.paths));
    const seen = sampled.get(id);
    if (seen === undefined) sampled.set(id, [doc, doc]);
    else seen[1] = doc;
  }
  const ranked = [...byType].map(([type, groups]) => ({ type, groups: [...groups.values()], events: [...groups.values()].reduce((sum, group) => sum + group.events, 0) }));
  ranked.sort((a, b) => b.events - a.events || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const kept = ranked.slice(0, limits.maxTypes);
  const rest = ranked.slice(limits.maxTypes);
  const types: TypeStatistics[] = [];
  const bySignature = new Map<string, SchemaVariant>();
  let cutPayloads = 0;
  let queries = 0;
  let withoutExample = 0;
  for (const { type, groups, events: typeEvents } of kept) {
    options.signal?.throwIfAborted();
    groups.sort((a, b) => b.events - a.events);
    const variants = new Map<string, SchemaVariant>();
    let unlisted = 0;
    for (const group of groups) {
      const inSample = sampled.get(variantKey(type, group.signature));
      let found = inSample;
      if (found === undefined && queries < MAX_EXAMPLE_QUERIES) {
        queries += 1;
        found = await firstOfGroup(context, key.paths, group);
      } else if (found === undefined) withoutExample += 1;
      const example = found === undefined ? undefined : exampleOf(found[0], mapping);
      const latest = found === undefined ? undefined : exampleOf(found[1], mapping);
      const shape = groupShape(mapping, key.paths, group, found?.[0], limits);
      const known = variants.get(shape.key);
      if (known === undefined && variants.size >= limits.maxVariantsPerType) {
        unlisted += group.events;
        continue;
      }
      const variant = mergeVariant(known, group, shape, example, latest);
      variants.set(shape.key, variant);
      bySignature.set(variantKey(type, group.signature), variant);
      if (shape.cut.length > 0) cutPayloads += group.events;
    }
    types.push(typeStatistics(type, typeEvents, [...variants.values()], unlisted));
  }
  if (withoutExample > 0) {
    notes.push(`${withoutExample.toLocaleString('en-US')} variants the sample did not show are listed with the key's paths only, without an example: ${MAX_EXAMPLE_QUERIES} were asked for one already.`);
  }
  const total = ranked.reduce((sum, entry) => sum + entry.events, 0);
  const otherEvents = rest.reduce((sum, entry) => sum + entry.events, 0);
  return { events: total, types, otherTypes: { events: otherEvents, types: rest.length, typesAtLeast: false }, cutPayloads, notes, paths: key.paths, bySignature };
}

/** Types sampled apart at most (the largest first), and documents read of each. */
const MAX_TYPES_SAMPLED = 20;
/** Variants the sample did not show that are each asked for an example at most: each is a query (a scan on FerretDB). */
const MAX_EXAMPLE_QUERIES = 100;
const TYPE_SAMPLE = 200;

function groupRows(context: MongoStatisticsContext, paths: readonly string[]): Promise<Document[]> {
  const { events, mapping, filter, support, timeoutMs } = context;
  const pipeline: Document[] = [{ $match: filter }, variantGroupStage(mapping, paths, support.minMax)];
  return context.run(() => events.aggregate(pipeline, { maxTimeMS: timeoutMs, allowDiskUse: true }).toArray());
}

function mergeGroup(into: VariantGroup, group: VariantGroup): void {
  into.events += group.events;
  if (group.firstAt !== undefined && (into.firstAt === undefined || group.firstAt < into.firstAt)) into.firstAt = group.firstAt;
  if (group.lastAt !== undefined && (into.lastAt === undefined || group.lastAt > into.lastAt)) into.lastAt = group.lastAt;
  if (group.firstVersion !== undefined && (into.firstVersion === undefined || group.firstVersion < into.firstVersion)) into.firstVersion = group.firstVersion;
  if (group.lastVersion !== undefined && (into.lastVersion === undefined || group.lastVersion > into.lastVersion)) into.lastVersion = group.lastVersion;
}

/** A group the sample did not show: the first document of it the server finds (no sort: see `sampleDocuments`). */
async function firstOfGroup(context: MongoStatisticsContext, paths: readonly string[], group: VariantGroup): Promise<[Document, Document] | undefined> {
  const { events, mapping, timeoutMs } = context;
  const doc = await context.run(() => events.findOne(groupFilter(mapping, paths, group, context.filter), { maxTimeMS: timeoutMs }));
  return doc === null ? undefined : [doc, doc];
}

function typeText(value: unknown): string {
  return value === null || value === undefined ? '(no type)' : idText(value);
}

function typeStatistics(type: string, events: number, variants: SchemaVariant[], unlisted: number): TypeStatistics {
  variants.sort((a, b) => b.events - a.events || (a.firstAt < b.firstAt ? -1 : 1));
  const main = variants[0];
  if (main !== undefined) {
    const mainFields = new Set(main.fields);
    for (const variant of variants.slice(1)) {
      const own = new Set(variant.fields);
      variant.missing = main.fields.filter((field) => !own.has(field));
      variant.added = variant.fields.filter((field) => !mainFields.has(field));
    }
  }
  const firstAt = variants.reduce((first, variant) => (first === '' || (variant.firstAt !== '' && variant.firstAt < first) ? variant.firstAt : first), '');
  const lastAt = variants.reduce((last, variant) => (variant.lastAt > last ? variant.lastAt : last), '');
  return { type, events, firstAt, lastAt, variants, eventsInUnlistedVariants: unlisted };
}
