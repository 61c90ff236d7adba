import type { FlowEvent } from './envelope';
import type { JsonValue } from './json';
import type { Reducer } from './reducers/types';

export const DEFAULT_CHECKPOINT_EVERY = 256;

export interface ReplayOptions<S extends JsonValue> {
  /** Keep the state every this many events; a jump then costs at most this many `apply` calls. */
  checkpointEvery?: number;
  /** Start from a snapshot instead of `reducer.initial()`; events with version <= `version` are skipped. */
  start?: { version: number; state: S };
}

/** Folds a stream once, start to end: the reference for what a `Replayer` must produce. */
export function replayAll<S extends JsonValue>(reducer: Reducer<S>, events: readonly FlowEvent[]): S {
  let state = reducer.initial();
  for (let i = 0; i < events.length; i++) state = reducer.apply(state, events[i]);
  return state;
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

  /** Replays from `position` to `target`, one checkpoint segment at a time so the inner loop stays bare. */
  private advance(from: number, fromState: S, target: number): S {
    const { reducer, events, every, checkpoints } = this;
    let position = from;
    let state = fromState;
    while (position < target) {
      const segmentEnd = Math.min(target, (Math.floor(position / every) + 1) * every);
      if (this.skipUpTo === undefined) {
        for (let i = position; i < segmentEnd; i++) state = reducer.apply(state, events[i]);
        this.applied += segmentEnd - position;
      } else {
        state = this.applyAfterSnapshot(state, position, segmentEnd, this.skipUpTo);
      }
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
      state = reducer.apply(state, event);
      applied += 1;
    }
    this.applied += applied;
    return state;
  }
}
