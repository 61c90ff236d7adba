/**
 * The timeline's channel to the extension: the shared host over the timeline's messages, with the guards
 * of its saved view state and of the first view its page carries.
 */
import type { ExtensionToWebview, TimelineFirstView, TimelineViewState, WebviewToExtension } from '../../src/protocol/timeline';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

export type Host = SharedHost<WebviewToExtension, ExtensionToWebview, TimelineViewState, TimelineFirstView>;

export function connectToHost(): Host {
  return connect<WebviewToExtension, ExtensionToWebview, TimelineViewState, TimelineFirstView>({ isState: isViewState, isFirstView });
}

function isFirstView(value: unknown): value is TimelineFirstView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Partial<Record<keyof TimelineFirstView, unknown>>;
  const init = view.init as { type?: unknown; total?: unknown } | undefined;
  return init?.type === 'init' && typeof init.total === 'number' && Number.isInteger(view.rowsOffset) && Array.isArray(view.rows);
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
