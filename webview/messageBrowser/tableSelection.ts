/**
 * The table's selection gestures: click selects one, Ctrl/Cmd-click toggles, Shift-click selects the range
 * from the last clicked row (with Ctrl/Cmd: adds it), arrows move (with Shift: extend), Space toggles,
 * Ctrl/Cmd-A selects every row. A range whose rows the page does not hold (scrolled past, never fetched)
 * is asked of the host, which holds every row.
 */
import type { BrowserRangePositions, BrowserToExtension, MessageRow } from '../../src/protocol/messageBrowser';
import type { VirtualList } from '../shared/virtualList';
import { MessageSelection } from './messageSelection';

export interface TableSelectionCallbacks {
  post(message: Extract<BrowserToExtension, { type: 'selectRange' }>): void;
  /** The focused row moved (the single-message actions follow it). */
  focused(index: number): void;
  /** What is selected changed. */
  changed(): void;
}

export class TableSelection {
  readonly selection = new MessageSelection();
  /** View positions: where a Shift range starts, and the focused row. */
  private anchor: number | undefined;
  private focus: number | undefined;
  private pending: { requestId: number } | undefined;
  private nextRequestId = 1;

  constructor(
    private readonly list: VirtualList<MessageRow>,
    private readonly callbacks: TableSelectionCallbacks,
  ) {}

  click(row: MessageRow, position: number, event: MouseEvent): void {
    const toggle = event.ctrlKey || event.metaKey;
    if (event.shiftKey && this.anchor !== undefined) this.range(this.anchor, position, toggle);
    else {
      if (toggle) this.selection.toggle(row);
      else this.selection.only(row);
      this.anchor = position;
    }
    this.moveFocus(row, position);
  }

  /** True when the key was a selection gesture (the caller then lets it go no further). */
  key(event: KeyboardEvent): boolean {
    const command = event.ctrlKey || event.metaKey;
    if (command && event.key.toLowerCase() === 'a') {
      this.pending = undefined;
      this.selection.selectAll();
      this.callbacks.changed();
      return true;
    }
    if (event.key === ' ') {
      const row = this.focus === undefined ? undefined : this.list.rowAt(this.focus);
      if (row) {
        this.selection.toggle(row);
        this.anchor = this.focus;
        this.callbacks.changed();
      }
      return true;
    }
    const last = this.list.count - 1;
    const target =
      event.key === 'ArrowDown' ? Math.min(last, (this.focus ?? -1) + 1)
      : event.key === 'ArrowUp' ? Math.max(0, (this.focus ?? 1) - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : undefined;
    if (target === undefined) return false;
    const row = this.list.rowAt(target);
    // Not fetched yet (End on a long list): shown first; the next press finds it.
    if (!row) {
      if (target >= 0) this.list.reveal(target);
      return true;
    }
    if (event.shiftKey) this.range(this.anchor ?? this.focus ?? target, target, false);
    else {
      this.selection.only(row);
      this.anchor = target;
    }
    this.moveFocus(row, target);
    return true;
  }

  /** The host's answer to a range the page did not hold; a stale one (a later gesture, a new browse) is dropped. */
  acceptRange(reply: BrowserRangePositions): void {
    if (this.pending?.requestId !== reply.requestId) return;
    this.pending = undefined;
    this.selection.add(reply.positions);
    this.callbacks.changed();
  }

  /** A new browse: nothing is selected. */
  reset(): void {
    this.selection.clear();
    this.anchor = undefined;
    this.focus = undefined;
    this.pending = undefined;
    this.callbacks.changed();
  }

  /** A new order: the same messages stay selected, but view positions name other rows now. */
  reordered(): void {
    this.anchor = undefined;
    this.focus = undefined;
    this.pending = undefined;
  }

  private range(from: number, to: number, add: boolean): void {
    if (!add) this.selection.clear();
    this.pending = undefined;
    const rows: MessageRow[] = [];
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const row = this.list.rowAt(i);
      if (!row) {
        const requestId = this.nextRequestId++;
        this.pending = { requestId };
        this.callbacks.post({ type: 'selectRange', requestId, from, to });
        return;
      }
      rows.push(row);
    }
    this.selection.add(rows);
  }

  private moveFocus(row: MessageRow, position: number): void {
    this.focus = position;
    this.list.setSelected(row.index, position);
    this.callbacks.focused(row.index);
    this.callbacks.changed();
  }
}
