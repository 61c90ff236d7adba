/**
 * Statistics of a MongoDB event store counted on the server: events per type and schema variants per type
 * in one `$group` (see `mongoVariantGroups.ts`), events per day with `$dateToString`, the largest aggregates
 * with a `$group` on the aggregate id. Where the server lacks an operator (FerretDB v1 has no `$min` / `$max`
 * and no date operators; grouping 10,000 aggregate ids takes it minutes), that part alone is counted by the
 * client from a projection of the few fields it needs, bounded by `maxEvents`, and the result's notes say so.
 */
import type { Document } from 'mongodb';
import { DEFAULT_STATISTICS_LIMITS, type EventStatistics, type SchemaVariant, type StatisticsLimits } from '../../core/eventStatistics';
import { dayOf } from '../../core/schemaVariants';
import { DEFAULT_MAX_EVENTS, withSource, type StatisticsOptions, type StoreStatistics } from '../reads/statistics';
import { idText, toVersion } from './bsonToJson';
import { cursorDocuments } from './mongoCursor';
import { timestampOf } from './mongoListing';
import { FEATURE_NAMES } from './mongoPipelineSupport';
import { groupVariants, variantKey, type GroupedVariants } from './mongoSchemaVariants';
import type { MongoStatisticsContext } from './mongoStatisticsContext';
import { exampleOf, jsonSignature } from './mongoVariantGroups';

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
