/** The flow view's channel to the extension: the shared host over its messages. */
import type { FlowFirstView, FlowToHost, FlowToWebview } from '../../src/protocol/flow';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

/** The view keeps nothing between loads: the host sends the trace again. */
export type FlowState = Record<string, never>;
export type Host = SharedHost<FlowToHost, FlowToWebview, FlowState, FlowFirstView>;

export function connectToHost(): Host {
  return connect<FlowToHost, FlowToWebview, FlowState, FlowFirstView>({
    isState: (value): value is FlowState => typeof value === 'object' && value !== null,
    isFirstView: (value): value is FlowFirstView => {
      const trace = (value as { view?: { trace?: { nodes?: unknown; lanes?: unknown } } } | null)?.view?.trace;
      return Array.isArray(trace?.nodes) && Array.isArray(trace.lanes);
    },
  });
}
