/**
 * What the worker tells the host without a message, through shared memory: which event it is applying
 * and a tick that moves with every event or step. The host's watchdog reads both; a tick that stands
 * still past the time limit means user code is stuck, and the index names the event it is stuck on.
 */
export const PROGRESS_SLOTS = 3;
const TICK = 0;
const INDEX = 1;

export class ProgressWriter {
  private readonly cells: Int32Array;
  constructor(buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer);
  }
  /** Called before each event or step: cheap enough for a million events. */
  at(index: number): void {
    this.cells[INDEX] = index;
    Atomics.add(this.cells, TICK, 1);
  }
  /** Called by a timer: moves only while the worker's event loop is free (an await, a backoff sleep). */
  beat(): void {
    Atomics.add(this.cells, TICK, 1);
  }
}

export class ProgressReader {
  readonly buffer = new SharedArrayBuffer(PROGRESS_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  private readonly cells = new Int32Array(this.buffer);
  tick(): number {
    return Atomics.load(this.cells, TICK);
  }
  index(): number {
    return Atomics.load(this.cells, INDEX);
  }
}
