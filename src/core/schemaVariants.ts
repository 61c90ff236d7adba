/**
 * Statistics of a stream of events, in one bounded pass: events per type and per day (UTC), the largest
 * aggregates, and per event type the distinct payload shapes seen (schema variants) with how many events
 * had each, the first and last time and version each was seen, and an example event of each — so a user
 * spots drift (an `OrderCreated` that lost `currency` last Tuesday) and opens an example in one click.
 *
 * Memory is bounded by the limits, whatever the input: `maxTypes` types (the rest summed as "other"),
 * `maxVariantsPerType` shapes per type (the rest counted), `maxPaths` / `maxDepth` per payload (a cut shape
 * says so), `maxDays` days, and `maxAggregates` aggregates counted exactly (a `Map` of id → count: about
 * 100 bytes an aggregate, ~100 MB at the default 1,000,000; aggregates first seen past that are not
 * counted, and the result says the ranking is then incomplete).
 */
import type { FlowEvent } from './envelope';
import { DEFAULT_STATISTICS_LIMITS, type EventReference, type EventStatistics, type SchemaVariant, type StatisticsLimits, type TypeStatistics } from './eventStatistics';
import type { MessagePlace } from './messagePlace';
import { ShapeFingerprint, shapeOf, type ShapeCut } from './payloadShape';

interface CachedShape {
  tokens: Int32Array;
  variant: VariantRecord | undefined;
  next: CachedShape | undefined;
}

/** The fields of one event reference, overwritten in place: a scan in time order moves `latest` on every event. */
class ReferenceSlot {
  constructor(
    public timestamp: string,
    public aggregateId: string | undefined,
    public version: number | undefined,
    public eventId: string | undefined,
    public position: number | undefined,
    public place: MessagePlace | undefined,
  ) {}

  set(timestamp: string, aggregateId?: string, version?: number, eventId?: string, position?: number, place?: MessagePlace): void {
    this.timestamp = timestamp;
    this.aggregateId = aggregateId;
    this.version = version;
    this.eventId = eventId;
    this.position = position;
    this.place = place;
  }

  toReference(): EventReference {
    return reference(this.timestamp, this.aggregateId, this.version, this.eventId, this.position, this.place);
  }
}

class VariantRecord {
  events = 0;
  firstVersion: number | undefined = undefined;
  lastVersion: number | undefined = undefined;
  readonly example: ReferenceSlot;
  readonly latest: ReferenceSlot;
  constructor(
    readonly fields: string[],
    readonly cut: ShapeCut[],
    timestamp: string,
    aggregateId?: string,
    version?: number,
    eventId?: string,
    position?: number,
    place?: MessagePlace,
  ) {
    this.example = new ReferenceSlot(timestamp, aggregateId, version, eventId, position, place);
    this.latest = new ReferenceSlot(timestamp, aggregateId, version, eventId, position, place);
  }
}

class TypeRecord {
  events = 0;
  firstAt = '';
  lastAt = '';
  readonly variants = new Map<string, VariantRecord>();
  readonly cache = new Map<number, CachedShape>();
  cacheSize = 0;
  eventsInUnlistedVariants = 0;
  constructor(readonly type: string) {}
}

/** Fingerprints cached per type; past this, new structures of that type take the slow way every time. */
const MAX_CACHED_SHAPES_PER_TYPE = 1024;

export class SchemaVariantFinder {
  readonly limits: StatisticsLimits;
  private readonly fingerprint: ShapeFingerprint;
  private readonly types = new Map<string, TypeRecord>();
  private readonly otherTypeNames = new Set<string>();
  private otherTypeEvents = 0;
  private readonly days = new Map<string, { events: number }>();
  private lastDayPrefix = '';
  private lastDay: { events: number } | undefined;
  private readonly aggregates = new Map<string, { events: number }>();
  private aggregatesExact = true;
  private eventsWithoutAggregate = 0;
  private cutPayloads = 0;
  private events = 0;
  private firstAt: string | undefined;
  private lastAt: string | undefined;

  constructor(limits: Partial<StatisticsLimits> = {}) {
    this.limits = { ...DEFAULT_STATISTICS_LIMITS, ...limits };
    this.fingerprint = new ShapeFingerprint(this.limits.maxDepth);
  }

  /** `place`: where a broker's message is, for its references (a store's events have `position` instead). */
  observeEvent(event: FlowEvent, position?: number, place?: MessagePlace): void {
    this.observe(event.type, event.data, event.timestamp, event.aggregateId, event.version, event.id, position, place);
  }

