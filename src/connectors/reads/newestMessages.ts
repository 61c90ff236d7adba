/**
 * The newest messages of one topic or queue, read in one bounded browse through the `Broker` seam: what the
 * AsyncAPI description and the source statistics sample. A log is read from the end of each partition, the
 * count spread evenly over them; a stream from its end; a classic or quorum queue can only be peeked from
 * its head, so there the messages are the first ones (and its read plan says what the peek does).
 */
import type { Broker, BrowsePage } from '../broker';

export interface NewestRequest {
  /** A topic or a queue. */
  source: string;
  /** The most messages read. */
  count: number;
  /** The source's partitions, when known: each gives its newest `count / partitions`. */
  partitions?: number;
  signal?: AbortSignal;
}

export function readNewest(broker: Broker, request: NewestRequest): Promise<BrowsePage> {
  const count = Math.max(1, Math.floor(request.count));
  const partitions = Math.max(1, request.partitions ?? 1);
  return broker.browse({ source: request.source, start: { from: 'latest', count: Math.ceil(count / partitions) }, limit: count, ...(request.signal ? { signal: request.signal } : {}) });
}
