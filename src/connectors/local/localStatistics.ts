/**
 * Statistics of the Local store read straight from its file: one sequential pass over the indexed bytes
 * with the line scanner's reused buffer (no event objects built), each line parsed once and handed to the
 * variant finder. That costs about what a plain scan that parses every line costs, far less than reading
 * every event through `readAll`, whose positioned reads follow aggregates across the file.
 *
 * The index knows how many events there are, so a store above `maxEvents` is sampled evenly: every n-th
 * line is parsed, the others are only stepped over. The largest aggregates come from the index, exact
 * whatever the sample.
 */
import { fromExtendedJson, mayHoldExtendedJson } from '../../core/extendedJson';
import type { JsonValue } from '../../core/json';
import { SchemaVariantFinder } from '../../core/schemaVariants';
import { DEFAULT_MAX_EVENTS, withSource, type StatisticsOptions, type StatisticsSample, type StoreStatistics } from '../reads/statistics';
import type { AggregateIndex } from './aggregateIndex';
import { scanLineRanges } from './lineScanner';

interface StoredLine {
  aggregate_id?: unknown;
  aggregate_type?: unknown;
  event_id?: unknown;
  event_type?: unknown;
  version?: unknown;
  timestamp?: unknown;
  data?: JsonValue;
}

const DOLLAR = 0x24;

/** Progress is told every this many lines, so a callback costs nothing per line. */
const PROGRESS_EVERY = 65_536;

export async function scanLocalStatistics(
  file: string,
  indexedEnd: number,
  aggregates: AggregateIndex,
  options: StatisticsOptions = {},
): Promise<StoreStatistics> {
  const { aggregateType, signal } = options;
  const maxEvents = Math.max(1, Math.floor(options.maxEvents ?? DEFAULT_MAX_EVENTS));
  const entries = aggregates.entries();
  let total = 0;
  let allEvents = 0;
  for (const entry of entries) {
    allEvents += entry.offsets.length;
    if (aggregateType === undefined || entry.type === aggregateType) total += entry.offsets.length;
  }
  // Lines of other types are stepped over by the same stride, so a type's share of the sample is its share of the file.
  const every = total > maxEvents ? Math.ceil(allEvents / maxEvents) : 1;
  // The index counts every aggregate's events exactly: the finder need not.
  const finder = new SchemaVariantFinder({ ...options.limits, countAggregates: false });
  let line = 0;
  // Where the next `$` is in the scanner's current buffer (-1: none after the last search), so that only lines
  // holding one are checked for Extended JSON; a new chunk (buffer or its file offset changed) searches again.
  let chunk: Buffer | undefined;
  let chunkOffset = -1;
  let nextDollar = -1;
  let read = 0;
  let skipped = 0;
  await scanLineRanges(
    file,
    0,
    indexedEnd,
    (buffer, start, end, offset) => {
      line += 1;
      if (every > 1 && (line - 1) % every !== 0) return;
      if (end === start) return;
      if (options.onProgress !== undefined && line % PROGRESS_EVERY === 0) options.onProgress(read);
      if (buffer !== chunk || offset - start !== chunkOffset) {
        chunk = buffer;
        chunkOffset = offset - start;
        nextDollar = buffer.indexOf(DOLLAR, start);
      } else if (nextDollar !== -1 && nextDollar < start) nextDollar = buffer.indexOf(DOLLAR, start);
      const text = buffer.toString('utf8', start, end);
      let record: StoredLine;
      try {
        const parsed = JSON.parse(text) as JsonValue;
        record = (nextDollar !== -1 && nextDollar < end && mayHoldExtendedJson(text) ? fromExtendedJson(parsed) : parsed) as StoredLine;
      } catch {
        skipped += 1;
        return;
      }
      if (record === null || typeof record !== 'object') {
        skipped += 1;
        return;
      }
      const { aggregate_id: aggregateId, event_type: type, version, timestamp } = record;
      if (typeof aggregateId !== 'string' || typeof type !== 'string' || typeof version !== 'number' || typeof timestamp !== 'string') {
        skipped += 1;
        return;
      }
      if (aggregateType !== undefined) {
        const lineType = typeof record.aggregate_type === 'string' ? record.aggregate_type : aggregates.typeOf(aggregateId);
        if (lineType !== aggregateType) return;
      }
      const eventId = typeof record.event_id === 'string' ? record.event_id : undefined;
      finder.observe(type, record.data, timestamp, aggregateId, version, eventId, line);
      read += 1;
    },
    signal,
  );
  const statistics = finder.result();
  const limit = finder.limits.largestAggregates;
  const ofType = aggregateType === undefined ? entries : entries.filter((entry) => entry.type === aggregateType);
  statistics.aggregates = { counted: ofType.length, exact: true, eventsWithoutAggregate: 0 };
  statistics.largestAggregates = ofType
    .map((entry) => ({ aggregateId: entry.id, events: entry.offsets.length }))
    .sort((a, b) => b.events - a.events || (a.aggregateId < b.aggregateId ? -1 : a.aggregateId > b.aggregateId ? 1 : 0))
    .slice(0, limit);
  const sample: StatisticsSample =
    every === 1
      ? { method: 'all', read, total, note: `all ${read.toLocaleString('en-US')} events` }
      : {
          method: 'every-nth',
          read,
          total,
          every,
          note: `a sample of ${read.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events (one line in ${every}); the largest aggregates are exact`,
        };
  return withSource(statistics, file, aggregateType, sample, skipped);
}
