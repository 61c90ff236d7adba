/**
 * Lays the graph out left to right with dagre (@dagrejs/dagre): exchanges → queues → dead-letter
 * exchanges → DLQs read as a flow. Synchronous and small; a vhost of a few hundred nodes lays out in tens
 * of milliseconds.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { TopologyEdge, TopologyGraph, TopologyNode } from '../../src/protocol/topology';

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 46;

export interface PlacedNode {
  node: TopologyNode;
  x: number;
  y: number;
}

export interface PlacedEdge {
  edge: TopologyEdge;
  points: { x: number; y: number }[];
}

export interface Placement {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

interface GraphLabel {
  rankdir: string;
  nodesep: number;
  ranksep: number;
  marginx: number;
  marginy: number;
  width?: number;
  height?: number;
}
interface NodeLabel {
  width: number;
  height: number;
  x: number;
  y: number;
}
interface EdgeLabel {
  weight?: number;
  points?: { x: number; y: number }[];
}

export function place(graph: TopologyGraph): Placement {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 90, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const known = new Set<string>();
  for (const node of graph.nodes) {
    g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT, x: 0, y: 0 });
    known.add(node.id);
  }
  graph.edges.forEach((edge, index) => {
    if (known.has(edge.from) && known.has(edge.to)) g.setEdge(edge.from, edge.to, { weight: edge.kind === 'binding' ? 2 : 1 }, String(index));
  });
  layout(g);
  const nodes = graph.nodes.map((node) => {
    const at = g.node(node.id);
    return { node, x: at.x, y: at.y };
  });
  const edges: PlacedEdge[] = [];
  graph.edges.forEach((edge, index) => {
    if (!known.has(edge.from) || !known.has(edge.to)) return;
    const at = g.edge({ v: edge.from, w: edge.to, name: String(index) });
    edges.push({ edge, points: at.points ?? [] });
  });
  const label = g.graph();
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}
