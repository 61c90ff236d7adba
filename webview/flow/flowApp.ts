/**
 * The flow view: what was followed and in which window, how each source answered (those that failed or
 * were left out by name, with the reason), what the trace noticed, and the trace on a canvas. A click on
 * an event (or Enter on the selected one) asks the host to open it; the buttons export, widen or stop.
 */
import type { FlowEdgeKind, FlowNode, FlowSourceStatus, FlowToWebview, FlowViewModel } from '../../src/protocol/flow';
import { countOf, el, formatTimestamp, setText } from '../shared/dom';
import { FlowCanvas } from './flowCanvas';
import { formatLatency } from './flowPaint';
import type { Host } from './host';

/** Sources listed by name in the header (failed or left out); the rest are counted. */
const LISTED_SOURCES = 20;

const LEGEND: Record<FlowEdgeKind | 'gap', string> = { caused: 'caused (causation id)', relay: 'same message relayed', span: 'same trace span', time: 'time order', gap: 'cause not found' };

export class FlowApp {
  private readonly title = el('h1', { className: 'flow-title' });
  private readonly status = el('span', { className: 'muted flow-status', attributes: { role: 'status', id: 'flow-status' } });
  private readonly message = el('div', { className: 'flow-message', attributes: { role: 'alert' } });
  private readonly sources = el('ul', { className: 'flow-sources', attributes: { id: 'flow-sources' } });
  private readonly notes = el('ul', { className: 'flow-notes', attributes: { id: 'flow-notes' } });
  private readonly detail = el('div', { className: 'flow-detail', attributes: { id: 'flow-detail', 'aria-live': 'polite' } });
  private readonly empty = el('p', { className: 'muted flow-empty', text: 'No event found yet.' });
  private readonly canvasElement = el('canvas', { className: 'flow-canvas', attributes: { id: 'flow-canvas', tabindex: '0', role: 'application', 'aria-label': 'Event flow: arrow keys move between events, Enter opens one, wheel or + and − zoom, drag pans, 0 fits' } });
  private readonly stop = this.button('stop', 'Stop', 'Stop reading the sources still answering', () => this.host.post({ type: 'stop' }));
  private readonly follow = this.button('follow', 'Keep Following', 'Keep reading the topics, streams and stores for new events of this flow, until Stop or the view closes', () => this.host.post({ type: 'follow' }));
  private readonly widen = this.button('widen', 'Widen Window', 'Search a wider time window around the event', () => this.host.post({ type: 'widen' }));
  private readonly canvas: FlowCanvas;
  private view: FlowViewModel | undefined;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    this.canvas = new FlowCanvas(this.canvasElement, { open: (node) => this.open(node), select: (node) => this.describe(node) });
    const actions = el('span', { className: 'flow-actions' }, [
      this.stop,
      this.follow,
      this.widen,
      this.button('export-ndjson', 'Export NDJSON', 'Save the trace as NDJSON', () => host.post({ type: 'export', format: 'ndjson' })),
      this.button('export-mermaid', 'Export Mermaid', 'Save the trace as a Mermaid sequence diagram', () => host.post({ type: 'export', format: 'mermaid' })),
      this.button('zoom-out', '−', 'Zoom out (−)', () => this.canvas.zoomOut()),
      this.button('zoom-in', '+', 'Zoom in (+)', () => this.canvas.zoomIn()),
      this.button('zoom-fit', 'Fit', 'Fit every event (0)', () => this.canvas.fit()),
    ]);
    const legend = el(
      'div',
      { className: 'flow-legend muted' },
      (Object.keys(LEGEND) as (keyof typeof LEGEND)[]).map((kind) => el('span', { className: `legend-item legend-${kind}`, text: LEGEND[kind] })),
    );
    const stage = el('div', { className: 'flow-stage' }, [this.canvasElement, this.empty]);
    root.append(el('header', { className: 'flow-header' }, [this.title, this.status, actions]), legend, this.message, this.sources, this.notes, stage, this.detail);
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.show(first.view);
    // What the first-paint budget is measured to (test/webview/flowView.test.ts).
    performance.mark('flow-first-paint');
    host.post({ type: 'ready' });
  }

  private button(id: string, text: string, title: string, action: () => void): HTMLButtonElement {
    const button = el('button', { className: 'flow-button', text, title, attributes: { type: 'button', id, 'aria-label': title } });
    button.addEventListener('click', action);
    return button;
  }

  private receive(message: FlowToWebview): void {
    switch (message.type) {
      case 'flow':
        this.show(message.view);
        return;
      case 'error':
        this.message.className = 'flow-message message message-error';
        setText(this.message, message.message);
        return;
      case 'notice':
        this.message.className = 'flow-message message message-notice';
        setText(this.message, message.message);
        return;
    }
  }

  show(view: FlowViewModel): void {
    this.view = view;
    const { trace } = view;
    setText(this.title, view.title);
    const answered = view.sources.filter((s) => s.state === 'answered').length;
    const failed = view.sources.filter((s) => s.state === 'failed').length;
    const read = view.sources.filter((s) => s.state !== 'left-out').length;
    const parts = [
      countOf(trace.nodes.length, 'event'),
      `${countOf(trace.lanes.length, 'system')}`,
      trace.gaps.length > 0 ? countOf(trace.gaps.length, 'gap') : '',
      `${answered} of ${read} source(s) answered${failed > 0 ? `, ${failed} failed` : ''}`,
      view.window,
      view.running ? 'reading…' : '',
    ];
    setText(this.status, parts.filter((p) => p !== '').join(' · '));
    this.stop.disabled = !view.running && view.following !== true;
    this.follow.disabled = view.running || view.following === true || view.canFollow !== true;
    setText(this.follow, view.following === true ? 'Following…' : 'Keep Following');
    this.widen.disabled = view.running || !view.canWiden;
    this.sources.replaceChildren(...this.sourceItems(view.sources));
    this.notes.replaceChildren(...trace.notes.map((note) => el('li', { text: note })));
    this.empty.hidden = trace.nodes.length > 0;
    if (!view.running && trace.nodes.length === 0) setText(this.empty, 'No event found: widen the window, or trace from another event.');
    this.canvas.setTrace(trace);
    this.describe(this.canvas.selected === undefined ? undefined : trace.nodes[this.canvas.selected]);
  }

  /** The sources that did not answer, by name with why; the ones still reading counted. */
  private sourceItems(sources: readonly FlowSourceStatus[]): HTMLElement[] {
    const named = sources.filter((s) => s.state === 'failed' || s.state === 'left-out');
    const items = named.slice(0, LISTED_SOURCES).map((s) => el('li', { className: `source-${s.state}`, text: `${s.label}: ${s.state === 'failed' ? 'failed' : 'left out'} — ${s.detail}` }));
    if (named.length > LISTED_SOURCES) items.push(el('li', { className: 'muted', text: `… and ${named.length - LISTED_SOURCES} more` }));
    const reading = sources.filter((s) => s.state === 'reading').map((s) => s.label);
    if (reading.length > 0) items.push(el('li', { className: 'muted', text: `Still reading: ${reading.slice(0, 5).join(', ')}${reading.length > 5 ? ` and ${reading.length - 5} more` : ''}` }));
    return items;
  }

  /** The selected event in words: its ids, place, hop and anything odd about it. */
  private describe(node: FlowNode | undefined): void {
    const trace = this.view?.trace;
    if (!node || !trace) {
      setText(this.detail, '');
      return;
    }
    const edge = trace.edges.find((e) => e.to === node.index);
    const gap = trace.gaps.find((g) => g.node === node.index);
    const lines = [
      `${node.type} · ${trace.lanes[node.lane]?.label ?? ''} · ${node.place} · ${formatTimestamp(node.timestamp) || 'no time'}`,
      `event id ${node.eventId}${node.correlationId === undefined ? '' : ` · correlation ${node.correlationId}`}${node.causationId === undefined ? '' : ` · causation ${node.causationId}`}${node.traceId === undefined ? '' : ` · trace ${node.traceId}${node.spanId ? `/${node.spanId}` : ''}`}`,
    ];
    if (edge) lines.push(`${edge.kind === 'relay' ? 'the same message, relayed from' : edge.kind === 'caused' ? 'caused by' : edge.kind === 'span' ? 'sent from the span of' : 'after'} ${trace.nodes[edge.from].type} at ${trace.nodes[edge.from].place}${edge.latencyMs === undefined ? '' : ` (${formatLatency(edge.latencyMs)})`}`);
    if (gap) lines.push(`its cause ${gap.missingEventId} was not found in the sources searched`);
    for (const retry of node.retries) lines.push(`dead-lettered ${retry.count}× (${retry.reason || 'no reason'}) in ${retry.queue || '?'}${retry.time ? ` at ${retry.time}` : ''}`);
    for (const d of node.disagreements) lines.push(`the headers say ${d.field} ${d.header}, the body says ${d.body}; used ${d.used}`);
    setText(this.detail, lines.join('\n'));
  }

  private open(node: FlowNode): void {
    this.host.post({ type: 'openNode', index: node.index });
  }
}
