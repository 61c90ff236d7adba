/**
 * The peek view: the messages a peek saw (left), the selected one's body, properties, headers,
 * `x-delivery-count` and `x-death` (right); the checked (or selected) messages run through the workspace's
 * bus; on a DLQ, redrive of the checked messages or of all of them, to where they came from or to a chosen
 * exchange, after a dry run listed in the page.
 */
import type { PeekMessageView, PeekToWebview, PeekView } from '../../../src/protocol/rabbitmq/peek';
import { clear, el, formatTimestamp, setText } from '../../shared/dom';
import { JsonTreeView } from '../../shared/jsonTree';
import type { Host } from './host';
import { PeekList } from './peekList';
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
  private readonly redrive: RedrivePanel;
  private readonly checked = new Set<number>();
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
      select: (position) => this.select(position),
      open: (position) => host.post({ type: 'open', position }),
      check: (position, checked) => {
        if (checked) this.checked.add(position);
        else this.checked.delete(position);
        this.updateButtons();
      },
    });
    this.redriveSelected.addEventListener('click', () => {
      if (this.checked.size > 0) this.redrive.dryRun([...this.checked].sort((a, b) => a - b));
    });
    this.redriveAll.addEventListener('click', () => this.redrive.dryRun('all'));
    this.runBus.addEventListener('click', () => {
      const positions = this.checked.size > 0 ? [...this.checked].sort((a, b) => a - b) : this.selected === null ? [] : [this.selected];
      if (positions.length > 0) host.post({ type: 'runThroughBus', positions });
    });
    root.append(
      el('header', { className: 'peek-header' }, [this.title, el('span', { className: 'peek-actions' }, [refresh, this.runBus, this.redrive.destination, this.redriveSelected, this.redriveAll])]),
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
    this.checked.clear();
    setText(this.title, `${view.queue} · ${view.queueType}${view.dlq ? ' · DLQ' : ''} · ${view.messages.length} peeked`);
    clear(this.notes);
    for (const note of [...view.notes, `${view.broker} · vhost ${view.vhost} · read ${formatTimestamp(view.readAt)}`]) this.notes.append(el('li', { text: note }));
    this.redriveSelected.hidden = !view.dlq;
    this.redriveAll.hidden = !view.dlq;
    this.redrive.destination.hidden = !view.dlq;
    this.redrive.setExchanges(view.exchanges);
    this.redrive.hide();
    this.list.show(view);
    const keep = view.messages.find((m) => m.position === this.selected) ?? view.messages[0];
    this.select(keep?.position ?? null);
    this.updateButtons();
  }

  private updateButtons(): void {
    this.runBus.toggleAttribute('disabled', this.checked.size === 0 && (this.selected === null || (this.view?.messages.length ?? 0) === 0));
    this.redriveSelected.toggleAttribute('disabled', this.checked.size === 0);
    setText(this.redriveSelected, this.checked.size > 0 ? `Redrive ${this.checked.size} selected…` : 'Redrive selected…');
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
