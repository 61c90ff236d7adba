/**
 * The peek view: the messages a peek saw (left), the focused one's body, properties, headers,
 * `x-delivery-count` and `x-death` (right). The selected messages (click, Ctrl/Cmd-click, Shift-click,
 * Ctrl/Cmd-A; Escape clears) are saved or copied as a recording and run through the workspace's bus (with
 * none selected: the focused one); on a DLQ, redrive of the selected messages or of all of them, to where
 * they came from or to a chosen exchange, after a dry run listed in the page.
 */
import type { PeekMessageView, PeekToWebview, PeekView } from '../../../src/protocol/rabbitmq/peek';
import { clear, el, formatCount, formatTimestamp, setText } from '../../shared/dom';
import { JsonTreeView } from '../../shared/jsonTree';
import { TableSelection } from '../../shared/tableSelection';
import type { Host } from './host';
import { PeekList } from './peekList';
import { PeekSelection, type PeekPlace } from './peekSelection';
import { RedrivePanel } from './redrivePanel';

export class PeekApp {
  private readonly title = el('h1', { className: 'peek-title' });
  private readonly notes = el('ul', { className: 'peek-notes muted' });
  private readonly message = el('div', { className: 'peek-message', attributes: { role: 'status' } });
  private readonly list: PeekList;
  private readonly detail = el('div', { className: 'peek-detail' });
  private readonly redriveSelected = el('button', { className: 'link-button', text: 'Redrive selected…', attributes: { type: 'button', id: 'redrive-selected' } });
  private readonly redriveAll = el('button', { className: 'link-button', text: 'Redrive all…', attributes: { type: 'button', id: 'redrive-all' } });
  private readonly runBus = el('button', { className: 'link-button', text: 'Run through bus', attributes: { type: 'button', id: 'run-bus', title: "Run the checked messages (or the selected one) through the workspace's .eventflow/bus.js" } });
  private readonly selectedStatus = el('span', { className: 'peek-selection-status muted', attributes: { id: 'selection-status', role: 'status' } });
  private readonly saveSelection = el('button', { className: 'link-button', text: 'Save Selection as Recording…', attributes: { type: 'button', id: 'save-selection', title: 'Write the selected messages (bodies whole, properties and headers) as a recording that Publish Recording… sends again' } });
  private readonly copySelection = el('button', { className: 'link-button', text: 'Copy Selection', attributes: { type: 'button', id: 'copy-selection', title: 'Copy the selected messages as recording lines (NDJSON, bodies whole)' } });
  private readonly redrive: RedrivePanel;
  private readonly selection: TableSelection<PeekMessageView, PeekPlace, PeekSelection>;
  private view: PeekView | undefined;
  private selected: number | null;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    this.selected = host.loadState()?.selected ?? null;
    const refresh = el('button', { className: 'link-button', text: 'Peek again', attributes: { type: 'button', id: 'refresh' } });
    refresh.addEventListener('click', () => host.post({ type: 'refresh' }));
    this.redrive = new RedrivePanel((message) => host.post(message));
    this.list = new PeekList({
      click: (message, index, event) => this.selection.click(message, index, event),
      toggle: (message, index) => this.selection.toggle(message, index),
      key: (event) => this.selection.key(event),
      isSelected: (position) => this.selection.selection.has(position),
      open: (position) => host.post({ type: 'open', position }),
      reordered: () => this.reordered(),
    });
    this.selection = new TableSelection(new PeekSelection(() => this.view?.messages.map((m) => m.position) ?? []), this.list, {
      focused: (message) => this.select(message.position),
      changed: () => this.selectionChanged(),
    });
    this.redriveSelected.addEventListener('click', () => {
      if (this.selection.selection.size > 0) this.redrive.dryRun(this.selection.selection.positions());
    });
    this.redriveAll.addEventListener('click', () => this.redrive.dryRun('all'));
    this.runBus.addEventListener('click', () => {
      const chosen = this.selection.selection.positions();
      const positions = chosen.length > 0 ? chosen : this.selected === null ? [] : [this.selected];
      if (positions.length > 0) host.post({ type: 'runThroughBus', positions });
    });
    this.saveSelection.addEventListener('click', () => this.recordSelection('file'));
    this.copySelection.addEventListener('click', () => this.recordSelection('clipboard'));
    root.append(
      el('header', { className: 'peek-header' }, [
        this.title,
        el('span', { className: 'peek-actions' }, [refresh, this.runBus, this.redrive.destination, this.redriveSelected, this.redriveAll]),
        el('span', { className: 'peek-actions peek-selection-actions', attributes: { role: 'toolbar', 'aria-label': 'Selected messages' } }, [this.selectedStatus, this.saveSelection, this.copySelection]),
      ]),
      this.notes,
      this.message,
      this.redrive.plan,
      el('div', { className: 'peek-body' }, [this.list.element, this.detail]),
    );
    host.onMessage((message) => this.receive(message));
    const first = host.firstView();
    if (first) this.show(first.view);
    host.post({ type: 'ready' });
  }

  private receive(message: PeekToWebview): void {
    switch (message.type) {
      case 'peek':
        this.say('', '');
        this.show(message.view);
        return;
      case 'redrivePlan':
        this.say('', '');
        this.redrive.show(message.plan);
        return;
      case 'busy':
        this.say(message.what, 'message-notice');
        return;
      case 'error':
        this.say(message.message, 'message-error');
        return;
      case 'notice':
        this.say(message.message, 'message-notice');
        return;
    }
  }

  private say(text: string, kind: string): void {
    this.message.className = `peek-message message ${kind}`;
    setText(this.message, text);
  }

  show(view: PeekView): void {
    this.view = view;
    setText(this.title, `${view.queue} · ${view.queueType}${view.dlq ? ' · DLQ' : ''} · ${view.messages.length} peeked`);
    clear(this.notes);
    for (const note of [...view.notes, `${view.broker} · vhost ${view.vhost} · read ${formatTimestamp(view.readAt)}`]) this.notes.append(el('li', { text: note }));
    this.redriveSelected.hidden = !view.dlq;
    this.redriveAll.hidden = !view.dlq;
    this.redrive.destination.hidden = !view.dlq;
    this.redrive.setExchanges(view.exchanges);
    this.redrive.hide();
    // New messages: nothing is selected; the focused one is kept when the peek still holds it.
    this.selection.reset();
    this.list.show(view);
    const keep = view.messages.find((m) => m.position === this.selected) ?? view.messages[0];
    this.select(keep?.position ?? null);
    this.reordered();
    this.updateButtons();
  }

  /** The list's order changed: the next arrow or Shift range starts from the focused row where it is now. */
  private reordered(): void {
    this.selection.reordered();
    const index = this.list.shownPositions().indexOf(this.selected ?? -1);
    if (index >= 0) this.selection.focusAt(index);
  }

  /** Only positions go to the host: it records the messages it peeked and holds, never bodies from the page. */
  private recordSelection(to: 'file' | 'clipboard'): void {
    const positions = this.selection.selection.positions();
    if (positions.length === 0) this.say('Select messages first (click, Ctrl/Cmd-click, Shift-click, Ctrl/Cmd-A).', 'message-error');
    else this.host.post({ type: 'recordSelection', positions, to });
  }

  private selectionChanged(): void {
    this.list.refreshSelection();
    this.updateButtons();
  }

  private updateButtons(): void {
    const count = this.selection.selection.size;
    this.runBus.toggleAttribute('disabled', count === 0 && (this.selected === null || (this.view?.messages.length ?? 0) === 0));
    this.redriveSelected.toggleAttribute('disabled', count === 0);
    setText(this.redriveSelected, count > 0 ? `Redrive ${count} selected…` : 'Redrive selected…');
    setText(this.selectedStatus, count === 0 ? '' : `${formatCount(count)} selected`);
    this.saveSelection.toggleAttribute('disabled', count === 0);
    this.copySelection.toggleAttribute('disabled', count === 0);
  }

  private select(position: number | null): void {
    this.selected = position;
    this.host.saveState({ selected: position });
    this.list.highlight(position);
    clear(this.detail);
    const message = this.view?.messages.find((m) => m.position === position);
    if (!message) return;
    const open = el('button', { className: 'link-button', text: 'Open as document', attributes: { type: 'button' } });
    open.addEventListener('click', () => this.host.post({ type: 'open', position: message.position }));
    const trace = el('button', { className: 'link-button', text: 'Trace flow', attributes: { type: 'button', id: 'trace', title: 'Trace this message across every connection by its correlation and trace ids' } });
    trace.addEventListener('click', () => this.host.post({ type: 'trace', position: message.position }));
    this.detail.append(el('h2', { text: `Message #${message.position}${message.messageId ? ` · ${message.messageId}` : ''}` }), open, trace);
    this.detail.append(this.table('Delivery', [
      ['exchange', message.exchange || '(default)'],
      ['routing key', message.routingKey],
      ['size', `${message.size} bytes`],
      ['redelivered', message.redelivered ? 'yes (a peek returns messages flagged redelivered)' : 'no'],
      ...(message.deliveryCount === undefined ? [] : [['x-delivery-count', String(message.deliveryCount)] as [string, string]]),
    ]));
    if (message.deaths.length > 0) {
      this.detail.append(el('h3', { text: 'Why it died (x-death)' }));
      const list = el('ol', { className: 'peek-deaths' });
      for (const death of message.deaths) list.append(el('li', { text: death.why }));
      this.detail.append(list);
    }
    this.detail.append(this.table('Properties', Object.entries(message.properties).map(([k, v]) => [k, String(v)])));
    this.detail.append(this.table('Headers', message.headers.filter((h) => h.key !== 'x-death').map((h) => [h.key, h.value])));
    const kind = message.bodyKind === 'json' ? 'JSON' : message.bodyKind === 'text' ? 'text' : 'hex';
    this.detail.append(el('h3', { text: `Body (${kind}${message.bodyTruncated ? ', the start only' : ''})` }));
    this.detail.append(this.body(message));
  }

  /** JSON as the kit's tree; text and hex as they are (a JSON string would show them in quotes). */
  private body(message: PeekMessageView): HTMLElement {
    if (message.bodyKind !== 'json') return el('pre', { className: `peek-body-text peek-body-${message.bodyKind}`, text: typeof message.body === 'string' ? message.body : JSON.stringify(message.body) });
    const pane = el('div', { className: 'json-pane peek-body-json' });
    new JsonTreeView(pane).show(message.body);
    return pane;
  }

  private table(title: string, rows: [string, string][]): HTMLElement {
    const table = el('table', { className: 'peek-table' });
    for (const [key, value] of rows) table.append(el('tr', {}, [el('th', { text: key }), el('td', { text: value })]));
    if (rows.length === 0) table.append(el('tr', {}, [el('td', { className: 'muted', text: 'none' })]));
    return el('section', {}, [el('h3', { text: title }), table]);
  }
}
