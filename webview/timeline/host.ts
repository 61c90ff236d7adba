/**
 * The webview's side of the channel to the extension: typed posting, typed receiving, and the
 * persisted view state (what VS Code keeps while the panel is hidden or the window reloads).
 */
import type { ExtensionToWebview, TimelineFirstView, TimelineViewState, WebviewToExtension } from '../../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewToExtension): void;
  onMessage(handler: (message: ExtensionToWebview) => void): void;
  loadState(): TimelineViewState | undefined;
  saveState(state: TimelineViewState): void;
  /** The first view the panel wrote into the page, when it did and it reads back whole. */
  firstView(): TimelineFirstView | undefined;
}

export function connectToHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isExtensionMessage(event.data)) handler(event.data);
      });
    },
    loadState: () => {
      const state = api.getState();
      return isViewState(state) ? state : undefined;
    },
    saveState: (state) => api.setState(state),
    firstView: readFirstView,
  };
}

function readFirstView(): TimelineFirstView | undefined {
  const text = document.getElementById('first-view')?.textContent;
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (isFirstView(value)) return value;
    console.error('The first view in the page has an unexpected shape; asking the host instead.');
  } catch (error) {
    console.error(`The first view in the page is not JSON (${String(error)}); asking the host instead.`);
  }
  return undefined;
}

function isFirstView(value: unknown): value is TimelineFirstView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Partial<Record<keyof TimelineFirstView, unknown>>;
  const init = view.init as { type?: unknown; total?: unknown } | undefined;
  return init?.type === 'init' && typeof init.total === 'number' && Number.isInteger(view.rowsOffset) && Array.isArray(view.rows);
}

function isExtensionMessage(value: unknown): value is ExtensionToWebview {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The host validates with valibot; a type guard keeps the schema library out of the bundle. */
function isViewState(value: unknown): value is TimelineViewState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<Record<keyof TimelineViewState, unknown>>;
  return (
    typeof state.storeLabel === 'string' &&
    (state.connectionId === undefined || typeof state.connectionId === 'string') &&
    typeof state.aggregateId === 'string' &&
    typeof state.aggregateType === 'string' &&
    (state.selectedIndex === null || typeof state.selectedIndex === 'number') &&
    Array.isArray(state.filter) &&
    state.filter.every((item) => typeof item === 'string')
  );
}
