import type { FlowEvent } from '../envelope';
import type { JsonValue } from '../json';

/**
 * What `apply` returns for an event it received but could not apply (an `ItemAdded` with no usable item or
 * price, an event type the reducer does not know): the state stays exactly as it was, and the reason travels
 * to replay and integrity callers as data, so a timeline can mark the row instead of dropping it silently.
 * A class, not a plain object, because a state is plain JSON: `instanceof` can never mistake one for the other.
 */
export class NotApplied {
  constructor(readonly reason: string) {}

  /** "not applied: <reason>, state unchanged", the wording every view shows. */
  get message(): string {
    return `not applied: ${this.reason}, state unchanged`;
  }
}

export function notApplied(reason: string): NotApplied {
  return new NotApplied(reason);
}

export function isNotApplied(value: unknown): value is NotApplied {
  return value instanceof NotApplied;
}

/**
 * Folds events into the state of one aggregate. Must be pure: `apply` never mutates `state` and returns a
 * new value (sharing unchanged parts is fine), because replay keeps earlier states as checkpoints and hands
 * them out again when the user jumps back. States are JSON so they can be shown, diffed and exported.
 * An event the reducer cannot apply comes back as `NotApplied` (never thrown, never logged).
 */
export interface Reducer<S extends JsonValue = JsonValue> {
  readonly name: string;
  readonly description: string;
  initial(): S;
  apply(state: S, event: FlowEvent): S | NotApplied;
}

/** One event a replay passed that its reducer did not apply. */
export interface NotAppliedEvent {
  /** Position of the event in the stream replayed. */
  index: number;
  version?: number;
  eventId: string;
  eventType: string;
  reason: string;
}
