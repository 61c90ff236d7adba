/**
 * The bus-run app: the run's header (what was sent, through which file, the counts), each published
 * event's way through the bus with its children nested under it, and the dead-letter list.
 */
import type { BusRunInit, BusRunToWebview } from '../../src/protocol/busRun';
import { countOf, el, setText } from '../shared/dom';
import { createBadge, createButton, createProgressRing } from '../shared/toolkit';
import { deadLetterList, traceView } from './traceView';
import type { Host } from './host';

export class BusRunApp {
  private readonly title = el('h1', { id: 'bus-title', className: 'bus-title', text: 'Bus run' });
  private readonly facts = el('div', { id: 'bus-facts', className: 'bus-facts' });
  private readonly message = el('div', { id: 'message', className: 'message', attributes: { role: 'alert' } });
  private readonly running = el('div', { id: 'running', className: 'loading' }, [createProgressRing(), el('span', { text: 'Running…' })]);
  private readonly traces = el('div', { id: 'traces', className: 'traces' });
  private readonly deadLetters = el('section', { id: 'dead-letters', className: 'dead-letters' });
  private readonly folded: Set<string>;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    this.folded = new Set(host.loadState()?.folded ?? []);
    const rerun = createButton({ id: 'rerun', label: 'Run the same events through the bus again', appearance: 'secondary', content: ['Run again'] });
    const exportButton = createButton({ id: 'export', label: 'Export the run as NDJSON', appearance: 'secondary', content: ['Export NDJSON'] });
    rerun.addEventListener('click', () => host.post({ type: 'rerun' }));
    exportButton.addEventListener('click', () => host.post({ type: 'export' }));
    this.running.hidden = true;
    this.message.hidden = true;
    root.append(
      el('header', { className: 'app-header' }, [el('div', { className: 'bus-heading' }, [this.title, this.facts]), el('div', { className: 'bus-actions' }, [rerun, exportButton])]),
      this.message,
      this.running,
      el('main', { className: 'bus-body' }, [this.traces, this.deadLetters]),
    );
    // Locations, traces and folds are buttons and <details> anywhere in the body: one listener each.
    root.addEventListener('click', (event) => this.onClick(event));
    root.addEventListener('toggle', (event) => this.onToggle(event), true);
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.show(first);
    host.post({ type: 'ready' });
  }

  private receive(message: BusRunToWebview): void {
    switch (message.type) {
      case 'init':
        this.show(message);
        return;
      case 'running':
        this.running.hidden = false;
        return;
      case 'error':
      case 'notice':
        this.running.hidden = true;
        this.message.hidden = false;
        this.message.className = `message message-${message.type}`;
        setText(this.message, message.message);
        return;
    }
  }

  private show(run: BusRunInit): void {
    this.running.hidden = true;
    this.message.hidden = true;
    setText(this.title, `Bus run of ${run.source}`);
    const s = run.summary;
    this.facts.replaceChildren(
      el('span', { className: 'muted', text: run.file, title: run.file }),
      createBadge(countOf(s.events, 'event'), 'badge-quiet'),
      createBadge(countOf(s.handlers, 'handler run'), 'badge-quiet'),
      ...(s.retried ? [createBadge(`${s.retried} retried`, 'badge-retry')] : []),
      ...(s.dropped ? [createBadge(`${s.dropped} dropped`, 'badge-dropped')] : []),
      ...(s.failed ? [createBadge(`${s.failed} failed`, 'badge-error')] : []),
      createBadge(countOf(s.deadLetters, 'dead letter'), s.deadLetters ? 'badge-error' : 'badge-quiet'),
      el('span', { className: 'muted', text: `${run.durationMs.toFixed(1)} ms` }),
    );
    this.traces.replaceChildren(...run.traces.map((trace) => traceView(trace, this.folded)));
    this.deadLetters.replaceChildren(...deadLetterList(run.deadLetters));
  }

  private onClick(event: Event): void {
    const trace = event.target instanceof Element ? event.target.closest<HTMLElement>('.trace-flow') : null;
    if (trace?.dataset.traceEvent) {
      // The button sits in a <summary>: tracing must not also fold the event.
      event.preventDefault();
      this.host.post({ type: 'trace', eventId: trace.dataset.traceEvent });
      return;
    }
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('.location') : null;
    const file = target?.dataset.file;
    const line = Number(target?.dataset.line);
    if (!file || !Number.isInteger(line) || line < 1) return;
    const column = Number(target?.dataset.column);
    this.host.post({ type: 'openLocation', file, line, ...(Number.isInteger(column) && column >= 0 ? { column } : {}) });
  }

  private onToggle(event: Event): void {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.dataset.eventId) return;
    if (details.open) this.folded.delete(details.dataset.eventId);
    else this.folded.add(details.dataset.eventId);
    this.host.saveState({ folded: [...this.folded] });
  }
}
