import type { IdentityRules } from '../../core/identity';
import type { BrowsePage, BrowseRequest } from '../broker';
import { NOTHING_HAPPENED } from '../reads/readPlan';
import { headerCheck, inWindow, matchesSearch, type SourceSearchRequest, type SourceSearchResult } from '../reads/search';
import { loadKafkaDriver } from './driver';
import { FetchUnavailable, type FetchConnection } from './fetchConnection';
import { FetchCancelled, FetchTimedOut, readWithFetch, type Codecs } from './fetchRead';
import { compileHeaderBytesCheck } from './headerBytesCheck';
import { planTopicRead, type KafkaBrowseOptions } from './kafkaBrowse';
import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError, classifyKafkaError } from './kafkaErrors';
import { secretsOf } from './options';
import { newReadState, readFinished } from './partitionReader';
import { decodeHeaders, type RawRecord } from './records';

/** The most records one topic's search looks at; past it the result says it stopped short. */
export const SEARCH_MAX_SCAN = 5_000_000;

/** What the search needs of the broker: its bounded, filtered browse. */
export type BrowseWith = (request: BrowseRequest, options: KafkaBrowseOptions) => Promise<BrowsePage>;

export interface SearchReaders {
  context: KafkaContext;
  /** Fetches of our own, or undefined when this cluster or driver cannot take them: the consumer reads all. */
  fetcher: FetchConnection | undefined;
  /** The consumer's read (a throw-away group), for what the fetches cannot read. */
  browseWith: BrowseWith;
}

/**
 * One topic searched: every partition sought to the window's start by the broker's offset-for-time lookup
 * and stopped at the window's end (the same lookup). The partitions are read by Fetch requests of our own
 * (`fetchRead.ts`), no consumer group made: a batch older than the window is passed on its header, each
 * record is judged on its key and header bytes, and only records the headers cannot reject are decoded and
 * matched in full. A partition the fetches cannot read (an old message format, a codec kafkajs lacks, an
 * offset gone) is read on from where they stopped through a throw-away group, as every browse is.
 */
export async function searchTopic(readers: SearchReaders, request: SourceSearchRequest, identity: IdentityRules | undefined): Promise<SourceSearchResult> {
  if (readers.fetcher === undefined) return searchThroughConsumer(readers.browseWith, request, identity, { partitions: undefined, cursors: undefined });
  const { context, fetcher } = readers;
  const { predicate, window, source: topic, signal } = request;
  const timeoutMs = context.options.operationTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const { ranges, leaders } = await planTopicRead(context, { source: topic, start: window.from === undefined ? { from: 'beginning' } : { from: 'timestamp', timestamp: window.from }, limit: request.limit, signal }, window.to, fetcher);
  const state = newReadState(topic, ranges, {
    limit: Math.max(0, Math.floor(request.limit)),
    maxScan: SEARCH_MAX_SCAN,
    predicate: (event) => matchesSearch(event, predicate) && inWindow(event, window),
    decode: { identity: context.options.identity },
  });
  let handOver = new Map<number, string>();
  try {
    const codecs = (await loadKafkaDriver()).CompressionCodecs as Codecs;
    ({ handOver } = await readWithFetch(fetcher, state, { check: compileHeaderBytesCheck(predicate, identity), window, codecs, deadline, signal, leaders, onProgress: () => request.onProgress?.(state.scanned) }));
  } catch (error) {
    if (error instanceof FetchCancelled || signal?.aborted) throw new KafkaConnectorError('aborted', `Cancelled searching ${topic}.`);
    if (error instanceof FetchTimedOut) throw new KafkaConnectorError('timeout', `Searching ${topic} did not finish within ${(timeoutMs / 1000).toFixed(1)} s. Last error: ${error.message}`);
    if (!(error instanceof FetchUnavailable)) throw classifyKafkaError(error, context.label, secretsOf(context.options));
    for (const partition of state.next.keys()) handOver.set(partition, error.message);
  }
  const notes: string[] = [];
  let fetched = state.fetched;
  let temporaryGroups = 0;
  let complete = [...state.next].every(([p, next]) => next >= (state.end.get(p) ?? 0n));
  const rest = [...handOver.keys()].filter((p) => (state.next.get(p) ?? 0n) < (state.end.get(p) ?? 0n));
  if (rest.length > 0 && !readFinished(state)) {
    notes.push(`Partition(s) ${rest.join(', ')} read through a consumer: ${[...new Set(rest.map((p) => handOver.get(p)))].join('; ')}.`);
    const more = await searchThroughConsumer(readers.browseWith, { ...request, limit: state.limit - state.events.length }, identity, {
      partitions: rest,
      cursors: rest.map((partition) => ({ partition, next: String(state.next.get(partition)) })),
      maxScan: SEARCH_MAX_SCAN - state.scanned,
    });
    state.events.push(...more.events);
    fetched += more.scanned;
    temporaryGroups = more.outcome.temporaryGroups;
    complete = more.complete && [...state.next].every(([p, next]) => rest.includes(p) || next >= (state.end.get(p) ?? 0n));
    notes.push(...more.notes);
  } else if (state.fullAtBytes) {
    notes.push(`The result ends at ${state.events.length} matches: they hold ${(state.bytes / 1024 / 1024).toFixed(1)} MB, the most a result holds.`);
  }
  if (!complete && state.events.length < request.limit && !notes.some((n) => n.startsWith('Stopped after'))) {
    notes.push(`Stopped after ${SEARCH_MAX_SCAN.toLocaleString('en-US')} records without reaching the window's end.`);
  }
  return { source: topic, events: state.events, scanned: fetched, complete, outcome: { ...NOTHING_HAPPENED, temporaryGroups }, notes };
}

/** The search through kafkajs's consumer (a throw-away group), over every partition or from the given cursors. */
async function searchThroughConsumer(
  browseWith: BrowseWith,
  request: SourceSearchRequest,
  identity: IdentityRules | undefined,
  from: { partitions: number[] | undefined; cursors: { partition: number; next: string }[] | undefined; maxScan?: number },
): Promise<SourceSearchResult> {
  const { predicate, window } = request;
  let fetched = 0;
  const headersCheck = headerCheck(predicate, identity);
  const recordCheck = (record: RawRecord): 'reject' | 'decode' => {
    if (predicate.field === 'key') return record.key !== null && record.key.toString('utf8') === predicate.value ? 'decode' : 'reject';
    return headersCheck(decodeHeaders(record.headers));
  };
  const start = from.cursors !== undefined ? { from: 'cursors' as const, cursors: from.cursors } : window.from === undefined ? { from: 'beginning' as const } : { from: 'timestamp' as const, timestamp: window.from };
  const page = await browseWith(
    { source: request.source, start, limit: request.limit, signal: request.signal, ...(from.partitions === undefined ? {} : { partitions: from.partitions }) },
    {
      ...(window.to === undefined ? {} : { until: window.to }),
      recordCheck,
      predicate: (event) => matchesSearch(event, predicate) && inWindow(event, window),
      maxScan: from.maxScan ?? SEARCH_MAX_SCAN,
      onProgress: ({ scanned }) => request.onProgress?.(scanned),
      onCost: (cost) => (fetched = cost.fetched),
    },
  );
  const notes = page.problems.map((p) => p.message);
  if (!page.reachedEnd && page.events.length < request.limit) notes.push(`Stopped after ${SEARCH_MAX_SCAN.toLocaleString('en-US')} records without reaching the window's end.`);
  return { source: request.source, events: page.events, scanned: fetched, complete: page.reachedEnd, outcome: { ...NOTHING_HAPPENED, temporaryGroups: 1 }, notes };
}
