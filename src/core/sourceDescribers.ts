import type { EventSource, FlowEvent } from './envelope';
import type { MessagePlace } from './messagePlace';

/** An event that has no value at all (not an empty one), as its kind names it. */
export interface MissingValue {
  /** A few words for a list row, e.g. `tombstone (null value)`. */
  label: string;
  /** A sentence for the event's detail: what the missing value means in that system. */
  note: string;
}

/** A message's place in a partitioned log (or one lane of it), as the message browser's columns show it. */
export interface LogPosition {
  /** The partition, or -1 when the source has one lane. */
  partition: number;
  /** A decimal string: offsets pass 2^53. */
  offset: string;
  /** The message key as text; base64 when it is not UTF-8 text. Absent: no key. */
  key?: string;
  keyEncoding?: 'base64';
}

/** How one kind's sources read to a person. Each kind registers one from its own folder. */
export interface SourceDescriber {
  /** The `system` its sources carry. */
  readonly system: string;
  /** Where the event was read, in words, e.g. a topic with partition and offset, or a queue and position. */
  place(source: EventSource): string;
  /** How the message reached its place, when the kind routes (an exchange and routing key), e.g. `orders → orders.created (key order.created)`. */
  route?(source: EventSource): string | undefined;
  /** Its position in a log, when the kind has one. */
  logPosition?(source: EventSource): LogPosition | undefined;
  /** When the source says the event has no value at all. */
  missingValue?(source: EventSource): MissingValue | undefined;
  /** Where a broker's message is, to open it again (an offset) or to name it as peeked, when the kind is a broker. */
  messagePlace?(source: EventSource): MessagePlace | undefined;
}

/*
 * Sources are plain data that cross into workers, the sandbox and webviews, so they carry no methods; the
 * describer of a kind is registered by the module that builds that kind's sources, so wherever such an
 * event exists its describer does too.
 */
const describers = new Map<string, SourceDescriber>();

export function registerSourceDescriber(describer: SourceDescriber): void {
  describers.set(describer.system, describer);
}

function describerOf(source: EventSource): SourceDescriber | undefined {
  return describers.get(source.system);
}

/** Where the event was read, in words; its id when its kind says nothing better. */
export function placeOf(event: FlowEvent): string {
  return describerOf(event.source)?.place(event.source) ?? event.id;
}

/** Where the event was read with how it got there (exchange → queue, key); its place alone when the kind does not route. */
export function routedPlaceOf(event: FlowEvent): string {
  return describerOf(event.source)?.route?.(event.source) ?? placeOf(event);
}

export function logPositionOf(source: EventSource): LogPosition | undefined {
  return describerOf(source)?.logPosition?.(source);
}

export function missingValueOf(source: EventSource): MissingValue | undefined {
  return describerOf(source)?.missingValue?.(source);
}

export function messagePlaceOf(source: EventSource): MessagePlace | undefined {
  return describerOf(source)?.messagePlace?.(source);
}
