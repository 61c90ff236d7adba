/**
 * The rows a webview holds, of any row type: pages of the host's view, fetched on demand and dropped
 * when far from what is on screen, so memory stays bounded at any stream length. A reset (new filter,
 * reload) makes every answer still in flight stale.
 */
import { ROW_PAGE_SIZE, type RowRequest } from '../../src/protocol/common';

export type { RowRequest };

export class RowCache<Row> {
  private readonly pages = new Map<number, Row[]>();
  /** requestId → page number, for requests of the current view only. */
  private readonly pending = new Map<number, number>();
  private nextRequestId = 1;
  private total = 0;
  /**
   * The first page, asked for at startup together with `ready` so that it does not wait for `init`.
   * It is used only for the first view, and only if the host answered it for a view of that size.
   */
  private early: { requestId: number; viewTotal?: number; rows?: Row[]; rowsTotal?: number } | undefined;

  constructor(
    readonly pageSize = ROW_PAGE_SIZE,
    private readonly maxPages = 40,
  ) {}

  get size(): number {
    return this.total;
  }

  reset(total: number): void {
    this.total = total;
    this.pages.clear();
    this.pending.clear();
    const early = this.early;
    if (early === undefined) return;
    if (early.viewTotal !== undefined) {
      this.early = undefined; // a second view: the early page belongs to the first one
    } else if (early.rows !== undefined) {
      if (early.rowsTotal === total) this.pages.set(0, early.rows);
      this.early = undefined;
    } else {
      early.viewTotal = total;
    }
  }

  /**
   * The view grew (rows appended, as a running browse does): whole pages stay, the last partial page and
   * the answers still in flight are dropped and asked for again.
   */
  resize(total: number): void {
    this.total = total;
    for (const [page, rows] of [...this.pages]) {
      if (rows.length < this.pageSize || (page + 1) * this.pageSize > total) this.pages.delete(page);
    }
    this.pending.clear();
  }

  /** Rows already at hand (the page carried them) from `offset`: each whole page among them is kept. */
  seed(offset: number, rows: Row[]): void {
    if (offset % this.pageSize !== 0) return;
    for (let start = 0; start < rows.length; start += this.pageSize) {
      const page = (offset + start) / this.pageSize;
      const length = Math.min(this.pageSize, this.total - page * this.pageSize);
      if (length > 0 && rows.length - start >= length) this.pages.set(page, rows.slice(start, start + length));
    }
  }

  /** The request for the first page before any view is known (answered rows carry the view's size). */
  prefetch(): RowRequest {
    const requestId = this.nextRequestId++;
    this.early = { requestId };
    return { requestId, offset: 0, count: this.pageSize };
  }

  get(position: number): Row | undefined {
    return this.pages.get(Math.floor(position / this.pageSize))?.[position % this.pageSize];
  }

  /** The requests to send so that positions `first..last` (inclusive) will be available. */
  request(first: number, last: number): RowRequest[] {
    if (this.total === 0 || last < first) return [];
    const firstPage = Math.floor(Math.max(0, first) / this.pageSize);
    const lastPage = Math.floor(Math.min(this.total - 1, last) / this.pageSize);
    const waiting = new Set(this.pending.values());
    if (this.early?.viewTotal !== undefined) waiting.add(0);
    const requests: RowRequest[] = [];
    for (let page = firstPage; page <= lastPage; page++) {
      if (this.pages.has(page) || waiting.has(page)) continue;
      const offset = page * this.pageSize;
      const requestId = this.nextRequestId++;
      this.pending.set(requestId, page);
      requests.push({ requestId, offset, count: Math.min(this.pageSize, this.total - offset) });
    }
    this.evictAround(firstPage, lastPage);
    return requests;
  }

  /** Stores an answer; false when it belongs to a view that has since been reset. */
  accept(requestId: number, offset: number, rows: Row[], total?: number): boolean {
    const early = this.early;
    if (early !== undefined && early.requestId === requestId) {
      if (offset !== 0) return false;
      if (early.viewTotal === undefined) {
        // No view yet: kept for the first reset.
        early.rows = rows;
        early.rowsTotal = total;
        return false;
      }
      this.early = undefined;
      // Even unusable, it is answered: the next render asks for page 0 in the ordinary way.
      if (total === early.viewTotal && !this.pages.has(0)) this.pages.set(0, rows);
      return true;
    }
    const page = this.pending.get(requestId);
    if (page === undefined || page * this.pageSize !== offset) return false;
    this.pending.delete(requestId);
    this.pages.set(page, rows);
    return true;
  }

  private evictAround(firstPage: number, lastPage: number): void {
    if (this.pages.size <= this.maxPages) return;
    const distance = (page: number): number => (page < firstPage ? firstPage - page : page > lastPage ? page - lastPage : 0);
    const byDistance = [...this.pages.keys()].sort((a, b) => distance(b) - distance(a));
    for (const page of byDistance.slice(0, this.pages.size - this.maxPages)) {
      this.pages.delete(page);
    }
  }
}
