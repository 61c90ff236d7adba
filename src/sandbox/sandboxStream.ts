import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { encodeEventBatch } from './eventBatch';
import type { ReducerSandbox } from './reducerSandbox';
import { RemoteStream } from './remoteStream';
import type { SandboxHost } from './processHost';

/** One aggregate's stream held in the sandbox worker. */
export class SandboxStream extends RemoteStream {
  constructor(
    private readonly sandbox: ReducerSandbox,
    private readonly host: SandboxHost,
    id: string,
    aggregateType: string,
    events: readonly FlowEvent[],
  ) {
    super(id, aggregateType, events);
  }

  stateAt(index: number): Promise<JsonValue> {
    return this.call(() => this.host.request({ op: 'stateAt', stream: this.id, index }));
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
    if (this.sent && this.host.running) await this.host.request({ op: 'closeStream', stream: this.id });
  }

  protected async send(): Promise<void> {
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
}
