/**
 * The other side of a what-if: a reducer file (JavaScript, TypeScript or Python) in a sandbox of its own,
 * since both sides export the same aggregate type.
 */
import * as path from 'node:path';
import type { FlowEvent } from '../core/envelope';
import { ReducerSandbox } from '../sandbox/reducerSandbox';
import type { StateSource } from '../sandbox/whatIf';
import type { WorkspaceCode } from '../sandbox/workspaceCode';

/** The files the what-if picker shows: every language a workspace reducer is written in. */
export const WHAT_IF_REDUCER_EXTENSIONS = ['js', 'cjs', 'mjs', 'ts', 'py'] as const;

export interface OtherSide {
  states: StateSource;
  dispose(): Promise<void>;
}

/** `resolveAs`: a JS copy's path → the path its imports resolve from (an old version resolves as the working copy does). */
export async function openOtherSide(
  code: WorkspaceCode,
  file: string,
  aggregateType: string,
  aggregateId: string,
  events: readonly FlowEvent[],
  resolveAs: Record<string, string> = {},
): Promise<OtherSide> {
  const python = file.endsWith('.py');
  const sandbox = python ? code.separatePythonSandbox() : new ReducerSandbox();
  const dispose = async (): Promise<void> => {
    if (sandbox instanceof ReducerSandbox) await sandbox.dispose();
    else sandbox.dispose();
  };
  try {
    const report = sandbox instanceof ReducerSandbox ? await sandbox.load([file], { resolveAs }) : await sandbox.load([file]);
    if (!report.reducers.some((reducer) => reducer.aggregateType === aggregateType)) {
      const why = report.failures[0]?.message;
      throw new Error(`${path.basename(file)} ${python ? 'defines no class' : 'exports no reducer'} for ${aggregateType}${why ? ` (${why})` : ''}`);
    }
    const stream = sandbox instanceof ReducerSandbox ? await sandbox.openStream(aggregateType, events) : await sandbox.openStream(aggregateType, aggregateId, events);
    return { states: stream, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
