/**
 * Where a browse starts and what it keeps: the mode (latest N per partition, from an offset, from a
 * timestamp, from the beginning, live tail), one partition or all, and the filters (key, header, text in
 * the value, JSONPath on the value). Plain form controls; what they read becomes `BrowseParameters`.
 */
import type { BrowseMode, BrowseParameters } from '../../src/protocol/messageBrowser';
import { el } from '../shared/dom';

const MODES: [BrowseMode, string][] = [
  ['latest', 'Latest N per partition'],
  ['offset', 'From offset'],
  ['timestamp', 'From timestamp'],
  ['beginning', 'From the beginning'],
  ['tail', 'Live tail'],
];

export interface BrowseFormCallbacks {
  browse(parameters: BrowseParameters): void;
  stop(): void;
}

export class BrowseForm {
  readonly element: HTMLElement;
  private readonly mode = el('select', { id: 'browse-mode', attributes: { 'aria-label': 'Where to start' } });
  private readonly count = input('browse-count', 'Messages per partition', 'number', '100');
  private readonly offset = input('browse-offset', 'Start offset', 'text', '0');
  private readonly timestamp = input('browse-timestamp', 'Start time (UTC, e.g. 2026-12-03T12:00:00Z)', 'text', '');
  private readonly partition = el('select', { id: 'browse-partition', attributes: { 'aria-label': 'Partition' } });
  private readonly key = input('filter-key', 'Key equals', 'text', '');
  private readonly header = input('filter-header', 'Header name or name=value', 'text', '');
  private readonly text = input('filter-text', 'Text in the value', 'text', '');
  private readonly jsonPath = input('filter-jsonpath', 'JSONPath on the value, e.g. $[?(@.total > 100)]', 'text', '');
  // type=button: only the form's submit (Enter in a field) and the click each start one browse, never both.
  readonly browseButton = el('button', { id: 'browse-start', className: 'button primary', text: 'Browse', attributes: { type: 'button' } });
  readonly stopButton = el('button', { id: 'browse-stop', className: 'button', text: 'Stop', attributes: { type: 'button' } });
  private readonly problem = el('span', { id: 'browse-problem', className: 'form-problem', attributes: { role: 'alert' } });

  constructor(partitions: readonly number[], callbacks: BrowseFormCallbacks) {
    for (const [value, label] of MODES) this.mode.append(el('option', { text: label, attributes: { value } }));
    this.partition.append(el('option', { text: 'All partitions', attributes: { value: '' } }));
    for (const p of partitions) this.partition.append(el('option', { text: `Partition ${p}`, attributes: { value: String(p) } }));
    this.mode.addEventListener('change', () => this.showFields());
    const browse = (): void => {
      const parameters = this.read();
      if (parameters) callbacks.browse(parameters);
    };
    this.browseButton.addEventListener('click', browse);
    this.stopButton.addEventListener('click', () => callbacks.stop());
    this.element = el('form', { id: 'browse-form', className: 'browse-form', attributes: { 'aria-label': 'Browse' } }, [
      el('div', { className: 'form-row' }, [this.mode, this.count, this.offset, this.timestamp, this.partition, this.browseButton, this.stopButton]),
      el('div', { className: 'form-row' }, [this.key, this.header, this.text, this.jsonPath, this.problem]),
    ]);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      browse();
    });
    this.showFields();
  }

  setRunning(running: boolean): void {
    this.stopButton.disabled = !running;
  }

  write(parameters: BrowseParameters): void {
    this.mode.value = parameters.mode;
    if (parameters.count !== undefined) this.count.value = String(parameters.count);
    if (parameters.offset !== undefined) this.offset.value = parameters.offset;
    if (parameters.timestamp !== undefined) this.timestamp.value = new Date(parameters.timestamp).toISOString();
    this.partition.value = parameters.partition === undefined ? '' : String(parameters.partition);
    this.key.value = parameters.filter.key ?? '';
    this.header.value = parameters.filter.headerKey === undefined ? '' : `${parameters.filter.headerKey}${parameters.filter.headerValue === undefined ? '' : `=${parameters.filter.headerValue}`}`;
    this.text.value = parameters.filter.text ?? '';
    this.jsonPath.value = parameters.filter.jsonPath ?? '';
    this.showFields();
  }

  /** The parameters the form says, or undefined (and the reason shown) when a field is not valid. */
  read(): BrowseParameters | undefined {
    const mode = this.mode.value as BrowseMode;
    const fail = (message: string): undefined => {
      this.problem.textContent = message;
      return undefined;
    };
    this.problem.textContent = '';
    const parameters: BrowseParameters = { mode, filter: {} };
    if (mode === 'latest' || mode === 'tail') {
      const count = Number(this.count.value);
      if (!Number.isInteger(count) || count < 1 || count > 100_000) return fail('Messages per partition: a whole number from 1 to 100,000.');
      parameters.count = count;
    }
    if (mode === 'offset') {
      if (!/^\d{1,19}$/.test(this.offset.value.trim())) return fail('The offset is a whole number of 0 or more.');
      parameters.offset = this.offset.value.trim();
    }
    if (mode === 'timestamp') {
      const time = Date.parse(this.timestamp.value.trim());
      if (!Number.isFinite(time) || time < 0) return fail('The start time is a date and time, e.g. 2026-12-03T12:00:00Z.');
      parameters.timestamp = time;
    }
    if (this.partition.value !== '') parameters.partition = Number(this.partition.value);
    const header = this.header.value.trim();
    const equals = header.indexOf('=');
    parameters.filter = {
      ...(this.key.value !== '' ? { key: this.key.value } : {}),
      ...(header !== '' ? (equals > 0 ? { headerKey: header.slice(0, equals), headerValue: header.slice(equals + 1) } : { headerKey: header }) : {}),
      ...(this.text.value.trim() !== '' ? { text: this.text.value.trim() } : {}),
      ...(this.jsonPath.value.trim() !== '' ? { jsonPath: this.jsonPath.value.trim() } : {}),
    };
    return parameters;
  }

  private showFields(): void {
    const mode = this.mode.value;
    this.count.hidden = mode !== 'latest' && mode !== 'tail';
    this.offset.hidden = mode !== 'offset';
    this.timestamp.hidden = mode !== 'timestamp';
    if (mode === 'timestamp' && this.timestamp.value === '') this.timestamp.value = new Date(Date.now() - 3_600_000).toISOString();
  }
}

function input(id: string, label: string, type: string, value: string): HTMLInputElement {
  const element = el('input', { id, className: 'field', attributes: { type, placeholder: label, 'aria-label': label, title: label } });
  element.value = value;
  return element;
}
