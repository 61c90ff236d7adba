/**
 * Which peeked messages are selected, by their position in the peek (what the host names them by), never by
 * DOM row or view position: a sort moves rows. A peek holds every row in the page, so "select all" is every
 * position the peek shows.
 */
import type { RowSelection } from '../../shared/tableSelection';

/** What the selection keeps of a row: a peeked message is one. */
export interface PeekPlace {
  position: number;
}

export class PeekSelection implements RowSelection<PeekPlace> {
  private readonly marked = new Set<number>();

  constructor(private readonly shown: () => readonly number[]) {}

  has(position: number): boolean {
    return this.marked.has(position);
  }

  get size(): number {
    return this.marked.size;
  }

  /** The selected positions in queue order (how the host records them). */
  positions(): number[] {
    return [...this.marked].sort((a, b) => a - b);
  }

  clear(): void {
    this.marked.clear();
  }

  only(place: PeekPlace): void {
    this.marked.clear();
    this.marked.add(place.position);
  }

  toggle(place: PeekPlace): void {
    if (!this.marked.delete(place.position)) this.marked.add(place.position);
  }

  add(places: readonly PeekPlace[]): void {
    for (const place of places) this.marked.add(place.position);
  }

  selectAll(): void {
    for (const position of this.shown()) this.marked.add(position);
  }
}
