/**
 * The states of a stream as the timeline would fold them: through the workspace reducer of its aggregate
 * type (`.js`/`.ts` in the worker, `.py` in the Python harness; trusted workspaces only), else the built-in
 * reducer. What what-if, snapshot drift and test generation compare and expect.
 */
import * as path from 'node:path';
import type { FlowEvent } from '../core/envelope';
import type { JsonValue } from '../core/json';
import { chooseReducer } from '../core/reducers';
import { Replayer } from '../core/replay';
import type { WorkspaceCode } from '../sandbox/workspaceCode';
import { findWorkspaceReducers } from '../sandbox/workspaceFiles';

export interface StreamStates {
  /** `workspace:order.js`, or the built-in reducer's name. */
  name: string;
  /** The workspace file, when the states come from one. */
  file?: string;
  stateAt(index: number): Promise<JsonValue>;
  states(from: number, to: number): Promise<JsonValue[]>;
  close(): Promise<void>;
}

export async function streamStates(code: WorkspaceCode, root: string | undefined, aggregateType: string, aggregateId: string, events: readonly FlowEvent[], overrides: Record<string, string> = {}): Promise<StreamStates> {
  if (root && code.trusted) {
    const { javascript, python } = await findWorkspaceReducers(root);
    if (javascript.length > 0) {
      const sandbox = code.reducerSandbox();
      const info = (await sandbox.load(javascript)).reducers.find((reducer) => reducer.aggregateType === aggregateType);
      if (info) {
        const stream = await sandbox.openStream(aggregateType, events);
        return { name: `workspace:${path.basename(info.file)}`, file: info.file, stateAt: (i) => stream.stateAt(i), states: (a, b) => stream.states(a, b), close: () => stream.close() };
      }
    }
    if (python.length > 0) {
      const sandbox = code.pythonSandbox();
      const info = (await sandbox.load(python)).reducers.find((reducer) => reducer.aggregateType === aggregateType);
      if (info) {
        const stream = await sandbox.openStream(aggregateType, aggregateId, events);
        return { name: `workspace:${path.basename(info.file)}`, file: info.file, stateAt: (i) => stream.stateAt(i), states: (a, b) => stream.states(a, b), close: () => stream.close() };
      }
    }
  }
  return builtInStreamStates(chooseReducer(aggregateType, overrides, events).name, aggregateType, events, overrides);
}

export function builtInStreamStates(name: string, aggregateType: string, events: readonly FlowEvent[], overrides: Record<string, string> = {}): StreamStates {
  const replayer = new Replayer(chooseReducer(aggregateType, overrides, events), events);
  const stateAt = (index: number): JsonValue => replayer.stateAt(index);
  return {
    name,
    stateAt: (index) => Promise.resolve(stateAt(index)),
    states: (from, to) => {
      const states: JsonValue[] = [];
      for (let i = from; i <= to; i++) states.push(stateAt(i));
      return Promise.resolve(states);
    },
    close: () => Promise.resolve(),
  };
}
