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

/** Opens a report as a Markdown document beside the timeline (its preview is one keystroke away). */
export async function showReport(markdown: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return document;
}
