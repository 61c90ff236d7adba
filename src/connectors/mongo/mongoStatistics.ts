/**
 * Statistics of a MongoDB event store counted on the server: events per type and schema variants per type
 * in one `$group` (see `mongoVariantGroups.ts`), events per day with `$dateToString`, the largest aggregates
 * with a `$group` on the aggregate id. Where the server lacks an operator (FerretDB v1 has no `$min` / `$max`
 * and no date operators; grouping 10,000 aggregate ids takes it minutes), that part alone is counted by the
 * client from a projection of the few fields it needs, bounded by `maxEvents`, and the result's notes say so.
 */
import type { Document, Filter } from 'mongodb';
import { DEFAULT_STATISTICS_LIMITS, type EventStatistics, type SchemaVariant, type StatisticsLimits, type TypeStatistics } from '../../core/eventStatistics';
import { dayOf } from '../../core/schemaVariants';
import { DEFAULT_MAX_EVENTS, withSource, type StatisticsOptions, type StoreStatistics } from '../reads/statistics';
import { bsonToJson, idText, toVersion } from './bsonToJson';
import { cursorDocuments } from './mongoCursor';
import type { ListingContext } from './mongoListing';
import { timestampOf } from './mongoListing';
import { FEATURE_NAMES, type PipelineSupport } from './mongoPipelineSupport';
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

export interface MongoStatisticsContext extends ListingContext {
  support: PipelineSupport;
  /** The events the statistics cover (all, or one aggregate type). */
  filter: Filter<Document>;
  label: string;
  aggregateType?: string;
}

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

interface GroupedVariants extends MongoVariants {
  /** The key's paths below the data field. */
  paths: string[];
  /** Each listed variant by its type and JSON signature (`variantKey`). */
  bySignature: Map<string, SchemaVariant>;
}

