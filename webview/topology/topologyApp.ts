/** The topology view: a vhost's exchanges, queues, bindings, dead-letter and delay edges, laid out by dagre, drawn as SVG. */
import type { TopologyGraph, TopologyToWebview } from '../../src/protocol/topology';
import { clear, el, formatCount, formatTimestamp, setText } from '../shared/dom';
import type { Host } from './host';
import { NODE_HEIGHT, NODE_WIDTH, place, type PlacedEdge, type PlacedNode } from './layout';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Long names are cut to fit the box; the full name is in the node's tooltip. */
function fit(text: string, max = 26): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class TopologyApp {
  private readonly title = el('h1', { className: 'topology-title' });
  private readonly status = el('span', { className: 'muted topology-status' });
  private readonly message = el('div', { className: 'topology-message', attributes: { role: 'status' } });
  private readonly canvas = el('div', { className: 'topology-canvas', attributes: { tabindex: '0', 'aria-label': 'Topology graph' } });

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    const refresh = el('button', { className: 'link-button', text: 'Refresh', attributes: { type: 'button', id: 'refresh' } });
    refresh.addEventListener('click', () => host.post({ type: 'refresh' }));
    const legend = el('div', { className: 'topology-legend muted' }, [
      el('span', { className: 'legend-item legend-binding', text: 'binding' }),
      el('span', { className: 'legend-item legend-dead-letter', text: 'dead letters' }),
      el('span', { className: 'legend-item legend-delay', text: 'delay (after TTL)' }),
    ]);
    root.append(el('header', { className: 'topology-header' }, [this.title, this.status, legend, refresh]), this.message, this.canvas);
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.draw(first.graph);
    host.post({ type: 'ready' });
  }

  private receive(message: TopologyToWebview): void {
    switch (message.type) {
      case 'graph':
        setText(this.message, '');
        this.draw(message.graph);
        return;
      case 'error':
        this.message.className = 'topology-message message message-error';
        setText(this.message, message.message);
        return;
      case 'notice':
        this.message.className = 'topology-message message message-notice';
        setText(this.message, message.message);
        return;
    }
  }

  draw(graph: TopologyGraph): void {
    setText(this.title, `${graph.broker} · ${graph.vhost}`);
    const queues = graph.nodes.filter((n) => n.kind === 'queue').length;
    setText(this.status, `${graph.nodes.length - queues} exchanges · ${queues} queues · read ${formatTimestamp(graph.readAt)}`);
    clear(this.canvas);
    if (graph.nodes.length === 0) {
      this.canvas.append(el('p', { className: 'muted', text: 'Nothing declared in this virtual host yet.' }));
      return;
    }
    const placement = place(graph);
    const picture = svg('svg', { width: placement.width, height: placement.height, viewBox: `0 0 ${placement.width} ${placement.height}`, class: 'topology-svg', role: 'img', 'aria-label': `Topology of ${graph.vhost}` });
    const defs = svg('defs', {});
    for (const kind of ['binding', 'dead-letter', 'delay']) {
      const marker = svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow arrow-${kind}` }));
      defs.append(marker);
    }
    picture.append(defs);
    for (const edge of placement.edges) picture.append(this.edge(edge));
    for (const node of placement.nodes) picture.append(this.node(node));
    this.canvas.append(picture);
  }

  private edge({ edge, points }: PlacedEdge): SVGGElement {
    const group = svg('g', { class: `edge edge-${edge.kind}`, 'data-from': edge.from, 'data-to': edge.to });
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    group.append(svg('path', { d, 'marker-end': `url(#arrow-${edge.kind})` }));
    const middle = points[Math.floor(points.length / 2)];
    if (middle && edge.label) group.append(svg('text', { x: middle.x, y: middle.y - 4, 'text-anchor': 'middle', class: 'edge-label' }, fit(edge.label, 30)));
    const title = svg('title', {}, `${edge.kind}: ${edge.from.replace(/^\w+:/, '')} → ${edge.to.replace(/^\w+:/, '')}${edge.label ? ` (${edge.label})` : ''}`);
    group.append(title);
    return group;
  }

  private node({ node, x, y }: PlacedNode): SVGGElement {
    const classes = ['node', `node-${node.kind}`, ...node.marks.map((m) => `node-${m}`)].join(' ');
    const group = svg('g', { class: classes, transform: `translate(${(x - NODE_WIDTH / 2).toFixed(1)} ${(y - NODE_HEIGHT / 2).toFixed(1)})`, tabindex: 0, role: 'button', 'data-id': node.id, 'aria-label': `${node.kind} ${node.name}: reveal in the tree` });
    group.append(svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: node.kind === 'exchange' ? 12 : 3 }));
    const marks = node.marks.map((m) => (m === 'dlq' ? 'DLQ' : 'delay')).join(' ');
    group.append(svg('text', { x: 8, y: 18, class: 'node-name' }, fit(node.name === '' ? '(default)' : node.name)));
    const counts = node.counts ? ` · ${formatCount(node.counts.ready)} ready · ${formatCount(node.counts.unacked)} unacked` : '';
    group.append(svg('text', { x: 8, y: 36, class: 'node-detail' }, fit(`${marks ? `${marks} · ` : ''}${node.detail}${counts}`, 34)));
    const consumers = node.counts ? `\n${node.counts.consumers} consumers` : '';
    group.append(svg('title', {}, `${node.kind} ${node.name}\n${node.detail}${counts.replace(/^ · /, '\n')}${consumers}\nClick to reveal it in the tree.`));
    const reveal = (): void => this.host.post({ type: 'reveal', nodeId: node.id });
    group.addEventListener('click', reveal);
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        reveal();
      }
    });
    return group;
  }
}
