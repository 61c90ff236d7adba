import type { FlowEvent } from '../envelope';
import type { JsonValue } from '../json';

/**
 * Folds events into the state of one aggregate. Must be pure: `apply` never mutates `state` and returns a
 * new value (sharing unchanged parts is fine), because replay keeps earlier states as checkpoints and hands
 * them out again when the user jumps back. States are JSON so they can be shown, diffed and exported.
 */
export interface Reducer<S extends JsonValue = JsonValue> {
  readonly name: string;
  readonly description: string;
  initial(): S;
  apply(state: S, event: FlowEvent): S;
}
