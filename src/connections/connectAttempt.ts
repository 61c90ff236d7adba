/**
 * Connects once and shares the result: concurrent callers wait for the same attempt, and each may stop
 * waiting through its own signal. The attempt itself is aborted when every caller waiting for it has
 * given up, so "Cancel" on a slow connect really stops it; the next call starts afresh.
 */
export class ConnectAttempt<T> {
  private value: T | undefined;
  private pending: Pending<T> | undefined;

  constructor(private readonly connect: (signal: AbortSignal) => Promise<T>) {}

  get current(): T | undefined {
    return this.value;
  }

  get connecting(): boolean {
    return this.pending !== undefined;
  }

  open(signal?: AbortSignal): Promise<T> {
    if (this.value !== undefined) {
      return Promise.resolve(this.value);
    }
    if (signal?.aborted) {
      return Promise.reject(abortError(signal.reason));
    }
    const pending = this.pending ?? this.start();
    pending.waiting += 1;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const stopWaiting = (): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        pending.waiting -= 1;
      };
      const onAbort = (): void => {
        stopWaiting();
        if (pending.waiting === 0) pending.controller.abort(signal?.reason);
        reject(abortError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.promise.then(
        (value) => {
          stopWaiting();
          resolve(value);
        },
        (error: unknown) => {
          stopWaiting();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Forgets the connected value (or the attempt under way, aborting it) and returns what there was to close. */
  async reset(): Promise<T | undefined> {
    const value = this.value;
    this.value = undefined;
    const pending = this.pending;
    if (pending) {
      pending.controller.abort();
      this.pending = undefined;
      return value ?? (await pending.promise.catch(() => undefined));
    }
    return value;
  }

  private start(): Pending<T> {
    const controller = new AbortController();
    const pending: Pending<T> = { controller, waiting: 0, promise: new Promise<T>(() => undefined) };
    pending.promise = this.connect(controller.signal).then(
      (value) => {
        if (this.pending === pending) {
          this.pending = undefined;
          this.value = value;
        }
        return value;
      },
      (error: unknown) => {
        if (this.pending === pending) this.pending = undefined;
        throw error;
      },
    );
    // Nobody may be waiting any more when it fails (every caller gave up): that is not an unhandled rejection.
    pending.promise.catch(() => undefined);
    this.pending = pending;
    return pending;
  }
}

interface Pending<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers still waiting for this attempt. */
  waiting: number;
}

function abortError(reason: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The connection attempt was cancelled.');
  error.name = 'AbortError';
  return error;
}
