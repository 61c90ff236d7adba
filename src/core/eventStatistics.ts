/** What a statistics pass returns, and the limits that bound it (see `SchemaVariantFinder`). */
import type { MessagePlace } from './messagePlace';
import type { ShapeCut, ShapeLimits } from './payloadShape';

export interface StatisticsLimits extends ShapeLimits {
  maxTypes: number;
  maxVariantsPerType: number;
  maxAggregates: number;
  maxDays: number;
  /** How many of the largest aggregates the result lists. */
  largestAggregates: number;
  /** False when the caller knows the aggregates' sizes already (the Local index): saves a map lookup per event. */
  countAggregates: boolean;
}

export const DEFAULT_STATISTICS_LIMITS: StatisticsLimits = {
  maxPaths: 512,
  maxDepth: 32,
  maxTypes: 1000,
  maxVariantsPerType: 50,
  maxAggregates: 1_000_000,
  maxDays: 3660,
  largestAggregates: 20,
  countAggregates: true,
};

/** Where an example event is: enough for a UI to open it (its aggregate at a version, or a position in the source). */
export interface EventReference {
  eventId?: string;
  aggregateId?: string;
  version?: number;
  /** The source's own position (a Local store's line number, an offset) when the caller gave one. */
  position?: number;
  /** A broker's message: its partition and offset, its stream offset, or its place in a queue as peeked. */
  place?: MessagePlace;
  timestamp: string;
}

export interface SchemaVariant {
  /** Sorted `path: type` entries, e.g. `data.items[].price: number`. */
  fields: string[];
  events: number;
  firstAt: string;
  lastAt: string;
  firstVersion?: number;
  lastVersion?: number;
  /** The earliest and the latest event with this shape. */
  example: EventReference;
  latest: EventReference;
  /** Set when payloads of this shape were cut by `maxPaths` or `maxDepth`. */
  cut?: ShapeCut[];
  /** Compared with the type's most common variant (absent on that one): entries it lacks and entries it adds. */
  missing?: string[];
  added?: string[];
}

export interface TypeStatistics {
  type: string;
  events: number;
  firstAt: string;
  lastAt: string;
  /** Most common first. */
  variants: SchemaVariant[];
  /** Events whose shape was new after `maxVariantsPerType` variants were already kept. */
  eventsInUnlistedVariants: number;
}

export interface EventStatistics {
  events: number;
  firstAt?: string;
  lastAt?: string;
  /** Most events first; at most `maxTypes`. */
  types: TypeStatistics[];
  /** Types first seen once `maxTypes` were kept, summed. */
  otherTypes: { events: number; types: number; typesAtLeast: boolean };
  /** Ascending; `unknown` for timestamps that do not parse, `other` past `maxDays`. */
  days: { day: string; events: number }[];
  /** Most events first. */
  largestAggregates: { aggregateId: string; events: number }[];
  aggregates: { counted: number; exact: boolean; eventsWithoutAggregate: number };
  /** Events whose payload shape was cut by `maxPaths` or `maxDepth`. */
  cutPayloads: number;
  limits: StatisticsLimits;
}
