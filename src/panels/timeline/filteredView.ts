/**
 * Which events of a stream the timeline shows: all of them, or those of some event types. The view is
 * an ascending array of stream indices, built once per filter change (O(n)); everything after that is
 * O(log n) per lookup.
 */
import type { FlowEvent } from '../../core/envelope';

export class FilteredView {
  /** Stream indices in the view, ascending; undefined means the whole stream. */
  private readonly indices: Int32Array | undefined;
  readonly types: readonly string[];

  constructor(
    private readonly streamLength: number,
    events: readonly FlowEvent[] = [],
    types: readonly string[] = [],
  ) {
    this.types = [...new Set(types)];
    if (this.types.length === 0) {
      this.indices = undefined;
      return;
    }
    const wanted = new Set(this.types);
    const matches = new Int32Array(events.length);
    let count = 0;
    for (let index = 0; index < events.length; index++) {
      if (wanted.has((events[index]).type)) matches[count++] = index;
    }
    this.indices = matches.slice(0, count);
  }

  get length(): number {
    return this.indices === undefined ? this.streamLength : this.indices.length;
  }

  /** Stream index of the event at `position` in the view. */
  indexAt(position: number): number {
    return this.indices === undefined ? position : (this.indices[position]);
  }

  /** Position of a stream index in the view, or -1 when the filter hides it. */
  positionOf(index: number): number {
    if (this.indices === undefined) return index >= 0 && index < this.streamLength ? index : -1;
    const position = this.firstPositionAtOrAfter(index);
    return this.indices[position] === index ? position : -1;
  }

  /** The first position whose stream index is >= `index` (the view's length when there is none). */
  firstPositionAtOrAfter(index: number): number {
    if (this.indices === undefined) return Math.min(Math.max(index, 0), this.streamLength);
    let low = 0;
    let high = this.indices.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.indices[middle]) < index) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
