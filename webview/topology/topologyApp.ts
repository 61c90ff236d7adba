/**
 * The topology view: channels (what routes and what holds messages, and their readers) with their route,
 * dead-letter, delay and read edges, laid out by dagre at 1:1 and drawn as SVG in a view that pans and
 * zooms (wheel, drag, buttons, keys; Fit shows it all). A click on a node asks the host to do its `action`.
 */
import type { TopologyEdgeKind, TopologyGraph, TopologyNode, TopologyToWebview } from '../../src/protocol/topology';
import { el, formatCount, formatTimestamp, setText } from '../shared/dom';
import type { Host } from './host';
import { arrowDefs, canvasMeasure, drawPlacement, svg } from './graphSvg';
import { place, type Measure } from './layout';
import { Viewport } from './viewport';

const PAN_STEP = 60;

const LEGEND: Record<TopologyEdgeKind, string> = { route: 'routes (key)', 'dead-letter': 'dead letters', delay: 'delay (after TTL)', reads: 'reads' };

/** `2 <kind>s · 1 <kind>`: the nodes counted by kind, in the order the graph first names each. */
function countsByKind(nodes: readonly TopologyNode[]): string {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${formatCount(n)} ${n === 1 ? kind : `${kind}s`}`).join(' · ');
}

export class TopologyApp {
  private readonly title = el('h1', { className: 'topology-title' });
  private readonly status = el('span', { className: 'muted topology-status' });
  private readonly message = el('div', { className: 'topology-message', attributes: { role: 'status' } });
  private readonly empty = el('p', { className: 'muted topology-empty', text: 'Nothing that carries events here yet.' });
  private readonly legend = el('div', { className: 'topology-legend muted' });
  private readonly canvas = el('div', { className: 'topology-canvas' });
  private readonly zoomLevel = el('span', { className: 'topology-zoom-level muted', attributes: { id: 'zoom-level', 'aria-live': 'polite' } });
  private readonly picture = svg('svg', { class: 'topology-svg', role: 'application', tabindex: 0, 'aria-label': 'Topology graph: drag or arrow keys to pan, wheel or + and − to zoom, 0 to fit, 1 for actual size' });
  private readonly layer = svg('g', { class: 'topology-layer' });
  private readonly viewport: Viewport;
  private measure: Measure | undefined;
  private drawn = false;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    const refresh = el('button', { className: 'link-button', text: 'Refresh', attributes: { type: 'button', id: 'refresh' } });
    refresh.addEventListener('click', () => host.post({ type: 'refresh' }));
    this.picture.append(arrowDefs(), this.layer);
    this.viewport = new Viewport(this.picture, this.layer, (scale) => setText(this.zoomLevel, `${Math.round(scale * 100)} %`));
    const zoom = el('span', { className: 'topology-zoom' }, [
      this.button('zoom-out', '−', 'Zoom out (−)', () => this.viewport.zoomOut()),
      this.zoomLevel,
      this.button('zoom-in', '+', 'Zoom in (+)', () => this.viewport.zoomIn()),
      this.button('zoom-actual', '1:1', 'Actual size (1)', () => this.viewport.actualSize()),
      this.button('zoom-fit', 'Fit', 'Fit the whole graph (0)', () => this.viewport.fit()),
    ]);
    this.canvas.append(this.picture, this.empty);
    root.append(el('header', { className: 'topology-header' }, [this.title, this.status, this.legend, zoom, refresh]), this.message, this.canvas);
    this.picture.addEventListener('keydown', (event) => this.onKey(event));
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.draw(first.graph);
    host.post({ type: 'ready' });
  }

  private button(id: string, text: string, title: string, action: () => void): HTMLButtonElement {
    const button = el('button', { className: 'topology-zoom-button', text, title, attributes: { type: 'button', id, 'aria-label': title } });
    button.addEventListener('click', action);
    return button;
  }

  private receive(message: TopologyToWebview): void {
    switch (message.type) {
      case 'graph':
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
    setText(this.title, `${graph.connection} · ${graph.scope}`);
    setText(this.status, `${countsByKind(graph.nodes)}${graph.nodes.length > 0 ? ' · ' : ''}read ${formatTimestamp(graph.readAt)}`);
    this.message.className = 'topology-message message message-notice';
    setText(this.message, graph.capped ?? '');
    const kinds = new Set(graph.edges.map((e) => e.kind));
    this.legend.replaceChildren(...(Object.keys(LEGEND) as TopologyEdgeKind[]).filter((k) => kinds.has(k)).map((k) => el('span', { className: `legend-item legend-${k}`, text: LEGEND[k] })));
    this.empty.hidden = graph.nodes.length > 0;
    this.picture.setAttribute('aria-label', `Topology of ${graph.scope}: drag or arrow keys to pan, wheel or + and − to zoom, 0 to fit, 1 for actual size`);
    // Measured in the font the page gives the SVG, once it is in the document.
    this.measure ??= canvasMeasure(getComputedStyle(this.picture).fontFamily);
    const placement = place(graph, this.measure, formatCount);
    drawPlacement(this.layer, placement, this.measure, (node) => this.open(node));
    this.picture.setAttribute('data-width', String(Math.ceil(placement.width)));
    this.picture.setAttribute('data-height', String(Math.ceil(placement.height)));
    this.viewport.setContent(placement.width, placement.height);
    if (!this.drawn) this.viewport.readableStart();
    this.drawn = true;
  }

  private open(node: TopologyNode): void {
    this.host.post({ type: 'openNode', nodeId: node.id });
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.picture) return;
    const actions: Record<string, () => void> = {
      '+': () => this.viewport.zoomIn(),
      '=': () => this.viewport.zoomIn(),
      '-': () => this.viewport.zoomOut(),
      '0': () => this.viewport.fit(),
      '1': () => this.viewport.actualSize(),
      ArrowLeft: () => this.viewport.panBy(PAN_STEP, 0),
      ArrowRight: () => this.viewport.panBy(-PAN_STEP, 0),
      ArrowUp: () => this.viewport.panBy(0, PAN_STEP),
      ArrowDown: () => this.viewport.panBy(0, -PAN_STEP),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }
}
