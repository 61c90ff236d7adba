/** The topology view's channel to the extension: the shared host over its messages. */
import type { TopologyFirstView, TopologyToHost, TopologyToWebview } from '../../src/protocol/topology';
import { connectToHost as connect, type Host as SharedHost } from '../shared/host';

/** The view keeps nothing between loads: the host sends the graph again. */
export type TopologyState = Record<string, never>;
export type Host = SharedHost<TopologyToHost, TopologyToWebview, TopologyState, TopologyFirstView>;

export function connectToHost(): Host {
  return connect<TopologyToHost, TopologyToWebview, TopologyState, TopologyFirstView>({
    isState: (value): value is TopologyState => typeof value === 'object' && value !== null,
    isFirstView: (value): value is TopologyFirstView => {
      const graph = (value as { graph?: { nodes?: unknown; edges?: unknown } } | null)?.graph;
      return Array.isArray(graph?.nodes) && Array.isArray(graph.edges);
    },
  });
}
