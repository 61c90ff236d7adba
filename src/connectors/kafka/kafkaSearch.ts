import type { IdentityRules } from '../../core/identity';
import type { BrowsePage, BrowseRequest } from '../broker';
import { NOTHING_HAPPENED } from '../reads/readPlan';
import { headerCheck, inWindow, matchesSearch, type SourceSearchRequest, type SourceSearchResult } from '../reads/search';
import type { KafkaBrowseOptions } from './kafkaBrowse';
import { decodeHeaders, type RawRecord } from './records';

/** The most records one topic's search looks at; past it the result says it stopped short. */
export const SEARCH_MAX_SCAN = 5_000_000;

/** What the search needs of the broker: its bounded, filtered browse. */
export type BrowseWith = (request: BrowseRequest, options: KafkaBrowseOptions) => Promise<BrowsePage>;

/**
 * One topic searched: every partition sought to the window's start by the broker's offset-for-time lookup
 * and stopped at the window's end (the same lookup), each record judged on its key and headers before its
 * value is decoded; only records the headers cannot decide are decoded and matched in full.
 */
export async function searchTopic(browseWith: BrowseWith, request: SourceSearchRequest, identity: IdentityRules | undefined): Promise<SourceSearchResult> {
  const { predicate, window } = request;
  let fetched = 0;
  const headersCheck = headerCheck(predicate, identity);
  const recordCheck = (record: RawRecord): 'reject' | 'decode' => {
    if (predicate.field === 'key') return record.key !== null && record.key.toString('utf8') === predicate.value ? 'decode' : 'reject';
    return headersCheck(decodeHeaders(record.headers));
  };
  const page = await browseWith(
    { source: request.source, start: window.from === undefined ? { from: 'beginning' } : { from: 'timestamp', timestamp: window.from }, limit: request.limit, signal: request.signal },
    {
      ...(window.to === undefined ? {} : { until: window.to }),
      recordCheck,
      predicate: (event) => matchesSearch(event, predicate) && inWindow(event, window),
      maxScan: SEARCH_MAX_SCAN,
      onProgress: ({ scanned }) => request.onProgress?.(scanned),
      onCost: (cost) => (fetched = cost.fetched),
    },
  );
  const notes = page.problems.map((p) => p.message);
  if (!page.reachedEnd && page.events.length < request.limit) notes.push(`Stopped after ${SEARCH_MAX_SCAN.toLocaleString('en-US')} records without reaching the window's end.`);
  return { source: request.source, events: page.events, scanned: fetched, complete: page.reachedEnd, outcome: { ...NOTHING_HAPPENED, temporaryGroups: 1 }, notes };
}
