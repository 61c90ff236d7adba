import * as vscode from 'vscode';
import type { StoreConnection } from '../connections/connection';
import type { AppendResult, EventStore } from '../connectors/eventStore';
import { findAggregate } from '../connectors/eventStoreReads';
import { typeFromIdPrefix } from '../core/aggregateTypeNames';
import { parseJsonSafely } from '../core/codec';
import type { JsonValue } from '../core/json';
import type { TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError } from '../ui/progress';
import { ask } from '../ui/prompts';
import { registerCommand } from '../ui/registerCommand';
import { draftTemplate, parseEventDraft, type EventDraft } from './eventDocument';
import { pickStoreConnection } from './pickers';
import type { CommandServices } from './services';

/**
 * Append Event: from a tree node (the aggregate or the store), from the palette, or with a draft object
 * (`{ aggregateId, aggregateType, expectedVersion, type, data, metadata? }`) from a caller.
 */
export function registerAppendCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.appendEvent, 'append the event', async (arg?: TreeNode | Record<string, unknown>) => {
      const node = isTreeNode(arg) ? arg : undefined;
      const connection = await pickStoreConnection(services, node);
      const store = await connection.open();
      const draft = isTreeNode(arg) || arg === undefined ? await draftInteractively(store, node) : checked(parseEventDraft(arg));
      return appendDraft(services, connection, store, draft);
    }),
  ];
}

function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'id' in arg && !('aggregateId' in arg);
}

function checked(result: ReturnType<typeof parseEventDraft>): EventDraft {
  if (!result.ok) {
    throw new Error(`the event is not valid: ${result.error}`);
  }
  return result.draft;
}

async function appendDraft(services: CommandServices, connection: StoreConnection, store: EventStore, draft: EventDraft): Promise<AppendResult> {
  const result = await store.append(draft.aggregateId, draft.aggregateType, [draft.event], draft.expectedVersion);
  services.log.info(`Appended ${draft.event.type} to ${draft.aggregateId} as version ${result.toVersion} in ${connection.label}`);
  services.tree.refreshConnection(connection.id);
  await services.panels.get(connection.id, draft.aggregateId)?.reload();
  void vscode.window.setStatusBarMessage(`Appended ${draft.event.type} to ${draft.aggregateId} (version ${result.toVersion})`, 5000);
  return result;
}

async function draftInteractively(store: EventStore, node: TreeNode | undefined): Promise<EventDraft> {
  const known = node?.kind === 'aggregate' ? node.aggregate : undefined;
  const aggregateId = known?.id ?? (await ask({ title: 'Append event: aggregate id', prompt: 'An existing aggregate id, or a new one (e.g. Order-2001)' }));
  const existing = known ?? (await findAggregate(store, aggregateId));
  const aggregateType =
    existing?.type ??
    (await ask({ title: 'Append event: aggregate type', prompt: `The type of the new aggregate ${aggregateId}`, value: typeFromIdPrefix(aggregateId) ?? '' }));
  const version = existing?.version ?? 0;
  const eventType = await ask({ title: `Append event to ${aggregateId}`, prompt: 'Event type (e.g. ItemAdded)' });
  const editor = await vscode.window.showQuickPick(
    [
      { label: '$(json) Write the event in a JSON editor', value: 'editor' as const },
      { label: '$(edit) Type the data on one line', value: 'inline' as const },
    ],
    { title: `Append ${eventType} to ${aggregateId}`, ignoreFocusOut: true },
  );
  if (!editor) {
    throw new CancelledError();
  }
  if (editor.value === 'inline') {
    const data = await ask({ title: `${eventType} data (JSON)`, prompt: 'The event data as JSON', value: '{}', validate: jsonProblem });
    const expected = await ask({
      title: 'Expected version',
      prompt: `The version you expect ${aggregateId} to be at (it is at ${version} now); a stale one is refused`,
      value: String(version),
      validate: (text) => (/^\d+$/.test(text.trim()) ? undefined : 'A whole number, 0 or more'),
    });
    return checked(parseEventDraft({ aggregateId, aggregateType, expectedVersion: Number(expected), type: eventType, data: checkedJson(data) }));
  }
  return draftInEditor(draftTemplate(aggregateId, aggregateType, version, eventType));
}

/** Opens the draft as an untitled JSON document and appends it when the user says so. */
async function draftInEditor(template: string): Promise<EventDraft> {
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: template });
  await vscode.window.showTextDocument(document);
  for (;;) {
    const choice = await vscode.window.showInformationMessage('Edit the event in the editor, then choose Append.', 'Append', 'Cancel');
    if (choice !== 'Append') {
      throw new CancelledError();
    }
    const result = parseEventDraft(document.getText());
    if (result.ok) {
      return result.draft;
    }
    await vscode.window.showWarningMessage(`The event is not valid yet: ${result.error}`);
  }
}

function jsonProblem(text: string): string | undefined {
  const parsed = parseJsonSafely(text);
  return parsed.ok ? undefined : parsed.error;
}

function checkedJson(text: string): JsonValue {
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) {
    throw new Error(`the data is not valid JSON: ${parsed.error}`);
  }
  return parsed.value;
}
