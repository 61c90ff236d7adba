/**
 * Reading a cursor so that a read nobody wants any more stops on the server too. Each round trip (the
 * first batch, each getMore) is bounded on its own, so a legitimate long read of many batches completes
 * while one batch that never comes ends the read; and whatever ends the read (a cancel, a bound passed, an
 * error, a consumer that stops iterating) closes the cursor, which sends `killCursors` to the server.
 * (`maxTimeMS` would not do: on a plain find it bounds the whole cursor's processing time, not one batch.)
 */
import type { Document, FindCursor } from 'mongodb';
import { MongoStoreError } from './mongoErrors';

export interface CursorReadOptions {
  signal?: AbortSignal;
  /** Bound on each round trip to the server. */
  batchTimeoutMs: number;
  /** What is being read, for the timeout message ("events of Order-1"). */
  subject: string;
}

/**
 * Yields the cursor's documents one server batch at a time (the documents the driver holds after each
 * round trip), and closes the cursor however the iteration ends. Give the cancel signal here, not to
 * `find`: the driver's own abort handling closes the cursor without waiting for its `killCursors`.
 */
export async function* cursorBatches(cursor: FindCursor<Document>, options: CursorReadOptions): AsyncIterable<Document[]> {
  const { signal } = options;
  let closing: Promise<void> | undefined;
  // One close, awaited by whoever ends the read: its killCursors has reached the server when the read ends.
  const close = (): Promise<void> => (closing ??= cursor.close().catch(() => undefined));
  const onAbort = (): void => void close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      if (cursor.bufferedCount() === 0) {
        const more = await bounded(cursor.hasNext(), options, close);
        if (!more) return;
      }
      signal?.throwIfAborted();
      yield cursor.readBufferedDocuments();
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await close();
  }
}

/** One round trip, or a cancel or timeout that closes (and so kills) the cursor before it says so. */
function bounded<T>(operation: Promise<T>, options: CursorReadOptions, close: () => Promise<void>): Promise<T> {
  const { signal } = options;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void close();
      reject(new MongoStoreError('timeout', `The server sent no batch of ${options.subject} within ${options.batchTimeoutMs} ms; the read was stopped on the server.`));
    }, options.batchTimeoutMs);
    onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // The losing side must not leave an unhandled rejection behind.
  operation.catch(() => undefined);
  stopped.catch(() => undefined);
  return Promise.race([operation, stopped]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

/** The documents of `cursorBatches` one at a time; breaking out of the loop closes (and kills) the cursor. */
export async function* cursorDocuments(cursor: FindCursor<Document>, options: CursorReadOptions): AsyncIterable<Document> {
  for await (const batch of cursorBatches(cursor, options)) yield* batch;
}
