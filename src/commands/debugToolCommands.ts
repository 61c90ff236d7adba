/**
 * The engine's debugging features as commands, from the palette, an aggregate in the tree, or a timeline's
 * buttons: what-if (a second reducer, or the file at git's HEAD), the upcaster preview, and snapshot drift.
 * Each opens a Markdown report beside the timeline and returns what it found (for tests).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plural } from '../core/plural';
import type { TreeNode } from '../explorer/treeNode';
import type { TimelineTarget } from '../panels/timeline/timelineDebug';
import { headVersionOf } from '../sandbox/gitHead';
import { hasHeadVersion } from '../sandbox/gitHeadAvailable';
import { snapshotDrift, type SnapshotCheck } from '../sandbox/snapshotDrift';
import type { UpcastPreview } from '../sandbox/upcastPreview';
import { whatIf, type WhatIfResult } from '../sandbox/whatIf';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { findWorkspaceReducers } from '../sandbox/workspaceFiles';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { driftReport, upcastReport, whatIfReport } from './debugReports';
import { reportPlace, resolveDebugTarget, showReport, workspaceFolder } from './debugTarget';
import { streamStates } from './reducerSource';
import type { CommandServices } from './services';
import { openOtherSide, WHAT_IF_REDUCER_EXTENSIONS, type OtherSide } from './whatIfSide';

/** A what-if's right side without asking: `head` (the reducer file at git's HEAD) or another file. */
export type WhatIfAgainst = { against: 'head' } | { against: 'file'; file: string };

export function registerDebugToolCommands(services: CommandServices, code: WorkspaceCode): vscode.Disposable[] {
  const trusted = (): boolean => {
    if (code.trusted) return true;
    void vscode.window.showWarningMessage(UNTRUSTED_REASON, 'Manage Workspace Trust').then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    return false;
  };
  return [
    registerCommand(services.log, COMMANDS.whatIf, 'replay through another reducer', async (arg?: TreeNode | TimelineTarget, choice?: WhatIfAgainst): Promise<WhatIfResult | undefined> => {
      if (!trusted()) return undefined;
      const root = workspaceFolder().uri.fsPath;
      const target = await resolveDebugTarget(services, arg, 'What if: replay which aggregate?');
      const left = await streamStates(code, root, target.aggregateType, target.aggregateId, target.events, services.settings().reducers);
      try {
        const against = choice ?? (await pickWhatIfSide(left.file, left.file ? await hasHeadVersion(left.file) : false));
        if (!against) return undefined;
        let rightFile: string;
        let resolveAs: Record<string, string> = {};
        let cleanup = (): Promise<void> => Promise.resolve();
        if (against.against === 'head') {
          if (!left.file) throw new Error(`no workspace reducer exports ${target.aggregateType}, so there is no file to compare with git's HEAD`);
          const head = await headVersionOf(left.file);
          rightFile = head.file;
          resolveAs = { [head.file]: head.resolveAs };
          cleanup = head.remove;
        } else {
          rightFile = against.file;
        }
        let other: OtherSide | undefined;
        try {
          other = await openOtherSide(code, rightFile, target.aggregateType, target.aggregateId, target.events, resolveAs);
          const states = other.states;
          const result = await withProgress(`Replaying ${target.aggregateId} through both`, () => whatIf(left, states, target.events));
          const rightName = against.against === 'head' ? `${path.basename(left.file ?? rightFile)} at HEAD` : path.basename(rightFile);
          await showReport(whatIfReport(target.aggregateId, left.name, rightName, result), reportPlace(services, arg, 'whatIf'));
          services.log.info(`What if ${target.aggregateId}: ${left.name} vs ${rightName}: ${plural(result.differences.length, 'event')} ${result.differences.length === 1 ? 'differs' : 'differ'}, first at ${result.firstDifference ?? 'none'}`);
          return result;
        } finally {
          await other?.dispose();
          await cleanup();
        }
      } finally {
        await left.close();
      }
    }),
    registerCommand(services.log, COMMANDS.upcastPreview, 'preview the upcasters', async (arg?: TreeNode | TimelineTarget): Promise<UpcastPreview | undefined> => {
      if (!trusted()) return undefined;
      const root = workspaceFolder().uri.fsPath;
      const target = await resolveDebugTarget(services, arg, 'Preview the upcasters over which aggregate?');
      const { javascript } = await findWorkspaceReducers(root);
      const sandbox = code.reducerSandbox();
      const report = await sandbox.load(javascript);
      if (!report.reducers.some((reducer) => reducer.aggregateType === target.aggregateType)) {
        throw new Error(`no workspace reducer exports ${target.aggregateType} (in .eventflow/reducers/*.js or .ts), so there are no upcasters`);
      }
      const preview = await withProgress(`Upcasting ${target.aggregateId}`, () => sandbox.upcastPreview(target.aggregateType, target.events));
      await showReport(upcastReport(target.aggregateId, preview), reportPlace(services, arg, 'upcast'));
      return preview;
    }),
    registerCommand(services.log, COMMANDS.snapshotDrift, 'check snapshot drift', async (arg?: TreeNode | TimelineTarget): Promise<SnapshotCheck[] | undefined> => {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const target = await resolveDebugTarget(services, arg, 'Check the snapshots of which aggregate?');
      const snapshots = await target.store.listSnapshots(target.aggregateId);
      const states = await streamStates(code, root, target.aggregateType, target.aggregateId, target.events, services.settings().reducers);
      try {
        const checks = await withProgress(`Re-folding ${target.aggregateId}`, () => snapshotDrift(states, target.events, snapshots));
        await showReport(driftReport(target.aggregateId, states.name, checks), reportPlace(services, arg, 'drift'));
        return checks;
      } finally {
        await states.close();
      }
    }),
  ];
}

/** Offers only what can work: "at git's HEAD" only when the reducer file has a committed version. */
async function pickWhatIfSide(reducerFile: string | undefined, headAvailable: boolean): Promise<WhatIfAgainst | undefined> {
  const items: Array<vscode.QuickPickItem & { value: 'head' | 'file' }> = [
    ...(reducerFile && headAvailable ? [{ label: `${path.basename(reducerFile)} at git's HEAD`, description: 'the last committed version of the reducer', value: 'head' as const }] : []),
    { label: 'Another reducer file…', description: 'a .js, .ts or .py file with a reducer of the same aggregate type', value: 'file' as const },
  ];
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Replay the stream through which other reducer?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.value === 'head') return { against: 'head' };
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Reducers: [...WHAT_IF_REDUCER_EXTENSIONS] }, title: 'The other reducer' });
  return files?.[0] ? { against: 'file', file: files[0].fsPath } : undefined;
}
