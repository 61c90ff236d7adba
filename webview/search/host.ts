/** The search view's channel to the extension: the shared host over its messages. */
import type { SearchFirstView, SearchState, SearchToHost, SearchToWebview } from '../../src/protocol/search';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

export type Host = SharedHost<SearchToHost, SearchToWebview, SearchState, SearchFirstView>;

export function connectToHost(): Host {
  return connect<SearchToHost, SearchToWebview, SearchState, SearchFirstView>({
    isState,
    isFirstView: (value): value is SearchFirstView => {
      const first = value as { view?: { sources?: unknown; total?: unknown }; restored?: unknown } | null;
      return Array.isArray(first?.view?.sources) && typeof first.view.total === 'number' && (first.restored === undefined || isState(first.restored));
    },
  });
}

/** What the page saved (the host checks it again with its schema before it runs anything from it). */
function isState(value: unknown): value is SearchState {
  const state = value as Partial<SearchState> | null;
  return typeof state?.kind === 'string' && typeof state.text === 'string' && typeof state.window === 'object' && state.window !== null && Array.isArray(state.sources) && state.sources.every((s) => typeof s === 'string') && typeof state.searched === 'boolean';
}
