import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { SandboxError } from './types';

/**
 * One aggregate's stream held by a sandbox (the worker or the Python harness). The host keeps its own
 * reference to the events (no copy) to name failing events and to send them again when the sandbox had
 * to be replaced; each sandbox says how its events go over (`send`).
 */
export abstract class RemoteStream {
  private open: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly aggregateType: string,
    readonly events: readonly FlowEvent[],
  ) {}

  get length(): number {
    return this.events.length;
  }

  /** The state after event `index` (-1: the initial state). */
  abstract stateAt(index: number): Promise<JsonValue>;

  fold(): Promise<JsonValue> {
    return this.stateAt(this.events.length - 1);
  }

  /** @internal The sandbox was replaced: the events go over again on the next request. */
  markLost(): void {
    this.open = undefined;
  }

  /** @internal */
  ensureOpen(): Promise<void> {
    this.open ??= this.send().catch((error: unknown) => {
      this.open = undefined;
      throw error;
    });
    return this.open;
  }

  /** Whether the events went over (or are on their way) to the sandbox running now. */
  protected get sent(): boolean {
    return this.open !== undefined;
  }

  protected abstract send(): Promise<void>;

  /** Runs a request once the events are there; a failure the sandbox reported by index gets the event's id and type. */
  protected async call<T>(request: () => Promise<T>): Promise<T> {
    await this.ensureOpen();
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      const index = error.failure.eventIndex;
      const event = index !== undefined ? this.events[index] : undefined;
      if (event === undefined) throw error;
      const version = typeof event.version === 'number' ? { eventVersion: event.version } : {};
      throw new SandboxError({ ...error.failure, eventId: event.id, eventType: event.type, ...version });
    }
  }
}
