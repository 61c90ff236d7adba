/** What the server-side statistics of a MongoDB event store read: the events they cover, and what the server can group. */
import type { Document, Filter } from 'mongodb';
import { escapeRegex } from './aggregateTypes';
import { NO_TYPE, type ListingContext } from './mongoListing';
import type { PipelineSupport } from './mongoPipelineSupport';

export interface MongoStatisticsContext extends ListingContext {
  support: PipelineSupport;
  /** The events the statistics cover (all, or one aggregate type). */
  filter: Filter<Document>;
  label: string;
  aggregateType?: string;
}

/**
 * The filter on the events of one aggregate type (all events without one), or undefined where the type is
 * known only from each aggregate's first event, which the server cannot filter on.
 */
export function aggregateTypeFilter(listing: ListingContext, aggregateType: string | undefined): Filter<Document> | undefined {
  const { mapping } = listing;
  if (aggregateType === undefined) return {};
  if (listing.typeSource === 'field' && mapping.aggregateType) return { [mapping.aggregateType]: aggregateType === NO_TYPE ? null : aggregateType };
  if (listing.typeSource === 'idPrefix') return { [mapping.aggregateId]: { $regex: `^${escapeRegex(aggregateType)}[-_:]` } };
  return undefined;
}
