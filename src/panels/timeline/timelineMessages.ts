/**
 * Answers the webview's requests from a session. Free of the vscode API, so the panel and the Chromium
 * test of the real webview bundle answer through exactly the same code.
 */
import { ROW_PAGE_SIZE } from '../../protocol/common';
import type { ExtensionToWebview, TimelineFirstView, WebviewToExtension } from '../../protocol/timeline';
import type { TimelineSession } from './timelineSession';

/**
 * The first view the page carries from the start (see TimelineFirstView): the last two pages of rows,
 * enough for any editor's height at the end of the view, where the timeline opens.
 */
export function firstTimelineView(session: TimelineSession): TimelineFirstView {
  const total = session.viewLength;
  // Whole pages of the webview's row cache, so it keeps them as they are.
  const rowsOffset = total === 0 ? 0 : Math.max(0, (Math.ceil(total / ROW_PAGE_SIZE) - 2) * ROW_PAGE_SIZE);
  return { init: session.init(), rowsOffset, rows: session.rows(rowsOffset, 2 * ROW_PAGE_SIZE) };
}

/**
 * The requests a session answers alone; the others need the editor (a save dialog, the clipboard, the
 * sandbox, a command) and stay with the panel.
 */
export type SessionRequest = Extract<WebviewToExtension, { type: 'ready' | 'requestRows' | 'select' | 'step' | 'setFilter' | 'compare' }>;

export function isSessionRequest(request: WebviewToExtension): request is SessionRequest {
  return ['ready', 'requestRows', 'select', 'step', 'setFilter', 'compare'].includes(request.type);
}

export function answerTimelineRequest(session: TimelineSession, request: SessionRequest): ExtensionToWebview[] {
  switch (request.type) {
    case 'ready':
      return [session.init()];
    case 'requestRows':
      return [
        {
          type: 'rows',
          requestId: request.requestId,
          offset: request.offset,
          total: session.viewLength,
          rows: session.rows(request.offset, request.count),
        },
      ];
    case 'select':
      return [{ type: 'selected', detail: session.select(request.index) }];
    case 'step': {
      const detail = session.step(request.to);
      return detail === undefined ? [] : [{ type: 'selected', detail }];
    }
    case 'compare':
      return [{ type: 'comparison', comparison: session.compare(request.a, request.b) }];
    case 'setFilter': {
      const total = session.setFilter(request.types);
      const replies: ExtensionToWebview[] = [{ type: 'filtered', types: [...session.filter], total }];
      // The selection keeps its event; its position in the new view is what the list scrolls to.
      const current = session.current();
      if (current !== undefined) replies.push({ type: 'selected', detail: current });
      return replies;
    }
  }
}
