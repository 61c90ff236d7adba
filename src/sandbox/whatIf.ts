import { changedPaths } from '../core/diff';
import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import type { Reducer } from '../core/reducers/types';
import { Replayer } from '../core/replay';

/** Anything that gives the states after a range of events: a sandbox stream, a Python stream, a built-in fold. */
export interface StateSource {
  states(from: number, to: number): Promise<JsonValue[]>;
}

export interface StateDifference {
  index: number;
  eventId: string;
  eventType: string;
  version?: number;
  left: JsonValue;
  right: JsonValue;
  /** Dotted paths that differ (`''`: the whole state). */
  paths: string[];
}

export interface WhatIfResult {
  compared: number;
  /** Index of the first event after which the two states differ, or undefined when they never do. */
  firstDifference?: number;
  differences: StateDifference[];
  /** More differences than `maxDifferences` existed; the list holds the first ones. */
  truncated: boolean;
}

export interface WhatIfOptions {
  /** States asked for at a time from each side. */
  chunk?: number;
  maxDifferences?: number;
}

/**
 * Replays one stream through two reducers (two files, or the working copy and git's HEAD) and lists the
 * events after which their states differ: the first, and every later one, with the paths that differ.
 */
export async function whatIf(left: StateSource, right: StateSource, events: readonly FlowEvent[], options: WhatIfOptions = {}): Promise<WhatIfResult> {
  const chunk = options.chunk ?? 1000;
  const maxDifferences = options.maxDifferences ?? 1000;
  const differences: StateDifference[] = [];
  let truncated = false;
  for (let from = 0; from < events.length; from += chunk) {
    const to = Math.min(events.length, from + chunk) - 1;
    const [leftStates, rightStates] = await Promise.all([left.states(from, to), right.states(from, to)]);
    for (let i = 0; i <= to - from; i++) {
      const paths = changedPaths(leftStates[i], rightStates[i]);
      if (paths.length === 0) continue;
      if (differences.length === maxDifferences) {
        truncated = true;
        break;
      }
      const event = events[from + i];
      differences.push({ index: from + i, eventId: event.id, eventType: event.type, ...(event.version !== undefined ? { version: event.version } : {}), left: leftStates[i], right: rightStates[i], paths });
    }
    if (truncated) break;
  }
  return { compared: events.length, ...(differences.length > 0 ? { firstDifference: differences[0].index } : {}), differences, truncated };
}

/** A built-in reducer (trusted, in the host) as one side of a what-if. */
export function builtInStates(reducer: Reducer, events: readonly FlowEvent[]): StateSource {
  const replayer = new Replayer(reducer, events);
  return {
    states(from, to) {
      const states: JsonValue[] = [];
      for (let i = from; i <= to; i++) states.push(replayer.stateAt(i));
      return Promise.resolve(states);
    },
  };
}
