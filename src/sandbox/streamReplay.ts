import type { FlowEvent } from '../core/envelope';
import type { ProgressWriter } from './progress';
import { copyState, type ReducerSpec, type UserState } from './reducerSpec';
import { upcastEvent } from './upcast';

/** Thrown inside the worker when user code fails at an event: carries the event's index. */
export class FailedAtEvent extends Error {
  constructor(
    readonly eventIndex: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * One aggregate's stream inside the worker, folded through a workspace reducer with checkpoints (the
 * state every `every` events), so any jump costs fewer than `every` applies. Checkpoints hold copies and
 * hand out copies: a reducer that mutates its input cannot change a state replay gives out again.
 */
export class StreamReplay {
  readonly events: FlowEvent[] = [];
  private checkpoints: UserState[] = [];
  private cursorPosition = 0;
  private cursorState: UserState;

  constructor(
    private spec: ReducerSpec,
    private readonly every: number,
    private readonly progress: ProgressWriter,
  ) {
    this.cursorState = this.start();
  }

  /** A reloaded reducer: every state computed so far is stale. */
  useReducer(spec: ReducerSpec): void {
    this.spec = spec;
    this.checkpoints = [];
    this.cursorPosition = 0;
    this.cursorState = this.start();
  }

  append(events: readonly FlowEvent[]): void {
    for (const event of events) this.events.push(event);
  }

  /** The state after event `index` (-1: before any event). */
  stateAt(index: number): UserState {
    if (!Number.isInteger(index) || index < -1 || index >= this.events.length) {
      throw new RangeError(`No event at index ${index}: the stream has ${this.events.length} events`);
    }
    const target = index + 1;
    const nearest = Math.min(Math.floor(target / this.every), this.checkpoints.length - 1);
    let position: number;
    let state: UserState;
    if (this.cursorPosition <= target && this.cursorPosition >= nearest * this.every) {
      position = this.cursorPosition;
      state = this.cursorState;
    } else {
      position = nearest * this.every;
      state = copyState(this.checkpoints[nearest]);
    }
    state = this.advance(position, state, target);
    this.cursorPosition = target;
    this.cursorState = state;
    return state;
  }

  /**
   * States after each event in [from, to], in order, through `visit`; stops early when `visit` says so.
   * Used by breakpoints, what-if and drift, which look at every state once.
   */
  walk(from: number, to: number, visit: (state: UserState, index: number) => boolean): void {
    let state = from === 0 ? this.start() : copyState(this.stateAt(from - 1));
    for (let i = from; i <= to; i++) {
      state = this.applyOne(state, i);
      if (!visit(state, i)) break;
    }
  }

  private start(): UserState {
    const initial = this.spec.initial();
    if (this.checkpoints.length === 0) this.checkpoints.push(copyState(initial));
    return copyState(initial);
  }

  private advance(from: number, fromState: UserState, target: number): UserState {
    const { every, checkpoints } = this;
    let state = fromState;
    for (let position = from; position < target; ) {
      state = this.applyOne(state, position);
      position += 1;
      if (position % every === 0 && position / every === checkpoints.length) checkpoints.push(copyState(state));
    }
    return state;
  }

  private applyOne(state: UserState, index: number): UserState {
    this.progress.at(index);
    const { spec } = this;
    try {
      const event = spec.upcasters.size > 0 ? upcastEvent(spec, this.events[index]).event : this.events[index];
      return spec.apply(state, event);
    } catch (error) {
      throw new FailedAtEvent(index, error);
    }
  }
}
