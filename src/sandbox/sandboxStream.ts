import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { encodeEventBatch } from './eventBatch';
import type { ReducerSandbox } from './reducerSandbox';
import { SandboxError } from './types';
import type { WorkerHost } from './workerHost';

/**
 * One aggregate's stream held in the sandbox worker. The host keeps its own reference to the events (no
 * copy) to name failing events and to send them again if the worker had to be replaced.
 */
export class SandboxStream {
  private open: Promise<void> | undefined;

  constructor(
    private readonly sandbox: ReducerSandbox,
    private readonly host: WorkerHost,
    readonly id: string,
    readonly aggregateType: string,
    readonly events: readonly FlowEvent[],
  ) {}

  get length(): number {
    return this.events.length;
  }

  /** @internal The worker was replaced: the events go over again on the next request. */
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

  /** The state after event `index` (-1: the initial state). */
  stateAt(index: number): Promise<JsonValue> {
    return this.call(() => this.host.request({ op: 'stateAt', stream: this.id, index }));
  }

  fold(): Promise<JsonValue> {
    return this.stateAt(this.events.length - 1);
  }

  /** The state after each event from `from` to `to` (inclusive). */
  states(from: number, to: number): Promise<JsonValue[]> {
    return this.call(() => this.host.request({ op: 'states', stream: this.id, from, to }));
  }

  /**
   * The first event in [from, to] after which `expression` (JavaScript over `state` and `event`, e.g.
   * `state.total < 0`) is true, or -1. Evaluated in the sandbox, under the same limits as the reducer.
   */
  async findBreak(expression: string, from = 0, to = this.events.length - 1): Promise<number> {
    const { index } = await this.call(() => this.host.request({ op: 'findBreak', stream: this.id, expression, from, to }));
    return index;
  }

  async close(): Promise<void> {
    this.sandbox.forget(this);
    if (this.open && this.host.running) await this.host.request({ op: 'closeStream', stream: this.id });
  }

  private async send(): Promise<void> {
    await this.sandbox.ready();
    await this.host.request({ op: 'openStream', stream: this.id, aggregateType: this.aggregateType, checkpointEvery: this.sandbox.checkpointEvery });
    const size = this.sandbox.batchSize;
    // Batches go without waiting for answers, so the worker parses one while the host writes the next; the
    // host yields between batches, so a long stream never blocks its event loop for more than one batch.
    const sent: Promise<unknown>[] = [];
    for (let start = 0; start < this.events.length; start += size) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      sent.push(this.host.request({ op: 'append', stream: this.id, batch: encodeEventBatch(this.events.slice(start, start + size)) }));
    }
    await Promise.all(sent);
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    await this.ensureOpen();
    try {
      return await request();
    } catch (error) {
      throw error instanceof SandboxError ? this.named(error) : error;
    }
  }

  /** Adds the event's id and type to a failure the worker reported by index. */
  private named(error: SandboxError): SandboxError {
    const index = error.failure.eventIndex;
    const event = index !== undefined ? this.events[index] : undefined;
    return event ? new SandboxError({ ...error.failure, eventId: event.id, eventType: event.type }) : error;
  }
}
