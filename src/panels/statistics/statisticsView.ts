/**
 * Statistics (any source's, in the `StoreStatistics` shape) as the statistics view shows them: the summary
 * of every type, one type's variants with their fields split into path and type and their drift against
 * the type's most common variant, and the reference of the event a variant's example names.
 */
import type { EventReference } from '../../core/eventStatistics';
import { describeMessagePlace } from '../../core/messagePlace';
import type { StoreStatistics } from '../../connectors/reads/statistics';
import type { ExampleKind, ExampleView, ShapeField, StatisticsView, TypeDetail, VariantRow } from '../../protocol/statistics';

/** What the view names the statistics by: the source, and the aggregate type when they are of one. */
export function statisticsSubject(statistics: StoreStatistics): string {
  return statistics.aggregateType === undefined ? statistics.source : `${statistics.aggregateType} in ${statistics.source}`;
}

export function statisticsViewOf(statistics: StoreStatistics): StatisticsView {
  const view: StatisticsView = {
    subject: statisticsSubject(statistics),
    sample: statistics.sample.note,
    notes: [...(statistics.notes ?? [])],
    events: statistics.events,
    skipped: statistics.skipped,
    cutPayloads: statistics.cutPayloads,
    types: statistics.types.map((type, index) => ({
      index,
      type: type.type,
      events: type.events,
      share: shareOf(type.events, statistics.events),
      firstAt: type.firstAt,
      lastAt: type.lastAt,
      variants: type.variants.length,
      eventsInUnlistedVariants: type.eventsInUnlistedVariants,
    })),
    otherTypes: { ...statistics.otherTypes },
    days: statistics.days.map((day) => ({ ...day })),
    largestAggregates: statistics.largestAggregates.map((aggregate) => ({ ...aggregate })),
    aggregates: { counted: statistics.aggregates.counted, exact: statistics.aggregates.exact },
  };
  if (statistics.firstAt !== undefined) view.firstAt = statistics.firstAt;
  if (statistics.lastAt !== undefined) view.lastAt = statistics.lastAt;
  return view;
}

/** One type's variants, most common first; undefined for a place the statistics do not have. */
export function typeDetailOf(statistics: StoreStatistics, typeIndex: number): TypeDetail | undefined {
  const type = statistics.types[typeIndex];
  if (type === undefined) return undefined;
  return {
    index: typeIndex,
    type: type.type,
    events: type.events,
    eventsInUnlistedVariants: type.eventsInUnlistedVariants,
    variants: type.variants.map((variant, index) => {
      const row: VariantRow = {
        index,
        events: variant.events,
        share: shareOf(variant.events, type.events),
        fields: variant.fields.map(shapeField),
        firstAt: variant.firstAt,
        lastAt: variant.lastAt,
        example: exampleView(variant.example),
        latest: exampleView(variant.latest),
      };
      if (variant.missing !== undefined) row.missing = variant.missing.map(shapeField);
      if (variant.added !== undefined) row.added = variant.added.map(shapeField);
      if (variant.firstVersion !== undefined) row.firstVersion = variant.firstVersion;
      if (variant.lastVersion !== undefined) row.lastVersion = variant.lastVersion;
      if (variant.cut !== undefined) row.cut = [...variant.cut];
      return row;
    }),
  };
}

/** The event a variant's example (or latest) names, with its type; undefined for a place the statistics do not have. */
export function exampleReference(statistics: StoreStatistics, typeIndex: number, variantIndex: number, which: ExampleKind): { type: string; reference: EventReference } | undefined {
  const type = statistics.types[typeIndex];
  const variant = type?.variants[variantIndex];
  if (type === undefined || variant === undefined) return undefined;
  return { type: type.type, reference: which === 'example' ? variant.example : variant.latest };
}

/**
 * `data.items[].price: number` → path and type. A key holding ": " is written quoted in brackets, and no
 * type name holds one, so the last ": " is the separator.
 */
export function shapeField(entry: string): ShapeField {
  const at = entry.lastIndexOf(': ');
  return at < 0 ? { path: entry, type: '' } : { path: entry.slice(0, at), type: entry.slice(at + 2) };
}

/**
 * `Order-7 v3`, `event e-1`, `position 1,204`, `partition 2 · offset 1,234`, `#3 from the head, as peeked`:
 * what the page shows on the button that opens it. A broker's message is named by where it is, which is
 * how it is found again (its key or id is no address).
 */
export function exampleLabel(reference: EventReference): string {
  if (reference.place !== undefined) return describeMessagePlace(reference.place);
  if (reference.aggregateId !== undefined) return reference.version === undefined ? reference.aggregateId : `${reference.aggregateId} v${reference.version}`;
  if (reference.eventId !== undefined) return `event ${reference.eventId}`;
  if (reference.position !== undefined) return `position ${reference.position.toLocaleString('en-US')}`;
  return reference.timestamp;
}

function exampleView(reference: EventReference): ExampleView {
  return { label: exampleLabel(reference), timestamp: reference.timestamp };
}

function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
