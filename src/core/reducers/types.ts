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

/**
 * One NotApplied per key, reused (it is immutable): a long stream repeats its reasons (an unknown type, a
 * product the order does not hold), and replay keeps every outcome it passes, so a fresh object per event
 * would be kept, and copied by the garbage collector, a million times over. Bounded: past `limit` keys
 * each event gets a fresh object.
 */
export class RepeatedReasons {
  private readonly outcomes = new Map<string, NotApplied>();

  constructor(
    private readonly reasonFor: (key: string) => string,
    private readonly limit = 1000,
  ) {}

  outcomeFor(key: string): NotApplied {
    let outcome = this.outcomes.get(key);
    if (outcome === undefined) {
      outcome = new NotApplied(this.reasonFor(key));
      if (this.outcomes.size < this.limit) this.outcomes.set(key, outcome);
    }
    return outcome;
  }
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
