/**
 * Which workspace reducer replays an aggregate type, and what the timeline says about it: a file that did
 * not load (with the reducer used instead), two files that both export the type (which one won, and why).
 * Pure: the editor side turns these into a banner, a diagnostic and one notification.
 */
import * as path from 'node:path';
import type { LoadReport, ReducerInfo, SandboxFailure, SourceLocation } from './types';

/** What the timeline shows above the list about its reducer; `location` is a link to the place. */
export interface ReducerNote {
  kind: 'load-failed' | 'choice';
  message: string;
  location?: SourceLocation;
}

export interface ReducerChoice {
  /** The reducer that replays the type, when a workspace file exports it. */
  chosen?: ReducerInfo;
  notes: ReducerNote[];
}

/**
 * Chooses between the loaded `.js`/`.ts` reducers and the `.py` classes for `aggregateType`: a `.js` or
 * `.ts` file wins over a `.py` class (it runs in the worker, with the editor's own debugger); a file that
 * did not load is named when its text mentions the type (`sourceOf` reads it), since it may be the
 * reducer the user meant.
 */
export function chooseWorkspaceReducer(
  aggregateType: string,
  javascript: LoadReport | undefined,
  python: LoadReport | undefined,
  sourceOf: (file: string) => string | undefined,
): ReducerChoice {
  const candidates = [...(javascript?.reducers ?? []), ...(python?.reducers ?? [])].filter((reducer) => reducer.aggregateType === aggregateType);
  const chosen = candidates[0];
  const using = chosen ? path.basename(chosen.file) : 'the built-in reducer';
  const notes: ReducerNote[] = [];
  for (const failure of [...(javascript?.failures ?? []), ...(python?.failures ?? [])]) {
    const file = failure.location?.file;
    if (file === undefined || (file !== chosen?.file && !mentions(sourceOf(file), aggregateType))) continue;
    notes.push({ kind: 'load-failed', message: `${path.basename(file)} did not load: ${loadFailureText(failure)} — using ${using}`, location: failure.location });
  }
  if (chosen && candidates.length > 1) notes.push({ kind: 'choice', message: describeChoice(aggregateType, chosen, candidates.slice(1)), location: { file: chosen.file, line: 1 } });
  return chosen ? { chosen, notes } : { notes };
}

/** "order.js is used for Order; orders.py also exports Order and is ignored: a .js or .ts reducer wins over a .py class." */
export function describeChoice(aggregateType: string, chosen: ReducerInfo, ignored: readonly ReducerInfo[]): string {
  const others = ignored.map((reducer) => path.basename(reducer.file));
  const why = chosen.file.endsWith('.py')
    ? 'the first file in name order wins'
    : ignored.some((reducer) => reducer.file.endsWith('.py'))
      ? 'a .js or .ts reducer wins over a .py class'
      : 'the first file in name order wins';
  const verb = others.length === 1 ? 'also exports' : 'also export';
  return `${path.basename(chosen.file)} is used for ${aggregateType}; ${others.join(', ')} ${verb} ${aggregateType} and ${others.length === 1 ? 'is' : 'are'} ignored: ${why}. Remove or rename the other to choose.`;
}

/** The failure as the user reads it: the message without Python's exception class where it only repeats it, and the line. */
export function loadFailureText(failure: SandboxFailure): string {
  const message = failure.message.replace(/^ModuleNotFoundError: /, '');
  return failure.location ? `${message} (line ${failure.location.line})` : message;
}

/** What makes the file load again: said once, in the notification. */
export function loadFailureFix(failure: SandboxFailure): string {
  const file = failure.location?.file ?? '';
  const pythonModule = /No module named '([\w.]+)'/.exec(failure.message)?.[1];
  if (pythonModule !== undefined) {
    const name = pythonModule.split('.')[0];
    return `Install ${name} for the Python that runs reducers (python3 -m pip install ${name}), or move the import out of the reducer file.`;
  }
  const nodeModule = /Cannot find module '([^']+)'/.exec(failure.message)?.[1];
  if (nodeModule !== undefined && !nodeModule.startsWith('.')) return `Install ${nodeModule} in the workspace (npm install ${nodeModule}), or remove the require.`;
  const line = failure.location ? ` at line ${failure.location.line}` : '';
  return `Fix the error${line} in ${path.basename(file) || 'the file'}; open timelines replay again when you save it.`;
}

function mentions(source: string | undefined, aggregateType: string): boolean {
  if (source === undefined) return true;
  const escaped = aggregateType.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b${escaped}\\b`).test(source);
}