function variantKey(type: string, signature: string): string {
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

async function groupVariants(context: MongoStatisticsContext, options: MongoVariantOptions): Promise<GroupedVariants> {
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

interface TimeFigures {
  days: { day: string; events: number }[];
  largestAggregates: { aggregateId: string; events: number }[];
  aggregates: EventStatistics['aggregates'];
  firstAt?: string;
  lastAt?: string;
  /** Per type: first and last time. */
  typeTimes: Map<string, { firstAt: string; lastAt: string }>;
  read: number;
  more: boolean;
}

/**
 * Events per day, the largest aggregates, and the first and last time of each type, from one bounded read
 * of the type, time and aggregate id of each event: what the server cannot group without date operators.
 */
async function clientTimeFigures(context: MongoStatisticsContext, grouped: GroupedVariants, limits: StatisticsLimits, maxEvents: number, options: StatisticsOptions): Promise<TimeFigures> {
  const { events, mapping, filter, timeoutMs } = context;
  // Without $min / $max the variants' first and last time and version come from this pass too.
  const timesOfVariants = !context.support.minMax;
  const projection: Document = { _id: 0, [mapping.timestamp]: 1, [mapping.aggregateId]: 1, [mapping.eventType]: 1 };
  if (timesOfVariants) {
    projection[mapping.version] = 1;
    projection[mapping.eventId ?? '_id'] = 1;
    projection._id = mapping.eventId === undefined ? 1 : 0;
    // Whole top-level fields: projecting `a` and `a.b` together is a path collision.
    for (const path of grouped.paths) projection[`${mapping.data}.${path.split('.')[0]}`] = 1;
  }
  const seenVariants = new Set<SchemaVariant>();
  const days = new Map<string, number>();
  const aggregates = new Map<string, number>();
  const typeTimes = new Map<string, { firstAt: string; lastAt: string }>();
  let exact = true;
  let withoutAggregate = 0;
  let firstAt: string | undefined;
  let lastAt: string | undefined;
  let read = 0;
  let more = false;
  const cursor = events.find(filter, { projection, batchSize: 5000 });
  await context.run(async () => {
    for await (const doc of cursorDocuments(cursor, { signal: options.signal, batchTimeoutMs: timeoutMs, subject: `the times of ${context.label}` })) {
      if (read >= maxEvents) {
        more = true;
        break;
      }
      read += 1;
      if (read % 10_000 === 0) options.onProgress?.(read);
      const timestamp = timestampOf(doc[mapping.timestamp]) ?? '';
      const day = dayOf(timestamp);
      const dayKey = days.has(day) || days.size < limits.maxDays ? day : 'other';
      days.set(dayKey, (days.get(dayKey) ?? 0) + 1);
      if (timestamp !== '' && (firstAt === undefined || timestamp < firstAt)) firstAt = timestamp;
      if (timestamp !== '' && (lastAt === undefined || timestamp > lastAt)) lastAt = timestamp;
      const type = doc[mapping.eventType] === null || doc[mapping.eventType] === undefined ? '(no type)' : idText(doc[mapping.eventType]);
      const times = typeTimes.get(type);
      if (times === undefined) {
        if (typeTimes.size < limits.maxTypes) typeTimes.set(type, { firstAt: timestamp, lastAt: timestamp });
      } else {
        if (timestamp < times.firstAt) times.firstAt = timestamp;
        if (timestamp > times.lastAt) times.lastAt = timestamp;
      }
      if (timesOfVariants) {
        const variant = grouped.bySignature.get(variantKey(type, jsonSignature(doc[mapping.data], grouped.paths)));
        if (variant !== undefined) observeVariantTime(variant, !seenVariants.has(variant), doc, mapping, timestamp);
        if (variant !== undefined) seenVariants.add(variant);
      }
      const aggregate: unknown = doc[mapping.aggregateId];
      if (aggregate === null || aggregate === undefined) withoutAggregate += 1;
      else {
        const id = idText(aggregate);
        const count = aggregates.get(id);
        if (count !== undefined) aggregates.set(id, count + 1);
        else if (aggregates.size < limits.maxAggregates) aggregates.set(id, 1);
        else exact = false;
      }
    }
  });
  const figures: TimeFigures = {
    days: [...days].map(([day, count]) => ({ day, events: count })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
    largestAggregates: [...aggregates]
      .map(([aggregateId, count]) => ({ aggregateId, events: count }))
      .sort((a, b) => b.events - a.events || (a.aggregateId < b.aggregateId ? -1 : 1))
      .slice(0, limits.largestAggregates),
    aggregates: { counted: aggregates.size, exact: exact && !more, eventsWithoutAggregate: withoutAggregate },
    typeTimes,
    read,
    more,
  };
  if (firstAt !== undefined) figures.firstAt = firstAt;
  if (lastAt !== undefined) figures.lastAt = lastAt;
  return figures;
}

/** Moves a variant's first and last time, version and examples by one event (the first event resets them). */
function observeVariantTime(variant: SchemaVariant, first: boolean, doc: Document, mapping: MongoStatisticsContext['mapping'], timestamp: string): void {
  const version = toVersion(doc[mapping.version]);
  if (first || timestamp < variant.firstAt) {
    variant.firstAt = timestamp;
    variant.example = exampleOf(doc, mapping).reference;
  }
  if (first || timestamp >= variant.lastAt) {
    variant.lastAt = timestamp;
    variant.latest = exampleOf(doc, mapping).reference;
  }
  if (version !== undefined) {
    if (first || variant.firstVersion === undefined || version < variant.firstVersion) variant.firstVersion = version;
    if (first || variant.lastVersion === undefined || version > variant.lastVersion) variant.lastVersion = version;
  }
}

/** The whole statistics: variants on the server, then the time figures (on the server where it can). */
export async function mongoStatistics(context: MongoStatisticsContext, options: StatisticsOptions = {}): Promise<StoreStatistics> {
  const limits = { ...DEFAULT_STATISTICS_LIMITS, ...options.limits };
  const maxEvents = Math.max(1, Math.floor(options.maxEvents ?? DEFAULT_MAX_EVENTS));
  const variants = await groupVariants(context, { limits, ...(options.signal ? { signal: options.signal } : {}) });
  options.onProgress?.(0);
  const time = await clientTimeFigures(context, variants, limits, maxEvents, options);
  const missing = [context.support.dateToString ? undefined : FEATURE_NAMES.dateToString, context.support.minMax ? undefined : FEATURE_NAMES.minMax].filter((name) => name !== undefined);
  const notes = [
    `Counted on the server: events per type and schema variants (${variants.events.toLocaleString('en-US')} events).`,
    ...variants.notes,
    `Counted by the client from the time, type and aggregate id${context.support.minMax ? '' : ', version and the key paths'} of ${time.more ? `the first ${time.read.toLocaleString('en-US')}` : `all ${time.read.toLocaleString('en-US')}`} events: events per day, the first and last time of each type, and the largest aggregates${
      missing.length > 0 ? ` (the server has no ${missing.join(', ')})` : ''
    }.`,
  ];
  for (const type of variants.types) {
    const times = time.typeTimes.get(type.type);
    if (times !== undefined) {
      type.firstAt = times.firstAt;
      type.lastAt = times.lastAt;
    }
  }
  const statistics: EventStatistics = {
    events: variants.events,
    types: variants.types,
    otherTypes: variants.otherTypes,
    days: time.days,
    largestAggregates: time.largestAggregates,
    aggregates: time.aggregates,
    cutPayloads: variants.cutPayloads,
    limits,
  };
  if (time.firstAt !== undefined) statistics.firstAt = time.firstAt;
  if (time.lastAt !== undefined) statistics.lastAt = time.lastAt;
  const sample = time.more
    ? { method: 'first' as const, read: time.read, total: variants.events, note: `all ${variants.events.toLocaleString('en-US')} events counted on the server; days and aggregates from the first ${time.read.toLocaleString('en-US')}` }
    : { method: 'all' as const, read: variants.events, total: variants.events, note: `all ${variants.events.toLocaleString('en-US')} events` };
  return { ...withSource(statistics, context.label, context.aggregateType, sample, 0), notes };
}
