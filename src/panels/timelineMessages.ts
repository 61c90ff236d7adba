/**
 * Answers the webview's requests from a session. Free of the vscode API, so the panel and the Chromium
 * test of the real webview bundle answer through exactly the same code.
 */
import type { ExtensionToWebview, TimelineFirstView, WebviewToExtension } from '../protocol';
import type { TimelineSession } from './timelineSession';

/** Rows in the first view: the webview's page of rows, and more than any editor shows at once. */
const FIRST_VIEW_ROWS = 100;

/** The first view the page carries from the start (see TimelineFirstView). */
export function firstTimelineView(session: TimelineSession): TimelineFirstView {
  return { init: session.init(), rows: session.rows(0, FIRST_VIEW_ROWS) };
}

/** Every request except `export`, which needs a save dialog and so stays with the panel. */
export type SessionRequest = Exclude<WebviewToExtension, { type: 'export' }>;

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
