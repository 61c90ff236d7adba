/**
 * Statistics of a store (or one aggregate type of it): events per type and per day, the largest aggregates
 * and the schema variants of each type (`core/schemaVariants.ts`), read in one bounded pass. A big store is
 * sampled, and the result says how: every event, every n-th event, or the first events in the order the
 * store reads them. A store that can do better than reading every event through `readAll` (the Local file
 * scanned in place) offers `statistics`; any other `EventStore` is read through `readAll`.
 */
import type { EventStatistics, StatisticsLimits } from '../../core/eventStatistics';
import type { ProducerStatistics } from '../../core/producers';
import { SchemaVariantFinder } from '../../core/schemaVariants';
import type { EventStore } from '../eventStore';

/** Events read at most by default: a 1,000,000-event store is read whole, a bigger one sampled. */
export const DEFAULT_MAX_EVENTS = 1_000_000;

export interface StatisticsOptions {
  /** Only aggregates of this type (as listAggregateTypes names them). */
  aggregateType?: string;
  /** Events read at most; past it the source is sampled (default DEFAULT_MAX_EVENTS). */
  maxEvents?: number;
  limits?: Partial<StatisticsLimits>;
  signal?: AbortSignal;
  /** Events read so far. */
  onProgress?: (eventsRead: number) => void;
}

export interface StatisticsSample {
  /**
   * `all`: every event; `every-nth`: one event in `every`, spread over the source; `first`: the first `read`
   * events only (a queue's head); `newest`: the newest `read` messages of a log or stream.
   */
  method: 'all' | 'every-nth' | 'first' | 'newest';
  /** Events the statistics are made of. */
  read: number;
  /** Events in the source (of the type asked for), when known. */
  total?: number;
  every?: number;
  /** The sample in words, for the view and the export. */
  note: string;
}

export interface StoreStatistics extends EventStatistics {
  source: string;
  aggregateType?: string;
  sample: StatisticsSample;
  /** Stored events the read stepped over (damaged lines, documents that map to no event). */
  skipped: number;
  /** How the figures were counted where that is not one plain pass (on the server, with what fallback). */
  notes?: string[];
  /** Who sent the messages, where they say it (a topic or a queue; see `core/producers.ts`). */
  producers?: ProducerStatistics;
}

export interface StatisticsReadable {
  statistics(options?: StatisticsOptions): Promise<StoreStatistics>;
}

export function hasOwnStatistics(value: object): value is StatisticsReadable {
  return typeof (value as Partial<StatisticsReadable>).statistics === 'function';
}

/** The store's own statistics when it has them, else one bounded pass through `readAll`. */
export function readStoreStatistics(store: EventStore, options: StatisticsOptions = {}): Promise<StoreStatistics> {
  return hasOwnStatistics(store) ? store.statistics(options) : scanStoreStatistics(store, options);
}

/**
 * Reads events in `readAll`'s (aggregate id, version) order until `maxEvents`; the store's size is not
 * known ahead, so a bigger store gives the statistics of its first aggregates and says so.
 */
export async function scanStoreStatistics(store: EventStore, options: StatisticsOptions = {}): Promise<StoreStatistics> {
  const maxEvents = Math.max(1, Math.floor(options.maxEvents ?? DEFAULT_MAX_EVENTS));
  const finder = new SchemaVariantFinder(options.limits);
  let read = 0;
  let skipped = 0;
  let more = false;
  const reads = store.readAll({
    ...(options.aggregateType !== undefined ? { aggregateType: options.aggregateType } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProblem: () => {
      skipped += 1;
    },
  });
  outer: for await (const batch of reads) {
    for (const event of batch) {
      if (read >= maxEvents) {
        more = true;
        break outer;
      }
      finder.observeEvent(event);
      read += 1;
    }
    options.onProgress?.(read);
  }
  const sample: StatisticsSample = more
    ? { method: 'first', read, note: `the first ${read.toLocaleString('en-US')} events by aggregate id and version; the store holds more` }
    : { method: 'all', read, total: read, note: `all ${read.toLocaleString('en-US')} events` };
  return withSource(finder.result(), store.label, options.aggregateType, sample, skipped);
}

export function withSource(statistics: EventStatistics, source: string, aggregateType: string | undefined, sample: StatisticsSample, skipped: number): StoreStatistics {
  return { source, ...(aggregateType !== undefined ? { aggregateType } : {}), sample, skipped, ...statistics };
}
