/**
 * Reads one aggregate's stream, snapshots and read problems from a store into a TimelineSession. Free of
 * the vscode API: the panel wraps it in a progress notification and hands it the notification's signal.
 */
import type { EventStore } from '../../connectors/eventStore';
import type { FlowEvent } from '../../core/envelope';
import type { IntegrityIssue } from '../../core/integrity';
import type { Reducer } from '../../core/reducers/types';
import { TimelineSession } from './timelineSession';

export interface LoadTimelineOptions {
  store: EventStore;
  aggregateId: string;
  aggregateType: string;
  reducer: Reducer;
  signal?: AbortSignal;
  /** Called after each batch with the number of events read so far. */
  onProgress?: (loaded: number) => void;
}

/** Thrown when the read was cancelled; named like the platform's abort so callers treat both alike. */
export class TimelineLoadCancelled extends Error {
  override readonly name = 'AbortError';
  constructor(aggregateId: string) {
    super(`Loading ${aggregateId} was cancelled`);
  }
}

export async function loadTimelineSession(options: LoadTimelineOptions): Promise<TimelineSession> {
  const { store, aggregateId, signal } = options;
  const events: FlowEvent[] = [];
  for await (const batch of store.readStream(aggregateId, { signal })) {
    // One push per event: spreading a huge batch into push() can overflow the call stack.
    for (const event of batch) events.push(event);
    options.onProgress?.(events.length);
    if (signal?.aborted) throw new TimelineLoadCancelled(aggregateId);
  }
  const snapshots = await store.listSnapshots(aggregateId, signal);
  if (signal?.aborted) throw new TimelineLoadCancelled(aggregateId);
  const readProblems: IntegrityIssue[] = store.problems().map((problem) => ({
    kind: 'damaged',
    index: -1,
    message: `${store.label}${problem.line === undefined ? '' : `, line ${problem.line}`}: ${problem.message}`,
  }));
  return new TimelineSession({
    storeLabel: store.label,
    aggregateId,
    aggregateType: options.aggregateType,
    events,
    snapshots,
    reducer: options.reducer,
    readProblems,
  });
}
