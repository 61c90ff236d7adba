/** The peek view's channel to the extension: the shared host over its messages. */
import type { PeekFirstView, PeekToHost, PeekToWebview } from '../../../src/protocol/rabbitmq/peek';
import { connectToHost as connect, type Host as SharedHost } from '../../shared/host';

/** The selected message, kept while the panel is hidden. */
export interface PeekState {
  selected: number | null;
}
export type Host = SharedHost<PeekToHost, PeekToWebview, PeekState, PeekFirstView>;

export function connectToHost(): Host {
  return connect<PeekToHost, PeekToWebview, PeekState, PeekFirstView>({
    isState: (value): value is PeekState => {
      const selected = (value as { selected?: unknown } | null)?.selected;
      return selected === null || (typeof selected === 'number' && Number.isInteger(selected));
    },
    isFirstView: (value): value is PeekFirstView => Array.isArray((value as { view?: { messages?: unknown } } | null)?.view?.messages),
  });
}
