/**
 * Lays the graph out left to right with dagre (@dagrejs/dagre): what routes → what holds → where dead
 * letters go read as a flow. Everything is laid out at 1:1 in the sizes it is drawn in: each node as
 * wide as its name, each edge label as a box of its measured text that dagre places like a node (so no label
 * overlaps another label or a node, and the graph's size includes them). The view zooms; it never shrinks
 * text to fit. Synchronous and small; a graph of a few hundred nodes lays out in tens of milliseconds.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { TopologyEdge, TopologyGraph, TopologyNode } from '../../src/protocol/topology';

/** The font sizes the graph is drawn with, in CSS pixels at zoom 1 (topology.css uses the same). */
export const FONT = { name: 13, detail: 12, label: 12 } as const;
export type TextRole = keyof typeof FONT;

export const NODE_HEIGHT = 48;
export const NODE_MIN_WIDTH = 160;
/** Wider names are cut with an ellipsis (the whole name is in the node's tooltip). */
export const NODE_MAX_WIDTH = 420;
export const NODE_PADDING = 10;
export const LABEL_PADDING = 4;

/** The width of `text` drawn in `role`'s font. */
export type Measure = (text: string, role: TextRole) => number;

export interface PlacedNode {
  node: TopologyNode;
  /** Centre, as dagre gives it. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  edge: TopologyEdge;
  points: { x: number; y: number }[];
  /** The label's box (centre and size), when the edge has a label. */
  label?: { x: number; y: number; width: number; height: number };
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
  edgesep: number;
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
  width?: number;
  height?: number;
  labelpos?: 'l' | 'c' | 'r';
  x?: number;
  y?: number;
  points?: { x: number; y: number }[];
}

/** What a node shows under its name: marks, its sort and the figures meant for the node itself. */
export function nodeDetail(node: TopologyNode, count: (n: number) => string): string {
  const marks = node.marks.map((m) => (m === 'dlq' ? 'DLQ' : 'delay')).join(' ');
  const figures = node.figures.filter((f) => !f.tooltipOnly).map((f) => `${count(f.value)} ${f.label}`);
  return [...(marks ? [marks] : []), ...(node.detail ? [node.detail] : []), ...figures].join(' · ');
}

export function nodeName(node: TopologyNode): string {
  return node.name === '' ? '(default)' : node.name;
}

export function nodeWidth(node: TopologyNode, measure: Measure, count: (n: number) => string): number {
  const text = Math.max(measure(nodeName(node), 'name'), measure(nodeDetail(node, count), 'detail'));
  return Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, Math.ceil(text) + 2 * NODE_PADDING));
}

export function place(graph: TopologyGraph, measure: Measure, count: (n: number) => string): Placement {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 60, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const known = new Set<string>();
  const widths = new Map<string, number>();
  for (const node of graph.nodes) {
    const width = nodeWidth(node, measure, count);
    widths.set(node.id, width);
    g.setNode(node.id, { width, height: NODE_HEIGHT, x: 0, y: 0 });
    known.add(node.id);
  }
  const labelHeight = FONT.label + 2 * LABEL_PADDING;
  graph.edges.forEach((edge, index) => {
    if (!known.has(edge.from) || !known.has(edge.to)) return;
    const size = edge.label ? { width: Math.ceil(measure(edge.label, 'label')) + 2 * LABEL_PADDING, height: labelHeight, labelpos: 'c' as const } : {};
    g.setEdge(edge.from, edge.to, { weight: edge.kind === 'route' ? 2 : 1, ...size }, String(index));
  });
  layout(g);
  const nodes = graph.nodes.map((node) => {
    const at = g.node(node.id);
    return { node, x: at.x, y: at.y, width: widths.get(node.id) ?? NODE_MIN_WIDTH, height: NODE_HEIGHT };
  });
  const edges: PlacedEdge[] = [];
  graph.edges.forEach((edge, index) => {
    if (!known.has(edge.from) || !known.has(edge.to)) return;
    const at = g.edge({ v: edge.from, w: edge.to, name: String(index) });
    const placed: PlacedEdge = { edge, points: at.points ?? [] };
    if (edge.label && at.x !== undefined && at.y !== undefined && at.width !== undefined && at.height !== undefined) placed.label = { x: at.x, y: at.y, width: at.width, height: at.height };
    edges.push(placed);
  });
  const label = g.graph();
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}
