/** The message browser's channel to the extension: the shared host over its messages. */
import type { BrowserFirstView, BrowserToExtension, BrowserToWebview, BrowseParameters } from '../../src/protocol/messageBrowser';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

/** What the page keeps while hidden: the form as the user left it. */
export interface BrowserViewState {
  parameters: BrowseParameters;
}

export type Host = SharedHost<BrowserToExtension, BrowserToWebview, BrowserViewState, BrowserFirstView>;

export function connectToHost(): Host {
  return connect<BrowserToExtension, BrowserToWebview, BrowserViewState, BrowserFirstView>({ isState, isFirstView });
}

function isFirstView(value: unknown): value is BrowserFirstView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as { init?: { type?: unknown; total?: unknown }; rows?: unknown; rowsOffset?: unknown };
  return view.init?.type === 'init' && typeof view.init.total === 'number' && Number.isInteger(view.rowsOffset) && Array.isArray(view.rows);
}

function isState(value: unknown): value is BrowserViewState {
  if (typeof value !== 'object' || value === null) return false;
  const parameters = (value as { parameters?: { mode?: unknown; filter?: unknown } }).parameters;
  return typeof parameters?.mode === 'string' && typeof parameters.filter === 'object' && parameters.filter !== null;
}
