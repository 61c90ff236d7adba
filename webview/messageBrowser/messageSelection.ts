/**
 * Which messages are selected, by their place in the topic (partition and offset), never by DOM row or view
 * position: the list shows only the rows on screen, a sort moves rows and a tail drops them. "Select all"
 * is a flag with the rows left out, since the page never holds every row (the host does).
 */
import { MAX_REPUBLISH_SELECTED, type MessagePosition, type MessageSelection as SelectionMessage } from '../../src/protocol/messageBrowser';

export function positionKey(position: MessagePosition): string {
  return `${position.partition}:${position.offset}`;
}

/** Only the place: a row passed in carries its whole preview, which the selection must not keep nor send. */
function placeOf(position: MessagePosition): MessagePosition {
  return { partition: position.partition, offset: position.offset };
}

export class MessageSelection {
  private all = false;
  /** Not all: the selected positions; all: the positions left out. */
  private readonly marked = new Map<string, MessagePosition>();

  has(position: MessagePosition): boolean {
    return this.all !== this.marked.has(positionKey(position));
  }

  /** How many are selected of the `total` rows the browse holds. */
  count(total: number): number {
    return this.all ? Math.max(0, total - this.marked.size) : this.marked.size;
  }

  clear(): void {
    this.all = false;
    this.marked.clear();
  }

  /** Only this one (a plain click). */
  only(position: MessagePosition): void {
    this.clear();
    this.marked.set(positionKey(position), placeOf(position));
  }

  /** In or out, the others kept (Ctrl/Cmd-click). */
  toggle(position: MessagePosition): void {
    const key = positionKey(position);
    if (this.marked.has(key)) this.marked.delete(key);
    else this.marked.set(key, placeOf(position));
  }

  /** These join the selection (a Shift range). */
  add(positions: readonly MessagePosition[]): void {
    for (const position of positions) {
      const key = positionKey(position);
      if (this.all) this.marked.delete(key);
      else this.marked.set(key, placeOf(position));
    }
  }

  /** Every row the browse holds, now and as more arrive (Ctrl/Cmd-A). */
  selectAll(): void {
    this.all = true;
    this.marked.clear();
  }

  /**
   * The selection as the host takes it, or why it cannot be sent: none selected, or more named one by one
   * than one message may carry.
   */
  toMessage(total: number): { selection: SelectionMessage } | { problem: string } {
    if (this.count(total) === 0) return { problem: 'Select messages first (click, Ctrl/Cmd-click, Shift-click, Ctrl/Cmd-A).' };
    if (this.marked.size > MAX_REPUBLISH_SELECTED) {
      return { problem: `At most ${MAX_REPUBLISH_SELECTED.toLocaleString('en-US')} messages can be picked one by one; Ctrl/Cmd-A selects every message.` };
    }
    const positions = [...this.marked.values()];
    return { selection: this.all ? { all: true, except: positions } : { positions } };
  }
}
