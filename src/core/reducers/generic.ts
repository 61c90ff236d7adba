import type { FlowEvent } from '../envelope';
import type { JsonObject } from '../json';
import { isJsonObject } from '../json';
import type { Reducer } from './types';
import { nextVersion } from './version';

/**
 * Works for any aggregate: the state is every event's data merged over the previous state (shallow), plus
 * the last event's type and the version. Good enough to see how fields evolve without writing a reducer.
 */
export const genericReducer: Reducer<JsonObject> = {
  name: 'generic',
  description: "Merges each event's data into the state (shallow) and records the last event type and version.",
  initial: () => ({}),
  apply(state: JsonObject, event: FlowEvent): JsonObject {
    // A snapshot from a store may hold anything; an object state is the one thing this reducer can extend.
    const base = isJsonObject(state) ? state : {};
    const data = isJsonObject(event.data) ? event.data : {};
    return { ...base, ...data, lastEventType: event.type, version: nextVersion(base.version, event) };
  },
};
