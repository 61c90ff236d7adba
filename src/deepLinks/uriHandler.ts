import * as vscode from 'vscode';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import { isStoreConnection } from '../connections/connection';
import type { TimelinePanels } from '../panels/timeline/timelinePanel';
import { describeError } from '../errors';
import { parseTimelineLink, type ParsedLink } from './deepLink';

export interface UriHandlerServices {
  log: vscode.LogOutputChannel;
  connections: ConnectionRegistry;
  panels: TimelinePanels;
}

/**
 * Opens the timeline a `vscode://…/timeline?…` link names, at its version and with its filter, after
 * `parseTimelineLink` accepted every part of it against the connections saved here; a refused link says why
 * and opens nothing. Returns what it decided
 * (for tests).
 */
export class TimelineUriHandler implements vscode.UriHandler {
  lastResult: ParsedLink | undefined;

  constructor(private readonly services: UriHandlerServices) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const saved = new Set(this.services.connections.all().map((connection) => connection.id));
    const parsed = parseTimelineLink(uri.path, uri.query, saved);
    this.lastResult = parsed;
    if (!parsed.ok) {
      this.services.log.warn(parsed.reason);
      void vscode.window.showErrorMessage(parsed.reason);
      return;
    }
    const { link } = parsed;
    const connection = this.services.connections.get(link.connectionId);
    if (!connection || !isStoreConnection(connection)) {
      void vscode.window.showErrorMessage(`Refused the link: connection ${link.connectionId} is not an event store.`);
      return;
    }
    try {
      const store = await connection.open();
      const panel = await this.services.panels.open({ connectionId: connection.id, store }, link.aggregateId, link.aggregateType ?? link.aggregateId.replace(/-.*$/, ''));
      // The timeline opens where the link points: its filter, then the event of its version.
      if (link.version !== undefined || (link.filter !== undefined && link.filter.length > 0)) {
        await panel.showLinked({ ...(link.version !== undefined ? { version: link.version } : {}), ...(link.filter ? { filter: link.filter } : {}) });
      }
    } catch (error) {
      const message = `Could not open the linked timeline: ${describeError(error)}`;
      this.services.log.error(message);
      void vscode.window.showErrorMessage(message);
    }
  }
}
