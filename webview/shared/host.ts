/**
 * A webview's side of the channel to the extension: typed posting, typed receiving, the persisted view
 * state (what VS Code keeps while the panel is hidden or the window reloads), and the first view the page
 * carries as a JSON data block. Each app supplies its message types and the guards of its state and
 * first view: the host validates with valibot, type guards keep the schema library out of the bundle.
 */
import { FIRST_VIEW_ELEMENT_ID } from '../../src/protocol/common';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host<ToHost, FromHost, State, FirstView> {
  post(message: ToHost): void;
  onMessage(handler: (message: FromHost) => void): void;
  loadState(): State | undefined;
  saveState(state: State): void;
  /** The first view the panel wrote into the page, when it did and it reads back whole. */
  firstView(): FirstView | undefined;
}

export interface HostGuards<State, FirstView> {
  isState(value: unknown): value is State;
  isFirstView(value: unknown): value is FirstView;
}

/** Call once per page: VS Code hands out its API only once. */
export function connectToHost<ToHost, FromHost extends { type: string }, State, FirstView>(
  guards: HostGuards<State, FirstView>,
): Host<ToHost, FromHost, State, FirstView> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isMessage<FromHost>(event.data)) handler(event.data);
      });
    },
    loadState: () => {
      const state = api.getState();
      return guards.isState(state) ? state : undefined;
    },
    saveState: (state) => api.setState(state),
    firstView: () => readFirstView((value) => guards.isFirstView(value)),
  };
}

function readFirstView<FirstView>(isFirstView: (value: unknown) => value is FirstView): FirstView | undefined {
  const text = document.getElementById(FIRST_VIEW_ELEMENT_ID)?.textContent;
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

/** Messages come from the extension host, which validated what it built: the type tag is enough here. */
function isMessage<T extends { type: string }>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
