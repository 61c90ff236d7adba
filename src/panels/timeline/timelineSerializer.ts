/**
 * Brings timeline panels back after a window reload. VS Code hands back the panel and the state the
 * webview saved with setState; the serializer finds the store by its connection's stable id (connecting
 * only that one connection) and reloads the stream.
 * When the store is gone (connection removed, not connected, or the state is unreadable) the restored
 * panel is closed and an information message says how to open the timeline again.
 */
import * as vscode from 'vscode';
import { describeError } from '../../errors';
import { parseTimelineViewState } from '../../protocol/timeline';
import { registerPanelSerializer } from '../../ui/standIns';
import { TIMELINE_VIEW_TYPE, type StreamSource, type TimelinePanels } from './timelinePanel';

export interface TimelineSerializerServices {
  panels: TimelinePanels;
  log: vscode.LogOutputChannel;
  /** The store of the saved connection with this id, if there is one now (connects it first). */
  resolveSource(connectionId: string): Promise<StreamSource | undefined>;
}

export function registerTimelineSerializer(services: TimelineSerializerServices): vscode.Disposable {
  return registerPanelSerializer(TIMELINE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const target = parseTimelineViewState(state);
      try {
        const source = target?.connectionId === undefined ? undefined : await services.resolveSource(target.connectionId);
        if (target === undefined || source === undefined) {
          panel.dispose();
          const what = target === undefined ? 'a timeline' : `the timeline of ${target.aggregateId}`;
          services.log.info(`Closed restored ${what}: its store is not available.`);
          void vscode.window.showInformationMessage(`Closed ${what}: its store is not available. Open it again from the Event Flows view.`);
          return;
        }
        await services.panels.restore(panel, source, target.aggregateId, target.aggregateType);
      } catch (error) {
        panel.dispose();
        const message = `Could not restore the timeline of ${target?.aggregateId ?? 'an aggregate'}: ${describeError(error)}`;
        services.log.error(message);
        void vscode.window.showWarningMessage(message);
      }
    },
  });
}