  /** One event, without building an object for it: the common case allocates nothing. */
  observe(type: string, data: unknown, timestamp: string, aggregateId?: string, version?: number, eventId?: string, position?: number, place?: MessagePlace): void {
    this.events += 1;
    if (this.firstAt === undefined || isBefore(timestamp, this.firstAt)) this.firstAt = timestamp;
    if (this.lastAt === undefined || isBefore(this.lastAt, timestamp)) this.lastAt = timestamp;
    this.countDay(timestamp);
    if (this.limits.countAggregates) this.countAggregate(aggregateId);
    const record = this.typeRecord(type);
    if (record === undefined) return;
    record.events += 1;
    if (record.events === 1 || isBefore(timestamp, record.firstAt)) record.firstAt = timestamp;
    if (record.events === 1 || isBefore(record.lastAt, timestamp)) record.lastAt = timestamp;
    const variant = this.variantOf(record, data, timestamp, aggregateId, version, eventId, position, place);
    if (variant === undefined) {
      record.eventsInUnlistedVariants += 1;
      return;
    }
    if (variant.cut.length > 0) this.cutPayloads += 1;
    variant.events += 1;
    // The variant was made with this event's references when this is its first.
    if (variant.events > 1) {
      if (isBefore(timestamp, variant.example.timestamp)) variant.example.set(timestamp, aggregateId, version, eventId, position, place);
      else if (!isBefore(timestamp, variant.latest.timestamp)) variant.latest.set(timestamp, aggregateId, version, eventId, position, place);
    }
    if (version !== undefined) {
      if (variant.firstVersion === undefined || version < variant.firstVersion) variant.firstVersion = version;
      if (variant.lastVersion === undefined || version > variant.lastVersion) variant.lastVersion = version;
    }
  }

  result(): EventStatistics {
    const types = [...this.types.values()].sort((a, b) => b.events - a.events || compareText(a.type, b.type)).map(typeStatistics);
    const days = [...this.days].map(([day, count]) => ({ day, events: count.events })).sort((a, b) => compareText(a.day, b.day));
    const result: EventStatistics = {
      events: this.events,
      types,
      otherTypes: { events: this.otherTypeEvents, types: this.otherTypeNames.size, typesAtLeast: this.otherTypeNames.size >= this.maxOtherNames() },
      days,
      largestAggregates: largest(this.aggregates, this.limits.largestAggregates),
      aggregates: { counted: this.aggregates.size, exact: this.aggregatesExact, eventsWithoutAggregate: this.eventsWithoutAggregate },
      cutPayloads: this.cutPayloads,
      limits: { ...this.limits },
    };
    if (this.firstAt !== undefined) result.firstAt = this.firstAt;
    if (this.lastAt !== undefined) result.lastAt = this.lastAt;
    return result;
  }

  private maxOtherNames(): number {
    return this.limits.maxTypes * 10;
  }

  private typeRecord(type: string): TypeRecord | undefined {
    let record = this.types.get(type);
    if (record !== undefined) return record;
    if (this.types.size >= this.limits.maxTypes) {
      this.otherTypeEvents += 1;
      if (this.otherTypeNames.size < this.maxOtherNames()) this.otherTypeNames.add(type);
      return undefined;
    }
    record = new TypeRecord(type);
    this.types.set(type, record);
    return record;
  }

  private variantOf(record: TypeRecord, data: unknown, timestamp: string, aggregateId?: string, version?: number, eventId?: string, position?: number, place?: MessagePlace): VariantRecord | undefined {
    const fingerprint = this.fingerprint;
    const known = fingerprint.read(data);
    let cached: CachedShape | undefined;
    if (known) {
      for (cached = record.cache.get(fingerprint.hash); cached !== undefined; cached = cached.next) {
        if (fingerprint.matches(cached.tokens)) return cached.variant;
      }
    }
    const shape = shapeOf(data, this.limits);
    let variant = record.variants.get(shape.key);
    if (variant === undefined && record.variants.size < this.limits.maxVariantsPerType) {
      variant = new VariantRecord(shape.fields, shape.cut, timestamp, aggregateId, version, eventId, position, place);
      record.variants.set(shape.key, variant);
    }
    if (known && record.cacheSize < MAX_CACHED_SHAPES_PER_TYPE) {
      record.cache.set(fingerprint.hash, { tokens: fingerprint.copy(), variant, next: record.cache.get(fingerprint.hash) });
      record.cacheSize += 1;
    }
    return variant;
  }

