/**
 * The messages between the extension and the statistics view (Show Event Statistics). The host keeps the
 * statistics (any source's, in the `StoreStatistics` shape); the page carries the summary (types, days,
 * largest aggregates, how the sample was taken) and the variants of the first type, and asks for one
 * type's variants at a time: a type may hold 50 variants of 512 field paths each. The page asks to open a
 * variant's example (or latest) event, named by its type's and its own place in the lists the host sent,
 * and to export the statistics as JSON or CSV. What it sends is checked with `parseStatisticsMessage`.
 * Event types, field paths and ids come from someone else's data: the page shows them as text.
 */
import * as v from 'valibot';
import { boundedString, indexSchema, parseMessage, readyMessageSchema, type ErrorMessage, type NoticeMessage, type ParsedMessage } from './common';

export const STATISTICS_FORMATS = ['json', 'csv'] as const;
export type StatisticsExportFormat = (typeof STATISTICS_FORMATS)[number];

/** Which event of a variant: the earliest with its shape or the latest. */
export const EXAMPLE_KINDS = ['example', 'latest'] as const;
export type ExampleKind = (typeof EXAMPLE_KINDS)[number];

/** One event type in the summary. */
export interface StatisticsTypeRow {
  /** Its place in the host's list: what the page sends back to name it. */
  index: number;
  type: string;
  events: number;
  /** Of the events the statistics are made of, 0…1. */
  share: number;
  firstAt: string;
  lastAt: string;
  variants: number;
  /** Events whose shape came after the variant limit, not listed. */
  eventsInUnlistedVariants: number;
}

export interface StatisticsView {
  /** The store (and aggregate type), topic or queue the statistics are of. */
  subject: string;
  /** How the events were chosen, in words. */
  sample: string;
  notes: string[];
  events: number;
  firstAt?: string;
  lastAt?: string;
  /** Stored events the read stepped over (damaged lines, …). */
  skipped: number;
  /** Events whose payload shape was cut by the path or depth limit. */
  cutPayloads: number;
  /** Most events first. */
  types: StatisticsTypeRow[];
  otherTypes: { events: number; types: number; typesAtLeast: boolean };
  /** Ascending UTC days (`unknown`, `other` as the statistics name them). */
  days: { day: string; events: number }[];
  largestAggregates: { aggregateId: string; events: number }[];
  /** Aggregates counted; `exact` false once the count limit was reached. */
  aggregates: { counted: number; exact: boolean };
  /** Why the figures are not (yet) there, after a reload: read again, not read, or gone; absent once read. */
  banner?: StatisticsBanner;
}

/** A line above the figures of a restored view, and whether it offers "Read Again". */
export interface StatisticsBanner {
  text: string;
  readAgain: boolean;
}

/** A field of a shape: its path and its JSON type (`data.items[].price`, `number`). */
export interface ShapeField {
  path: string;
  type: string;
}

/** Where an example event is, in words, and when it happened. */
export interface ExampleView {
  /** `Order-7 v3`, `event e-1`, `position 1,204`, `partition 2 · offset 1,234`, `#3 from the head, as peeked`. */
  label: string;
  timestamp: string;
}

export interface VariantRow {
  /** Its place in the type's list (most common first): what the page sends back to name it. */
  index: number;
  events: number;
  /** Of the type's events, 0…1. */
  share: number;
  fields: ShapeField[];
  /** Against the type's most common variant (absent on that one): fields it lacks, fields it adds. */
  missing?: ShapeField[];
  added?: ShapeField[];
  firstAt: string;
  lastAt: string;
  firstVersion?: number;
  lastVersion?: number;
  example: ExampleView;
  latest: ExampleView;
  /** Why its shape is not whole (`paths`, `depth`). */
  cut?: string[];
}

export interface TypeDetail {
  index: number;
  type: string;
  events: number;
  variants: VariantRow[];
  eventsInUnlistedVariants: number;
}

export type StatisticsToWebview = { type: 'view'; view: StatisticsView } | { type: 'typeDetail'; detail: TypeDetail } | ErrorMessage | NoticeMessage;

export const statisticsMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('showType'), typeIndex: indexSchema() }),
  v.strictObject({ type: v.literal('openExample'), typeIndex: indexSchema(), variantIndex: indexSchema(), which: v.picklist(EXAMPLE_KINDS) }),
  v.strictObject({ type: v.literal('export'), format: v.picklist(STATISTICS_FORMATS) }),
  // The page's selected type comes along, so the new figures open on it.
  v.strictObject({ type: v.literal('readAgain'), typeIndex: indexSchema() }),
]);

export type StatisticsToHost = v.InferOutput<typeof statisticsMessageSchema>;

export function parseStatisticsMessage(raw: unknown): ParsedMessage<StatisticsToHost> {
  return parseMessage(statisticsMessageSchema, raw);
}

/** What the page carries, so it draws the summary and the first type's variants before the host answers. */
export interface StatisticsFirstView {
  view: StatisticsView;
  detail?: TypeDetail;
  /** What the statistics were read from: the page keeps it, so the view comes back after a reload. */
  origin?: StatisticsOrigin;
}

/** A store (or one aggregate type of it), or a topic or queue of a broker, named by its connection's stable id. */
export type StatisticsOrigin =
  | { kind: 'store'; connectionId: string; label: string; aggregateType?: string }
  | { kind: 'source'; connectionId: string; label: string; source: string };

/**
 * What the page keeps with `setState` and VS Code hands the panel serializer after a window reload: the
 * source and the type shown. The figures are not kept: the host reads them again when that changes nothing.
 */
export interface StatisticsState {
  typeIndex: number;
  origin?: StatisticsOrigin;
}

/** Ids, labels and names a saved state may carry are bounded: the page is untrusted. */
const MAX_SAVED_NAME = 2_000;

const statisticsStateSchema = v.object({
  typeIndex: indexSchema(),
  origin: v.optional(
    v.variant('kind', [
      v.strictObject({ kind: v.literal('store'), connectionId: boundedString(MAX_SAVED_NAME), label: boundedString(MAX_SAVED_NAME), aggregateType: v.optional(boundedString(MAX_SAVED_NAME)) }),
      v.strictObject({ kind: v.literal('source'), connectionId: boundedString(MAX_SAVED_NAME), label: boundedString(MAX_SAVED_NAME), source: boundedString(MAX_SAVED_NAME) }),
    ]),
  ),
});

/** Checks a restored page's state; undefined when it is missing or not one of ours. */
export function parseStatisticsState(raw: unknown): StatisticsState | undefined {
  const result = v.safeParse(statisticsStateSchema, raw);
  return result.success ? result.output : undefined;
}
