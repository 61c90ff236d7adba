/** The statistics view's channel to the extension: the shared host over its messages. */
import type { StatisticsFirstView, StatisticsState, StatisticsToHost, StatisticsToWebview } from '../../src/protocol/statistics';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

export type { StatisticsState };

export type Host = SharedHost<StatisticsToHost, StatisticsToWebview, StatisticsState, StatisticsFirstView>;

export function connectToHost(): Host {
  return connect<StatisticsToHost, StatisticsToWebview, StatisticsState, StatisticsFirstView>({
    isState: (value): value is StatisticsState => Number.isSafeInteger((value as Partial<StatisticsState> | null)?.typeIndex),
    isFirstView: (value): value is StatisticsFirstView => {
      const view = (value as { view?: { types?: unknown; days?: unknown } } | null)?.view;
      return Array.isArray(view?.types) && Array.isArray(view.days);
    },
  });
}
