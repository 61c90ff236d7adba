/**
 * The aggregate a debugging command acts on, from wherever it was started: a timeline (its aggregate and
 * the range A…B), a tree node, or a quick pick; with its whole stream read once.
 */
import * as vscode from 'vscode';
import { isStoreConnection } from '../connections/connection';
import type { EventStore } from '../connectors/eventStore';
import { readWholeStream } from '../connectors/eventStoreReads';
import type { FlowEvent } from '../core/envelope';
import type { TreeNode } from '../explorer/treeNode';
import { isTimelineTarget, type TimelineTarget } from '../panels/timeline/timelineDebug';
import { withProgress } from '../ui/progress';
import { openStore, pickAggregate } from './pickers';
import type { CommandServices } from './services';

export interface DebugTarget {
  store: EventStore;
  aggregateId: string;
  aggregateType: string;
  events: FlowEvent[];
  /** The range the timeline chose (stream indexes, inclusive), when started from one. */
  range?: { from: number; to: number };
}

export async function resolveDebugTarget(services: CommandServices, arg: TreeNode | TimelineTarget | undefined, title: string): Promise<DebugTarget> {
  let store: EventStore;
  let aggregateId: string;
  let aggregateType: string;
  if (isTimelineTarget(arg)) {
    const connection = services.connections.get(arg.connectionId);
    if (!connection || !isStoreConnection(connection)) throw new Error(`the connection of ${arg.aggregateId} is gone; open its timeline again`);
    store = await openStore(connection);
    ({ aggregateId, aggregateType } = arg);
  } else {
    const picked = await pickAggregate(services, arg, title);
    store = picked.store;
    aggregateId = picked.aggregate.id;
    aggregateType = picked.aggregate.type;
  }
  const events = await withProgress(`Reading ${aggregateId}`, (signal) => readWholeStream(store, aggregateId, { signal }));
  if (events.length === 0) throw new Error(`${aggregateId} has no events`);
  const range = isTimelineTarget(arg) && arg.to < events.length ? { from: arg.from, to: arg.to } : undefined;
  return { store, aggregateId, aggregateType, events, ...(range ? { range } : {}) };
}

/** The workspace folder the debugging commands read `.eventflow/` from. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: workspace reducers live in its .eventflow/reducers/');
  return folder;
}

/** Where a report goes: one document per report kind and aggregate, in the group beside its timeline. */
export interface ReportPlace {
  key: string;
  /** The group beside the timeline the command came from; undefined: beside the active editor. */
  column?: vscode.ViewColumn;
}

export function reportPlace(services: CommandServices, arg: unknown, kind: string): ReportPlace | undefined {
  if (!isTimelineTarget(arg)) return undefined;
  const timelineColumn = services.panels.get(arg.connectionId, arg.aggregateId)?.panel.viewColumn;
  const column = timelineColumn !== undefined ? Math.min(timelineColumn + 1, vscode.ViewColumn.Nine) : undefined;
  return { key: [kind, arg.connectionId, arg.aggregateId, column ?? 'beside'].join('\u0000'), ...(column !== undefined ? { column } : {}) };
}

const openReports = new Map<string, vscode.TextDocument>();

/**
 * Opens a report as a Markdown document (its preview is one keystroke away), once: run again for the same
 * timeline, the report already open is replaced in place rather than opened in another group.
 */
export async function showReport(markdown: string, place?: ReportPlace): Promise<vscode.TextDocument> {
  const open = place ? openReports.get(place.key) : undefined;
  if (open && !open.isClosed) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(open.uri, new vscode.Range(0, 0, open.lineCount, 0), markdown);
    await vscode.workspace.applyEdit(edit);
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === open);
    await vscode.window.showTextDocument(open, { preview: true, viewColumn: shown?.viewColumn ?? place?.column ?? vscode.ViewColumn.Beside });
    return open;
  }
  const document = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
  if (place) openReports.set(place.key, document);
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: place?.column ?? vscode.ViewColumn.Beside });
  return document;
}
