/** The search view's channel to the extension: the shared host over its messages. */
import type { SearchFirstView, SearchToHost, SearchToWebview } from '../../src/protocol/search';
import type { SearchKind } from '../../src/protocol/searchTerms';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

/** What the page keeps while hidden: the query as the user left it (the host keeps the results). */
export interface SearchState {
  kind: SearchKind;
  text: string;
}

export type Host = SharedHost<SearchToHost, SearchToWebview, SearchState, SearchFirstView>;

export function connectToHost(): Host {
  return connect<SearchToHost, SearchToWebview, SearchState, SearchFirstView>({
    isState: (value): value is SearchState => typeof (value as Partial<SearchState> | null)?.kind === 'string' && typeof (value as Partial<SearchState>).text === 'string',
    isFirstView: (value): value is SearchFirstView => {
      const view = (value as { view?: { sources?: unknown; total?: unknown } } | null)?.view;
      return Array.isArray(view?.sources) && typeof view.total === 'number';
    },
  });
}
