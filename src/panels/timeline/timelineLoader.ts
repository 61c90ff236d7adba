/**
 * Reads one aggregate's stream, snapshots and read problems from a store into a TimelineSession. Free of
 * the vscode API: the panel wraps it in a progress notification and hands it the notification's signal.
 */
import type { EventStore, ReadProblem } from '../../connectors/eventStore';
import type { FlowEvent } from '../../core/envelope';
import { readWholeStream } from '../../connectors/eventStoreReads';
import type { IntegrityIssue } from '../../core/integrity';
import type { Reducer } from '../../core/reducers/types';
import type { ReducerNote } from '../../protocol/timeline';
import { TimelineSession } from './timelineSession';

export interface LoadTimelineOptions {
  store: EventStore;
  /** The stable id of the connection the store belongs to. */
  connectionId?: string;
  aggregateId: string;
  aggregateType: string;
  /** The built-in reducer, or how to choose it from the events read (the chapter's flow gets `chapter-order`). */
  reducer: Reducer | ((events: readonly FlowEvent[]) => Reducer);
  signal?: AbortSignal;
  /** Called after each batch with the number of events read so far. */
  onProgress?: (loaded: number) => void;
  /**
   * Replaces `reducer` once the events are read: a workspace reducer folds in the sandbox and comes back as a
   * reducer over its states, with its failure (if any) as a warning at the event. Undefined keeps `reducer`.
   */
  prepareReducer?: (events: readonly FlowEvent[]) => Promise<PreparedReducer | undefined>;
}

/**
 * A workspace reducer prepared over the stream: undefined `reducer` keeps the built-in one (the notes say
 * why); `failedAt` is the stream index where it threw.
 */
export interface PreparedReducer {
  reducer?: Reducer;
  problems: IntegrityIssue[];
  notes?: ReducerNote[];
  failedAt?: number;
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
  const skipped: ReadProblem[] = [];
  const events = await readWholeStream(store, aggregateId, { signal, onProgress: options.onProgress, onProblem: (p) => skipped.push(p) }).catch((error: unknown) => {
    throw signal?.aborted ? new TimelineLoadCancelled(aggregateId) : error;
  });
  const snapshots = await store.listSnapshots(aggregateId, signal);
  if (signal?.aborted) throw new TimelineLoadCancelled(aggregateId);
  const readProblems: IntegrityIssue[] = [...store.problems(), ...skipped].map((problem) => ({
    kind: 'damaged',
    index: -1,
    message: `${store.label}${problem.line === undefined ? '' : `, line ${problem.line}`}: ${problem.message}`,
  }));
  const prepared = options.prepareReducer ? await options.prepareReducer(events) : undefined;
  return new TimelineSession({
    storeLabel: store.label,
    connectionId: options.connectionId,
    aggregateId,
    aggregateType: options.aggregateType,
    events,
    snapshots,
    reducer: prepared?.reducer ?? (typeof options.reducer === 'function' ? options.reducer(events) : options.reducer),
    readProblems: [...readProblems, ...(prepared?.problems ?? [])],
    ...(prepared?.notes !== undefined && prepared.notes.length > 0 ? { reducerNotes: prepared.notes } : {}),
    ...(prepared?.failedAt !== undefined ? { reducerFailedAt: prepared.failedAt } : {}),
  });
}
