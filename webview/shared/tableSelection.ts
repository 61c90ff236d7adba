/**
 * A table's selection gestures, shared by the message browser and the peek view: click selects one,
 * Ctrl/Cmd-click toggles, Shift-click selects the range from the last clicked row (with Ctrl/Cmd: adds it),
 * arrows move (with Shift: extend), Space toggles, Ctrl/Cmd-A selects every row, Escape clears. A range whose
 * rows the page does not hold (scrolled past, never fetched) is asked of the host, which holds every row.
 *
 * `Row` is what the table shows; `Place` is what the selection keeps of a row (a row is one): the browser
 * keeps partition and offset, the peek its position.
 */

/** The rows in the order the table shows them (view positions). */
export interface SelectableRows<Row> {
  readonly count: number;
  /** The row at a view position, when the page holds it. */
  rowAt(position: number): Row | undefined;
  /** Scrolls the row at `position` into view. */
  reveal(position: number): void;
  /** Marks the focused row (and scrolls it into view). */
  setFocused(row: Row, position: number): void;
}

/** What is selected, by the rows' places, never by DOM row or view position. */
export interface RowSelection<Place> {
  clear(): void;
  only(place: Place): void;
  toggle(place: Place): void;
  add(places: readonly Place[]): void;
  selectAll(): void;
}

export interface TableSelectionCallbacks<Row> {
  /** Asks the host for the places of a range the page does not hold; its answer comes to `acceptRange`. */
  requestRange?(requestId: number, from: number, to: number): void;
  /** The focused row moved (the single-message actions follow it). */
  focused(row: Row): void;
  /** What is selected changed. */
  changed(): void;
}

export class TableSelection<Row extends Place, Place, Selection extends RowSelection<Place> = RowSelection<Place>> {
  /** View positions: where a Shift range starts, and the focused row. */
  private anchor: number | undefined;
  private focus: number | undefined;
  private pending: { requestId: number } | undefined;
  private nextRequestId = 1;

  constructor(
    readonly selection: Selection,
    private readonly rows: SelectableRows<Row>,
    private readonly callbacks: TableSelectionCallbacks<Row>,
  ) {}

  click(row: Row, position: number, event: MouseEvent): void {
    const toggle = event.ctrlKey || event.metaKey;
    if (event.shiftKey && this.anchor !== undefined) this.range(this.anchor, position, toggle);
    else {
      if (toggle) this.selection.toggle(row);
      else this.selection.only(row);
      this.anchor = position;
    }
    this.moveFocus(row, position);
  }

  /** A checkbox on a row: in or out, the others kept, as a Ctrl/Cmd-click. */
  toggle(row: Row, position: number): void {
    this.selection.toggle(row);
    this.anchor = position;
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
    if (event.key === 'Escape') {
      this.pending = undefined;
      this.selection.clear();
      this.callbacks.changed();
      return true;
    }
    if (event.key === ' ') {
      const row = this.focus === undefined ? undefined : this.rows.rowAt(this.focus);
      if (row) {
        this.selection.toggle(row);
        this.anchor = this.focus;
        this.callbacks.changed();
      }
      return true;
    }
    const last = this.rows.count - 1;
    const target =
      event.key === 'ArrowDown' ? Math.min(last, (this.focus ?? -1) + 1)
      : event.key === 'ArrowUp' ? Math.max(0, (this.focus ?? 1) - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : undefined;
    if (target === undefined) return false;
    const row = this.rows.rowAt(target);
    // Not fetched yet (End on a long list): shown first; the next press finds it.
    if (!row) {
      if (target >= 0) this.rows.reveal(target);
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
  acceptRange(requestId: number, places: readonly Place[]): void {
    if (this.pending?.requestId !== requestId) return;
    this.pending = undefined;
    this.selection.add(places);
    this.callbacks.changed();
  }

  /** New rows (a new browse or peek): nothing is selected. */
  reset(): void {
    this.selection.clear();
    this.reordered();
    this.callbacks.changed();
  }

  /** A new order: the same rows stay selected, but view positions name other rows now. */
  reordered(): void {
    this.anchor = undefined;
    this.focus = undefined;
    this.pending = undefined;
  }

  /** The row focused without a gesture (the first row of a new peek, a kept one): the anchor of the next Shift range. */
  focusAt(position: number): void {
    this.focus = position;
    this.anchor = position;
  }

  private range(from: number, to: number, add: boolean): void {
    if (!add) this.selection.clear();
    this.pending = undefined;
    const rows: Row[] = [];
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const row = this.rows.rowAt(i);
      if (!row) {
        if (!this.callbacks.requestRange) continue;
        const requestId = this.nextRequestId++;
        this.pending = { requestId };
        this.callbacks.requestRange(requestId, from, to);
        return;
      }
      rows.push(row);
    }
    this.selection.add(rows);
  }

  private moveFocus(row: Row, position: number): void {
    this.focus = position;
    this.rows.setFocused(row, position);
    this.callbacks.focused(row);
    this.callbacks.changed();
  }
}
