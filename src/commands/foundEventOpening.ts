/**
 * Opening one event a search or a trace found, the way the views that read its kind open it: a store's event
 * opens its aggregate's timeline at its version; a broker's message opens as the document its own browser
 * opens (Kafka's message browser, RabbitMQ's peek), each kind adding its way here by its source's `system`.
 * The flow view and the search view both open through `openFoundEvent`.
 */
import * as vscode from 'vscode';
import { isStoreConnection } from '../connections/connection';
import type { FoundEvent } from '../core/flow/flowTypes';
import type { CommandServices } from './services';

/** Opens one found event beside the view it was found in. */
export type FoundEventOpener = (found: FoundEvent, column: vscode.ViewColumn) => Promise<unknown>;

/** The way each kind opens a message it read, by the `system` of its sources. */
export class FoundEventOpeners {
  private readonly bySystem = new Map<string, FoundEventOpener>();

  add(system: string, open: FoundEventOpener): vscode.Disposable {
    this.bySystem.set(system, open);
    return { dispose: () => this.bySystem.get(system) === open && this.bySystem.delete(system) };
  }

  get(system: string): FoundEventOpener | undefined {
    return this.bySystem.get(system);
  }
}

export async function openFoundEvent(services: CommandServices, found: FoundEvent): Promise<void> {
  const { event } = found;
  const connection = services.connections.get(found.connectionId);
  if (connection && isStoreConnection(connection) && event.aggregateId !== undefined) {
    const store = await connection.open();
    const panel = await services.panels.open({ connectionId: connection.id, store }, event.aggregateId, event.aggregateType ?? event.aggregateId.replace(/-.*$/, ''));
    if (event.version !== undefined) await panel.showLinked({ version: event.version });
    return;
  }
  const open = services.openers.get(event.source.system);
  if (open) {
    await open(found, vscode.ViewColumn.Beside);
    return;
  }
  // No kind says how its messages open: the event itself, as the event model holds it.
  services.log.info(`Opened a ${event.source.system} event as JSON: no view of that kind opens its messages.`);
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(event, null, 2) });
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