  private countDay(timestamp: string): void {
    if (this.lastDay !== undefined && isIsoUtc(timestamp) && timestamp.startsWith(this.lastDayPrefix)) {
      this.lastDay.events += 1;
      return;
    }
    const day = dayOf(timestamp);
    let count = this.days.get(day);
    if (count === undefined) {
      const key = this.days.size < this.limits.maxDays ? day : 'other';
      count = this.days.get(key);
      if (count === undefined) {
        count = { events: 0 };
        this.days.set(key, count);
      }
      if (key !== day) {
        count.events += 1;
        return;
      }
    }
    count.events += 1;
    if (isIsoUtc(timestamp)) {
      this.lastDayPrefix = day;
      this.lastDay = count;
    }
  }

  private countAggregate(aggregateId: string | undefined): void {
    if (aggregateId === undefined) {
      this.eventsWithoutAggregate += 1;
      return;
    }
    const count = this.aggregates.get(aggregateId);
    if (count !== undefined) count.events += 1;
    else if (this.aggregates.size < this.limits.maxAggregates) this.aggregates.set(aggregateId, { events: 1 });
    else this.aggregatesExact = false;
  }
}

function reference(timestamp: string, aggregateId?: string, version?: number, eventId?: string, position?: number, place?: MessagePlace): EventReference {
  const ref: EventReference = { timestamp };
  if (eventId !== undefined) ref.eventId = eventId;
  if (aggregateId !== undefined) ref.aggregateId = aggregateId;
  if (version !== undefined) ref.version = version;
  if (position !== undefined) ref.position = position;
  if (place !== undefined) ref.place = { ...place };
  return ref;
}

function typeStatistics(record: TypeRecord): TypeStatistics {
  const variants = [...record.variants.values()].sort((a, b) => b.events - a.events || compareText(a.example.timestamp, b.example.timestamp));
  const main = variants[0];
  const mainFields = new Set(main?.fields ?? []);
  return {
    type: record.type,
    events: record.events,
    firstAt: record.firstAt,
    lastAt: record.lastAt,
    variants: variants.map((variant) => {
      const out: SchemaVariant = {
        fields: variant.fields,
        events: variant.events,
        firstAt: variant.example.timestamp,
        lastAt: variant.latest.timestamp,
        example: variant.example.toReference(),
        latest: variant.latest.toReference(),
      };
      if (variant.firstVersion !== undefined) out.firstVersion = variant.firstVersion;
      if (variant.lastVersion !== undefined) out.lastVersion = variant.lastVersion;
      if (variant.cut.length > 0) out.cut = variant.cut;
      if (variant !== main) {
        const own = new Set(variant.fields);
        out.missing = main.fields.filter((field) => !own.has(field));
        out.added = variant.fields.filter((field) => !mainFields.has(field));
      }
      return out;
    }),
    eventsInUnlistedVariants: record.eventsInUnlistedVariants,
  };
}

/** The `count` largest without sorting every aggregate: one pass keeping a small sorted list. */
function largest(aggregates: Map<string, { events: number }>, count: number): { aggregateId: string; events: number }[] {
  const top: { aggregateId: string; events: number }[] = [];
  for (const [aggregateId, { events }] of aggregates) {
    if (top.length === count && !ranksAbove(events, aggregateId, top[top.length - 1])) continue;
    let at = top.length;
    while (at > 0 && ranksAbove(events, aggregateId, top[at - 1])) at -= 1;
    top.splice(at, 0, { aggregateId, events });
    if (top.length > count) top.pop();
  }
  return top;
}

function ranksAbove(events: number, aggregateId: string, other: { aggregateId: string; events: number }): boolean {
  return events > other.events || (events === other.events && aggregateId < other.aggregateId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `2026-12-01T09:00:00Z` and the like: UTC, so its first ten characters are its day. */
function isIsoUtc(timestamp: string): boolean {
  return timestamp.length >= 20 && timestamp.charCodeAt(10) === 84 /* T */ && timestamp.charCodeAt(timestamp.length - 1) === 90 /* Z */;
}

/** The UTC day of a timestamp; `unknown` when it does not parse. */
export function dayOf(timestamp: string): string {
  if (isIsoUtc(timestamp)) return timestamp.slice(0, 10);
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}

/** Whether `a` is earlier than `b`; UTC ISO texts of one length compare as text, others by their time. */
function isBefore(a: string, b: string): boolean {
  if (a.length === b.length && isIsoUtc(a) && isIsoUtc(b)) return a < b;
  const left = Date.parse(a);
  const right = Date.parse(b);
  if (Number.isNaN(left)) return false;
  return Number.isNaN(right) || left < right;
}
