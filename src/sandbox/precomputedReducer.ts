import type { FlowEvent } from '../core/envelope';
import type { IntegrityIssue } from '../core/integrity';
import type { JsonValue } from '../core/json';
import type { Reducer } from '../core/reducers/types';
import { describeFailure, SandboxError } from './types';

/**
 * The most the timeline holds of a workspace reducer's states (every state after every event, in the
 * host), counted as their JSON text: a count says nothing when one state is 10 bytes and another 10 MB.
 * Beyond it the stream keeps the built-in reducer.
 */
export const MAX_PRECOMPUTED_BYTES = 64 * 1024 * 1024;

/** The states would not fit in the budget: said in the log, and the timeline keeps the built-in reducer. */
export class StatesTooLargeError extends Error {
  override readonly name = 'StatesTooLargeError';
  constructor(
    readonly heldBytes: number,
    readonly maxBytes: number,
    readonly atEvent: number,
  ) {
    super(`its states pass ${Math.round(maxBytes / 1024 / 1024)} MB (as JSON) by event ${atEvent}, more than the timeline holds`);
  }
}

export interface PrecomputedReducer {
  reducer: Reducer;
  /** The failure at its event, as a timeline warning; empty when the reducer folded the whole stream. */
  problems: IntegrityIssue[];
  /** Stream index of the event the reducer threw at: no event after it was replayed. */
  failedAt?: number;
}

/**
 * A workspace reducer as the timeline's (synchronous) reducer: the sandbox folds the stream once, and
 * `apply` hands back the state it computed after that event. Where the reducer failed, the states stop at
 * the last good one and the failure becomes a warning on the failing event, with the place in the user's file.
 */
export async function precomputeReducer(
  stream: { stateAt(index: number): Promise<JsonValue>; states(from: number, to: number): Promise<JsonValue[]> },
  events: readonly FlowEvent[],
  name: string,
  chunk = 5000,
  maxBytes = MAX_PRECOMPUTED_BYTES,
): Promise<PrecomputedReducer> {
  const initial = await stream.stateAt(-1);
  const after = new Map<FlowEvent, JsonValue>();
  const problems: IntegrityIssue[] = [];
  let heldBytes = jsonBytes(initial);
  // Checked per chunk, before the chunk is kept: the host never holds more than the budget and one chunk.
  const hold = (from: number, states: JsonValue[]): void => {
    heldBytes += jsonBytes(states);
    if (heldBytes > maxBytes) throw new StatesTooLargeError(heldBytes, maxBytes, from + states.length - 1);
    states.forEach((state, i) => after.set(events[from + i], state));
  };
  let failedAt: number | undefined;
  for (let from = 0; from < events.length; from += chunk) {
    const to = Math.min(events.length, from + chunk) - 1;
    let states: JsonValue[];
    try {
      states = await stream.states(from, to);
    } catch (error) {
      if (!(error instanceof SandboxError) || error.failure.eventIndex === undefined) throw error;
      const at = error.failure.eventIndex;
      failedAt = at;
      states = at > from ? await stream.states(from, at - 1) : [];
      hold(from, states);
      const version = events[at]?.version;
      const issue: IntegrityIssue = { kind: 'reducer', index: at, message: `Workspace reducer failed here: ${describeFailure({ ...error.failure, eventIndex: undefined, location: undefined })}` };
      if (typeof version === 'number') issue.version = version;
      // The place goes as a link beside the message, not inside it.
      if (error.failure.location) issue.location = { ...error.failure.location };
      problems.push(issue);
      break;
    }
    hold(from, states);
  }
  const reducer: Reducer = {
    name,
    description: `Workspace reducer ${name}, folded in the sandbox`,
    initial: () => initial,
    // Keyed by the event itself: the timeline hands back the same objects it loaded.
    apply: (state, event) => after.get(event) ?? state,
  };
  return failedAt === undefined ? { reducer, problems } : { reducer, problems, failedAt };
}

function jsonBytes(value: JsonValue | JsonValue[]): number {
  return JSON.stringify(value)?.length ?? 0;
}
