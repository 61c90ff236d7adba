/**
 * The message browser: the browse form, the status (with the promise that browsing never joins a
 * group or commits), the message table paged from the host's bounded store, and what can be done with the
 * focused message (open, compare with the one focused before, produce again, its key's timeline), with the
 * selected messages (save or copy as a recording; re-publish, on a dead-letter topic) or with the whole browse (export, streamed to disk
 * by the host).
 */
import { NO_COMMIT_NOTE, type BrowserInit, type BrowserStatus, type BrowserToWebview, type MessagePosition, type MessageRow, type MessageSelection } from '../../src/protocol/messageBrowser';
import { el, formatCount, setText } from '../shared/dom';
import { createProgressRing } from '../shared/toolkit';
import type { VirtualList } from '../shared/virtualList';
import { BrowseForm } from './browseForm';
import type { Host } from './host';
import { createMessageTable, TableHeader } from './messageTable';
import { TableSelection } from '../shared/tableSelection';
import { MessageSelection as SelectedMessages } from './messageSelection';

export class BrowserApp {
  private readonly list: VirtualList<MessageRow>;
  private form: BrowseForm | undefined;
  private readonly status = el('span', { id: 'browse-status', className: 'browse-status', attributes: { role: 'status' } });
  private readonly selectedStatus = el('span', { id: 'selection-status', className: 'selection-status', attributes: { role: 'status' } });
  private readonly selection: TableSelection<MessageRow, MessagePosition, SelectedMessages>;
  private readonly spinner = createProgressRing();
  private readonly message = el('div', { id: 'browser-message', className: 'browser-message', attributes: { role: 'alert' } });
  private readonly title = el('h1', { className: 'browser-title' });
  private readonly formSlot = el('div', { className: 'form-slot' });
  private readonly actions = el('div', { className: 'browser-actions' });
  private readonly header: TableHeader;
  private total = 0;
  private selected: number | null = null;
  private previous: number | null = null;
  private readonly buttons: Record<'open' | 'compare' | 'compareBytes' | 'reproduce' | 'timeline' | 'trace', HTMLButtonElement>;
  private readonly busButton: HTMLButtonElement;
  private readonly republishButton: HTMLButtonElement;
  private readonly selectionButtons: HTMLButtonElement[];

