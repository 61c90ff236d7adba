/**
 * A virtualized list of any row type: only the rows on screen (plus a little overscan) exist in the DOM,
 * so a 100,000-row view costs the same as a 100-row one. Rows come from the host a page at a time
 * (RowCache); until a page arrives its positions show placeholders. The app says how a row looks and
 * what identifies it; the list keeps the selection marked, the rows patched and the pages asked for.
 */
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { el } from './dom';
import { RowCache, type RowRequest } from './rowCache';

export interface VirtualListOptions<Row> {
  id: string;
  className: string;
  /** Accessible name of the listbox. */
  label: string;
  /** Every row has this height in pixels (the stylesheet must agree). */
  rowHeight: number;
  /** What identifies a row, and what the selection names (the timeline: the event's stream index). */
  keyOf(row: Row): number;
  /** A row's element, built once while its row stays the same; it carries an id (for aria-activedescendant). */
  renderRow(row: Row, selected: boolean): HTMLElement;
  /** What stands at a position whose page has not arrived yet. */
  renderPlaceholder(): HTMLElement;
  /** A row was clicked: its key, its place in the view, and the click (for its modifier keys). */
  select(key: number, position: number, event: MouseEvent): void;
  /**
   * Several rows selected at once: whether a row is (aria-selected); the key `setSelected` names is then
   * the focused row only (aria-activedescendant). Absent: the one row `setSelected` names is the selection.
   */
  isSelected?(row: Row): boolean;
  requestRows(request: RowRequest): void;
  /** Once, when the list first puts rows (not placeholders) into the DOM. */
  firstRowsShown(): void;
}

interface ShownRow<Row> {
  row: Row | undefined;
  element: HTMLElement;
  /** The translateY last written, -1 before the first. */
  start: number;
  selected: boolean;
  focused: boolean;
}

const OVERSCAN = 12;

export class VirtualList<Row> {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly cache = new RowCache<Row>();
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private readonly unmount: () => void;
  private selectedKey: number | null = null;
  /** The row elements on screen by view position, reused while their row is unchanged. */
  private shown = new Map<number, ShownRow<Row>>();
  private spacerHeight = -1;
  private rowsShown = false;

  constructor(private readonly options: VirtualListOptions<Row>) {
    // The app's class names too (`<className>-spacer`), so its stylesheet and tests can name the parts.
    this.spacer = el('div', { className: `virtual-list-spacer ${options.className}-spacer` });
    this.element = el('div', { id: options.id, className: `virtual-list ${options.className}`, attributes: { role: 'listbox', tabindex: '0', 'aria-label': options.label } }, [
      this.spacer,
    ]);
    this.element.addEventListener('click', (event) => this.onClick(event));
    this.virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>({
      count: 0,
      getScrollElement: () => this.element,
      estimateSize: () => options.rowHeight,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      overscan: OVERSCAN,
      onChange: () => this.render(),
    });
    this.unmount = this.virtualizer._didMount();
  }

  /**
   * Starts watching the list's size and scroll offset, once it is in the document. That first reads its
   * size, a layout of the whole page: done at startup, it overlaps the host preparing its first answers
   * instead of delaying the first view.
   */
  attach(): void {
    this.virtualizer._willUpdate();
  }

