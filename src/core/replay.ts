import type { FlowEvent } from './envelope';
import type { JsonValue } from './json';
import { NotApplied, type NotAppliedEvent, type Reducer } from './reducers/types';

export const DEFAULT_CHECKPOINT_EVERY = 256;

export interface ReplayOptions<S extends JsonValue> {
  /** Keep the state every this many events; a jump then costs at most this many `apply` calls. */
  checkpointEvery?: number;
  /** Start from a snapshot instead of `reducer.initial()`; events with version <= `version` are skipped. */
  start?: { version: number; state: S };
}

/** Folds a stream once, start to end: the reference for what a `Replayer` must produce. */
export function replayAll<S extends JsonValue>(reducer: Reducer<S>, events: readonly FlowEvent[]): S {
  return replayWithOutcomes(reducer, events).state;
}

/** The final state and every event the reducer received but did not apply, in stream order. */
export function replayWithOutcomes<S extends JsonValue>(reducer: Reducer<S>, events: readonly FlowEvent[]): { state: S; notApplied: NotAppliedEvent[] } {
  let state = reducer.initial();
  const notApplied: NotAppliedEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const next = reducer.apply(state, events[i]);
    if (next instanceof NotApplied) notApplied.push(describeNotApplied(events[i], i, next));
    else state = next;
  }
  return { state, notApplied };
}

function describeNotApplied(event: FlowEvent, index: number, outcome: NotApplied): NotAppliedEvent {
  const described: NotAppliedEvent = { index, eventId: event.id, eventType: event.type, reason: outcome.reason };
  if (typeof event.version === 'number') described.version = event.version;
  return described;
}

/**
 * Gives the state after any event of a stream. Checkpoints are taken every `checkpointEvery` events as
 * replay passes them (never ahead of need), so once they exist any jump replays fewer than
 * `checkpointEvery` events, and stepping forward one event costs one `apply`.
 *
 * Positions below count events consumed: position p is the state after event p - 1, position 0 the start.
 */
export class Replayer<S extends JsonValue> {
  private readonly every: number;
  private readonly skipUpTo: number | undefined;
  /** checkpoints[k] is the state at position k * every. */
  private readonly checkpoints: S[];
  private cursorPosition = 0;
  private cursorState: S;
  private applied = 0;
  /**
   * Events passed so far that the reducer did not apply, kept as two parallel arrays (index, outcome) in
   * stream order; `recordedUpTo` is the first index not yet passed, so a segment replayed again after a
   * jump back records nothing twice.
   */
  private readonly skippedIndexes: number[] = [];
  private readonly skippedOutcomes: NotApplied[] = [];
  private recordedUpTo = 0;

  constructor(
    private readonly reducer: Reducer<S>,
    private readonly events: readonly FlowEvent[],
    options: ReplayOptions<S> = {},
  ) {
    const every = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`checkpointEvery must be a positive integer, got ${every}`);
    this.every = every;
    this.skipUpTo = options.start?.version;
    const initial = options.start ? options.start.state : reducer.initial();
    this.checkpoints = [initial];
    this.cursorState = initial;
  }

  /** How many times `apply` has run: lets tests hold replay to its cost bound. */
  get appliedCount(): number {
    return this.applied;
  }

  get length(): number {
    return this.events.length;
  }

  /** The state after event `index`; -1 is the state before any event (the initial or snapshot state). */
  stateAt(index: number): S {
    if (!Number.isInteger(index) || index < -1 || index >= this.events.length) {
      throw new RangeError(`No event at index ${index}: the stream has ${this.events.length} events`);
    }
    const target = index + 1;
    const nearest = Math.min(Math.floor(target / this.every), this.checkpoints.length - 1);
    let position = nearest * this.every;
    let state = this.checkpoints[nearest];
    if (this.cursorPosition <= target && this.cursorPosition > position) {
      position = this.cursorPosition;
      state = this.cursorState;
    }
    state = this.advance(position, state, target);
    this.cursorPosition = target;
    this.cursorState = state;
    return state;
  }

  /** The state after the last event. */
  fold(): S {
    return this.stateAt(this.events.length - 1);
  }

  /**
   * The events replay has passed so far that the reducer did not apply (after `fold()`, all of them), in
   * stream order. Events a snapshot already covers are not passed to the reducer and never listed.
   */
  notApplied(): NotAppliedEvent[] {
    return this.skippedIndexes.map((index, k) => describeNotApplied(this.events[index], index, this.skippedOutcomes[k]));
  }

  /** Why the event at `index` was not applied, once replay has passed it; undefined when it was applied. */
  notAppliedAt(index: number): NotAppliedEvent | undefined {
    const k = lowerBound(this.skippedIndexes, index);
    if (k === this.skippedIndexes.length || this.skippedIndexes[k] !== index) return undefined;
    return describeNotApplied(this.events[index], index, this.skippedOutcomes[k]);
  }

  /** Replays from `position` to `target`, one checkpoint segment at a time so the inner loop stays bare. */
  private advance(from: number, fromState: S, target: number): S {
    const { reducer, events, every, checkpoints } = this;
    let position = from;
    let state = fromState;
    while (position < target) {
      const segmentEnd = Math.min(target, (Math.floor(position / every) + 1) * every);
      if (this.skipUpTo === undefined) {
        for (let i = position; i < segmentEnd; i++) {
          const next = reducer.apply(state, events[i]);
          if (next instanceof NotApplied) this.record(i, next);
          else state = next;
        }
        this.applied += segmentEnd - position;
      } else {
        state = this.applyAfterSnapshot(state, position, segmentEnd, this.skipUpTo);
      }
      if (segmentEnd > this.recordedUpTo) this.recordedUpTo = segmentEnd;
      position = segmentEnd;
      if (position % every === 0 && position / every === checkpoints.length) checkpoints.push(state);
    }
    return state;
  }

  /** The snapshot already holds events up to its version; those replay as no-ops. */
  private applyAfterSnapshot(fromState: S, from: number, to: number, snapshotVersion: number): S {
    const { reducer, events } = this;
    let state = fromState;
    let applied = 0;
    for (let i = from; i < to; i++) {
      const event = events[i];
      if (typeof event.version === 'number' && event.version <= snapshotVersion) continue;
      const next = reducer.apply(state, event);
      if (next instanceof NotApplied) this.record(i, next);
      else state = next;
      applied += 1;
    }
    this.applied += applied;
    return state;
  }

  private record(index: number, outcome: NotApplied): void {
    if (index < this.recordedUpTo) return;
    this.skippedIndexes.push(index);
    this.skippedOutcomes.push(outcome);
  }
}

/** First position in ascending `values` whose value is >= `target`. */
function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
