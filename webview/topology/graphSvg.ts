/**
 * The laid-out graph as SVG: edges (route, dead-letter, delay, reads) with their labels on a backing box,
 * then nodes (what routes, what holds, what reads; with figures and DLQ / delay marks). All text goes in
 * through `textContent`; a node's kind becomes a class only as letters, digits and dashes.
 */
import type { TopologyEdgeKind, TopologyNode } from '../../src/protocol/topology';
import { formatCount } from '../shared/dom';
import { FONT, NODE_PADDING, nodeDetail, nodeName, type Measure, type PlacedEdge, type PlacedNode, type Placement, type TextRole } from './layout';

const SVG = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Measures text with a canvas in the fonts the stylesheet gives the graph (the SVG's own font family). */
export function canvasMeasure(family: string): Measure {
  const context = document.createElement('canvas').getContext('2d');
  return (text, role) => {
    if (!context) return text.length * FONT[role] * 0.6;
    context.font = `${role === 'name' ? '600 ' : ''}${FONT[role]}px ${family}`;
    return context.measureText(text).width;
  };
}

/** `text` cut with an ellipsis to at most `width` pixels in `role`'s font. */
function fitText(text: string, role: TextRole, width: number, measure: Measure): string {
  if (measure(text, role) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${text.slice(0, mid)}…`, role) <= width) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low)}…`;
}

export function arrowDefs(): SVGDefsElement {
  const defs = svg('defs', {});
  const kinds: TopologyEdgeKind[] = ['route', 'dead-letter', 'delay', 'reads'];
  for (const kind of kinds) {
    const marker = svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow arrow-${kind}` }));
    defs.append(marker);
  }
  return defs;
}

/** `aggregate type` → `aggregate-type`: a class name whatever the kind is called. */
export function kindClass(kind: string): string {
  return kind.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

export function drawPlacement(layer: SVGGElement, placement: Placement, measure: Measure, open: (node: TopologyNode) => void): void {
  layer.replaceChildren();
  const names = new Map(placement.nodes.map((p) => [p.node.id, nodeName(p.node)]));
  for (const edge of placement.edges) layer.append(drawEdge(edge, names));
  for (const node of placement.nodes) layer.append(drawNode(node, measure, open));
}

function drawEdge({ edge, points, label }: PlacedEdge, names: ReadonlyMap<string, string>): SVGGElement {
  const group = svg('g', { class: `edge edge-${edge.kind}`, 'data-from': edge.from, 'data-to': edge.to });
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
  group.append(svg('path', { d, 'marker-end': `url(#arrow-${edge.kind})` }));
  if (label && edge.label) {
    const box = svg('g', { class: 'edge-label' });
    box.append(svg('rect', { class: 'edge-label-bg', x: (label.x - label.width / 2).toFixed(1), y: (label.y - label.height / 2).toFixed(1), width: label.width, height: label.height, rx: 3 }));
    box.append(svg('text', { class: 'edge-label-text', x: label.x.toFixed(1), y: (label.y + FONT.label * 0.35).toFixed(1), 'text-anchor': 'middle' }, edge.label));
    group.append(box);
  }
  group.append(svg('title', {}, `${edge.kind}: ${names.get(edge.from) ?? edge.from} → ${names.get(edge.to) ?? edge.to}${edge.label ? ` (${edge.label})` : ''}`));
  return group;
}

function drawNode({ node, x, y, width, height }: PlacedNode, measure: Measure, open: (node: TopologyNode) => void): SVGGElement {
  const classes = ['node', `node-${node.role}`, `node-${kindClass(node.kind)}`, ...node.marks.map((m) => `node-${m}`)].join(' ');
  const action = node.action;
  const group = svg('g', { class: classes, transform: `translate(${(x - width / 2).toFixed(1)} ${(y - height / 2).toFixed(1)})`, tabindex: 0, role: 'button', 'data-id': node.id, 'aria-label': `${node.kind} ${node.name}: ${action}` });
  group.append(svg('rect', { width, height, rx: node.role === 'holds' ? 3 : 12 }));
  const room = width - 2 * NODE_PADDING;
  group.append(svg('text', { x: NODE_PADDING, y: 20, class: 'node-name' }, fitText(nodeName(node), 'name', room, measure)));
  group.append(svg('text', { x: NODE_PADDING, y: 38, class: 'node-detail' }, fitText(nodeDetail(node, formatCount), 'detail', room, measure)));
  const more = node.figures.filter((f) => f.tooltipOnly).map((f) => `\n${formatCount(f.value)} ${f.label}`).join('');
  group.append(svg('title', {}, `${node.kind} ${node.name}\n${nodeDetail(node, formatCount).replace(/ · /g, '\n')}${more}\nClick to ${action}.`));
  group.addEventListener('click', () => open(node));
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(node);
    }
  });
  return group;
}