  /**
   * A new view (first load, new filter, reload): forget every row and start over at the top, or at the
   * end with the rows already at hand there (the first view the page carried).
   */
  reset(total: number, atEnd?: { offset: number; rows: Row[] }): void {
    this.cache.reset(total);
    if (atEnd !== undefined) this.cache.seed(atEnd.offset, atEnd.rows);
    this.shown.clear();
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: total });
    this.virtualizer._willUpdate();
    if (atEnd !== undefined && this.scrollToEnd()) return;
    if (this.virtualizer.scrollOffset !== 0) {
      // Writing scrollTop lays the page out; the offset the virtualizer last saw is enough to skip it at the top.
      this.element.scrollTop = 0;
    }
    this.render();
  }

  /**
   * Scrolls to the end of a fresh view. The rows are rendered by the scroll event this causes, which comes
   * before the next frame: rendering now would still see the old offset and ask for rows at the top.
   * False when there is nothing to scroll.
   */
  private scrollToEnd(): boolean {
    const height = this.virtualizer.scrollRect?.height ?? 0;
    const end = Math.max(0, this.virtualizer.getTotalSize() - height);
    if (height <= 0 || end === 0) return false;
    this.setSpacerHeight(this.virtualizer.getTotalSize());
    this.element.scrollTop = end;
    // Should the scroll event not come (the view hidden, say), the next frame renders anyway.
    requestAnimationFrame(() => this.render());
    return true;
  }

  /** The view grew by appended rows: kept rows stay on screen and the scroll position stays (see RowCache.resize). */
  resize(total: number): void {
    this.cache.resize(total);
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: total });
    this.render();
  }

  /**
   * The rows changed in place (new ones merged in anywhere, as a search kept in time order does): every
   * page held is dropped and asked for again; the scroll position stays.
   */
  refresh(total: number): void {
    this.cache.reset(total);
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: total });
    this.render();
  }

  /** The first page of rows, asked for before the view's size is known (see RowCache.prefetch). */
  prefetch(): RowRequest {
    return this.cache.prefetch();
  }

  acceptRows(requestId: number, offset: number, rows: Row[], total?: number): void {
    if (this.cache.accept(requestId, offset, rows, total)) this.render();
  }

  /** The row at a view position, when its page is at hand. */
  rowAt(position: number): Row | undefined {
    return this.cache.get(position);
  }

  /** How many positions the view has. */
  get count(): number {
    return this.cache.size;
  }

  /** The selection changed (`isSelected` answers differently): the rows on screen are marked again. */
  refreshSelection(): void {
    this.render();
  }

  /** Marks the selected (or, with `isSelected`, the focused) row by its key; `position` is its place in the view (-1 when the view hides it). */
  setSelected(key: number, position: number): void {
    this.selectedKey = key;
    // Scrolling forces a layout; a row already fully on screen needs none (what align 'auto' would do).
    if (position >= 0 && !this.fullyVisible(position)) this.scrollIntoView(position);
    this.render();
  }

  /** Scrolls the row at `position` into view, its page then asked for (the selection unchanged). */
  reveal(position: number): void {
    if (!this.fullyVisible(position)) this.scrollIntoView(position);
  }

  /**
   * Scrolls the least that shows the row whole. Rows have one height, so the offset is known: written
   * directly, it costs one scroll, where the virtualizer's scrollToIndex re-reads the list's size for
   * several frames to settle (each read a layout, while the detail beside it is changing).
   */
  private scrollIntoView(position: number): void {
    const height = this.virtualizer.scrollRect?.height ?? 0;
    if (height <= 0) {
      this.virtualizer.scrollToIndex(position, { align: 'auto' });
      return;
    }
    const top = position * this.options.rowHeight;
    const offset = this.virtualizer.scrollOffset ?? 0;
    this.element.scrollTop = top < offset ? top : Math.max(0, top + this.options.rowHeight - height);
  }

  focus(): void {
    this.element.focus();
  }

  dispose(): void {
    this.unmount();
  }

  /** From the virtualizer's last observed scroll offset and size: reads no layout. */
  private fullyVisible(position: number): boolean {
    const offset = this.virtualizer.scrollOffset;
    const height = this.virtualizer.scrollRect?.height;
    if (offset === null || height === undefined || height <= 0) return false;
    const start = position * this.options.rowHeight;
    return start > offset && start + this.options.rowHeight < offset + height;
  }

  /** Patches the rows on screen: unchanged rows keep their elements, only moved or new ones are touched. */
  private render(): void {
    const items = this.virtualizer.getVirtualItems();
    this.setSpacerHeight(this.virtualizer.getTotalSize());
    if (items.length > 0) {
      for (const request of this.cache.request(items[0].index, items[items.length - 1].index)) {
        this.options.requestRows(request);
      }
    }
    const shown = new Map<number, ShownRow<Row>>();
    const elements: HTMLElement[] = [];
    let same = items.length === this.shown.size;
    for (const item of items) {
      const row = this.cache.get(item.index);
      let entry = this.shown.get(item.index);
      if (entry === undefined || entry.row !== row) {
        same = false;
        entry = row === undefined ? { row, element: this.options.renderPlaceholder(), start: -1, selected: false, focused: false } : this.renderRow(row);
      } else if (row !== undefined) {
        this.updateSelected(entry, row);
      }
      if (entry.start !== item.start) {
        entry.start = item.start;
        entry.element.style.transform = `translateY(${item.start}px)`;
      }
      shown.set(item.index, entry);
      elements.push(entry.element);
    }
    if (same) {
      const children = this.spacer.children;
      same = children.length === elements.length && elements.every((element, i) => children[i] === element);
    }
    this.shown = shown;
    if (!same) placeChildren(this.spacer, elements);
    if (!this.rowsShown && items.some((item) => shown.get(item.index)?.row !== undefined)) {
      this.rowsShown = true;
      this.options.firstRowsShown();
    }
  }

  private renderRow(row: Row): ShownRow<Row> {
    const focused = this.options.keyOf(row) === this.selectedKey;
    const selected = this.options.isSelected ? this.options.isSelected(row) : focused;
    const element = this.options.renderRow(row, selected);
    if (this.options.isSelected) element.classList.toggle('focused', focused);
    if (focused) this.element.setAttribute('aria-activedescendant', element.id);
    return { row, element, start: -1, selected, focused };
  }

  private setSpacerHeight(height: number): void {
    if (height === this.spacerHeight) return;
    this.spacerHeight = height;
    this.spacer.style.height = `${height}px`;
  }

  private updateSelected(entry: ShownRow<Row>, row: Row): void {
    const focused = this.options.keyOf(row) === this.selectedKey;
    const selected = this.options.isSelected ? this.options.isSelected(row) : focused;
    if (selected !== entry.selected) {
      entry.selected = selected;
      entry.element.classList.toggle('selected', selected);
      entry.element.setAttribute('aria-selected', String(selected));
    }
    if (focused !== entry.focused) {
      entry.focused = focused;
      if (this.options.isSelected) entry.element.classList.toggle('focused', focused);
      if (focused) this.element.setAttribute('aria-activedescendant', entry.element.id);
    }
  }

  /** The row under a click: the spacer's child holding the target, found among the rows on screen. */
  private onClick(event: MouseEvent): void {
    let node = event.target instanceof Element ? event.target : null;
    while (node !== null && node.parentElement !== this.spacer) node = node.parentElement;
    if (node === null) return;
    for (const [position, entry] of this.shown) {
      if (entry.element === node) {
        if (entry.row !== undefined) this.options.select(this.options.keyOf(entry.row), position, event);
        return;
      }
    }
  }
}

/**
 * Makes `parent`'s children `elements`, in order, moving only what is out of place: scrolling by a row
 * adds one row and drops one, and the rows in between stay where they are (not restyled, not relaid out).
 */
function placeChildren(parent: HTMLElement, elements: readonly HTMLElement[]): void {
  // Dropped rows first, so that the kept ones are already in order and none of them is moved.
  const kept = new Set<Node>(elements);
  for (const child of Array.from(parent.childNodes)) {
    if (!kept.has(child)) parent.removeChild(child);
  }
  let cursor = parent.firstChild;
  for (const element of elements) {
    if (element === cursor) {
      cursor = cursor.nextSibling;
    } else {
      parent.insertBefore(element, cursor);
    }
  }
}