  constructor(
    private readonly host: Host,
    root: HTMLElement,
    private readonly loadToolkit: () => void,
  ) {
    this.list = createMessageTable({
      select: (row, position, event) => this.selection.click(row, position, event),
      isSelected: (row) => this.selection.selection.has(row),
      open: (index) => this.host.post({ type: 'open', index }),
      requestRows: (request) => this.host.post({ type: 'requestRows', ...request }),
      firstRowsShown: () => this.loadToolkit(),
    });
    const list = this.list;
    this.selection = new TableSelection(new SelectedMessages(), {
      get count() {
        return list.count;
      },
      rowAt: (position) => list.rowAt(position),
      reveal: (position) => list.reveal(position),
      setFocused: (row, position) => list.setSelected(row.index, position),
    }, {
      requestRange: (requestId, from, to) => this.host.post({ type: 'selectRange', requestId, from, to }),
      focused: (row) => this.select(row.index),
      changed: () => this.selectionChanged(),
    });
    this.header = new TableHeader((sort) => this.host.post({ type: 'sort', ...sort }));
    const button = (id: string, text: string, title: string, run: () => void) => {
      const b = el('button', { id, className: 'button', text, title });
      b.addEventListener('click', run);
      return b;
    };
    this.buttons = {
      open: button('action-open', 'Open', 'Open the message in a read-only editor (JSON, text or hex)', () => this.withSelected((index) => this.host.post({ type: 'open', index }))),
      compare: button('action-compare', 'Compare', 'Compare with the message selected before, in the diff editor', () => {
        if (this.selected !== null && this.previous !== null) this.host.post({ type: 'compare', left: this.previous, right: this.selected });
      }),
      compareBytes: button('action-compare-bytes', 'Compare Bytes', 'Compare the raw bytes (key and value in hex) with the message selected before', () => {
        if (this.selected !== null && this.previous !== null) this.host.post({ type: 'compare', left: this.previous, right: this.selected, view: 'hex' });
      }),
      reproduce: button('action-reproduce', 'Produce Again…', 'Open a produce document with its key, headers and value', () => this.withSelected((index) => this.host.post({ type: 'reproduce', index }))),
      timeline: button('action-timeline', 'Key Timeline', "Open the aggregate timeline of this message's key", () => this.withSelected((index) => this.host.post({ type: 'timeline', index }))),
      trace: button('action-trace', 'Trace Flow', 'Trace this message across every connection by its correlation and trace ids', () => this.withSelected((index) => this.host.post({ type: 'trace', index }))),
    };
    this.busButton = button('action-bus', 'Run Through Bus', "Run the message through the workspace's .eventflow/bus.js and show each step", () =>
      this.withSelected((index) => this.host.post({ type: 'runThroughBus', indices: [index] })),
    );
    this.republishButton = button('action-republish', 'Re-publish Selected…', 'Send the selected dead letters back to the topic their headers name: a dry run of exactly these first, then a confirmation', () =>
      this.withSelection((selection) => this.host.post({ type: 'republish', selection })),
    );
    this.republishButton.hidden = true;
    this.selectionButtons = [
      button('action-save-selection', 'Save Selection as Recording…', 'Write the selected messages (keys, headers and values byte for byte) as a recording that Publish Recording… sends again', () =>
        this.withSelection((selection) => this.host.post({ type: 'recordSelection', selection, to: 'file' })),
      ),
      button('action-copy-selection', 'Copy Selection', 'Copy the selected messages as recording lines (NDJSON, bytes kept)', () => this.withSelection((selection) => this.host.post({ type: 'recordSelection', selection, to: 'clipboard' }))),
    ];
    this.actions.append(
      ...Object.values(this.buttons),
      this.busButton,
      this.republishButton,
      ...this.selectionButtons,
      button('export-ndjson', 'Export NDJSON…', 'Run this browse again and stream every message to an NDJSON file', () => this.host.post({ type: 'export', format: 'ndjson' })),
      button('export-csv', 'Export CSV…', 'Run this browse again and stream every message to a CSV file', () => this.host.post({ type: 'export', format: 'csv' })),
    );
    this.list.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.withSelected((index) => this.host.post({ type: 'open', index }));
      else if (this.selection.key(event)) event.preventDefault();
    });
    // Shift-click extends the selection, not the page's text selection.
    this.list.element.addEventListener('mousedown', (event) => {
      if (event.shiftKey) {
        event.preventDefault();
        this.list.focus();
      }
    });
    root.append(
      el('header', { className: 'browser-header' }, [this.title, el('p', { id: 'no-commit-note', className: 'note', text: NO_COMMIT_NOTE })]),
      this.formSlot,
      el('div', { className: 'status-bar' }, [this.spinner, this.status, this.selectedStatus]),
      this.message,
      this.actions,
      el('div', { className: 'message-table', attributes: { role: 'table' } }, [this.header.element, this.list.element]),
    );
    this.updateButtons();
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.start(first.init);
    this.list.attach();
    host.post({ type: 'ready' });
  }

  private receive(message: BrowserToWebview): void {
    switch (message.type) {
      case 'init':
        this.start(message);
        return;
      case 'rows':
        // What the benchmark times the first rows from: the first answer with rows in it.
        if (message.rows.length > 0 && performance.getEntriesByName('efx-first-rows').length === 0) performance.mark('efx-first-rows');
        this.list.acceptRows(message.requestId, message.offset, message.rows, message.total);
        return;
      case 'status':
        this.onStatus(message);
        return;
      case 'sorted':
        this.selection.reordered();
        this.header.show(message.sort);
        this.total = message.total;
        this.list.reset(message.total);
        return;
      case 'rangePositions':
        this.selection.acceptRange(message.requestId, message.positions);
        return;
      case 'deadLetters':
        this.showDeadLetters(message.origins);
        return;
      case 'error':
        this.show(message.message, true);
        return;
      case 'notice':
        this.show(message.message, false);
        return;
    }
  }

  private start(init: BrowserInit): void {
    setText(this.title, `${init.topic} · ${init.clusterLabel}`);
    if (!this.form) {
      this.form = new BrowseForm(init.partitions, {
        browse: (parameters) => {
          this.host.saveState({ parameters });
          this.show('', false);
          this.host.post({ type: 'browse', parameters });
        },
        stop: () => this.host.post({ type: 'stop' }),
      });
      this.form.write(this.host.loadState()?.parameters ?? init.parameters);
      this.formSlot.append(this.form.element);
    }
    this.setRunning(init.state !== 'idle');
    if (init.deadLetterOrigins) this.showDeadLetters(init.deadLetterOrigins);
    this.header.show(init.sort);
    this.total = init.total;
    this.list.reset(init.total);
    setText(this.status, init.total === 0 ? 'Choose where to start and press Browse.' : `${formatCount(init.total)} messages (at most ${formatCount(init.capacity)} kept).`);
  }

  private onStatus(status: BrowserStatus): void {
    this.setRunning(status.state !== 'idle');
    setText(this.status, status.message);
    if (status.reset) {
      this.selected = null;
      this.previous = null;
      this.total = status.total;
      this.selection.reset();
      this.list.reset(status.total);
    } else if (status.total !== this.total) {
      this.total = status.total;
      // Sorted, new rows land anywhere: the pages held are no longer the host's.
      if (status.state === 'tailing' || this.header.sorted) this.list.reset(status.total, status.state === 'tailing' ? { offset: 0, rows: [] } : undefined);
      else this.list.resize(status.total);
      this.selectionChanged();
    }
  }

  /** The focused row (what the single-message actions act on); the list already marks and shows it. */
  private select(index: number): void {
    if (index === this.selected) return;
    this.previous = this.selected;
    this.selected = index;
  }

  private selectionChanged(): void {
    const count = this.selection.selection.count(this.total);
    setText(this.selectedStatus, count === 0 ? '' : `${formatCount(count)} selected`);
    this.list.refreshSelection();
    this.updateButtons();
  }

  /** A dead-letter topic: its letters can go back where they came from. */
  private showDeadLetters(origins: readonly string[]): void {
    this.republishButton.hidden = false;
    this.republishButton.title = `Send the selected dead letters back to ${origins.length === 1 ? origins[0] : 'the topics their headers name'}: a dry run of exactly these first, then a confirmation`;
  }

  /** The selection as the host takes it, or the reason it cannot be sent shown instead. */
  private withSelection(run: (selection: MessageSelection) => void): void {
    const asked = this.selection.selection.toMessage(this.total);
    if ('problem' in asked) this.show(asked.problem, true);
    else run(asked.selection);
  }

  private withSelected(run: (index: number) => void): void {
    if (this.selected !== null) run(this.selected);
  }

  private updateButtons(): void {
    const none = this.selected === null;
    this.buttons.open.disabled = none;
    this.buttons.reproduce.disabled = none;
    this.buttons.timeline.disabled = none;
    this.buttons.trace.disabled = none;
    this.buttons.compare.disabled = none || this.previous === null;
    this.buttons.compareBytes.disabled = none || this.previous === null;
    this.busButton.disabled = none;
    const noneSelected = this.selection.selection.count(this.total) === 0;
    this.republishButton.disabled = noneSelected;
    for (const b of this.selectionButtons) b.disabled = noneSelected;
  }

  private setRunning(running: boolean): void {
    this.spinner.hidden = !running;
    this.form?.setRunning(running);
  }

  private show(text: string, error: boolean): void {
    setText(this.message, text);
    this.message.className = error ? 'browser-message error' : 'browser-message';
  }
}
