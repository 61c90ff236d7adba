import type { FlowEvent } from '../envelope';
import { isJsonObject, type JsonValue } from '../json';
import { notApplied, type NotApplied, type Reducer } from './types';

/** The attributes the source chapter's `Order.apply` builds (§3.2), by the names it gives them. */
export type ChapterOrderState = {
  status: 'created' | 'paid' | null;
  items: JsonValue[];
  total_amount: number;
  version: number | null;
};

export const CHAPTER_ORDER_REDUCER_DESCRIPTION =
  'The source chapter\'s Order (§3.2), exactly: OrderCreated sets status "created"; ItemAdded appends data.item to items and ' +
  'adds data.price to total_amount; OrderPaid sets status "paid"; every event, whatever its type, sets version to the event\'s version. ' +
  'Nothing else: no currency, no payment record, PaymentCompleted changes only the version (as in the chapter). ' +
  'An ItemAdded without item, or with a price that is not a number, is not applied (the chapter\'s Order would raise).';

/**
 * The state the chapter's own `Order(Aggregate)` builds, so a reader of the chapter sees in the timeline
 * what their class computes: the same field names, the same float additions, the version of every event.
 * The class's `id` is its constructor argument, not something `apply` builds, so it is not part of this state.
 */
export const chapterOrderReducer: Reducer<ChapterOrderState> = {
  name: 'chapter-order',
  description: CHAPTER_ORDER_REDUCER_DESCRIPTION,
  initial: () => ({ status: null, items: [], total_amount: 0, version: 0 }),
  apply(state: ChapterOrderState, event: FlowEvent): ChapterOrderState | NotApplied {
    const version = event.version ?? null;
    const data = isJsonObject(event.data) ? event.data : undefined;
    switch (event.type) {
      case 'OrderCreated':
        return { ...state, status: 'created', version };
      case 'ItemAdded': {
        if (!data || !('item' in data)) return notApplied('ItemAdded carries no item (the chapter\'s Order reads data["item"])');
        const price = data.price;
        if (typeof price !== 'number') return notApplied('ItemAdded carries no numeric price (the chapter\'s Order adds data["price"])');
        const items = Array.isArray(state.items) ? state.items : [];
        return { ...state, items: [...items, data.item], total_amount: state.total_amount + price, version };
      }
      case 'OrderPaid':
        return { ...state, status: 'paid', version };
      default:
        return { ...state, version };
    }
  },
};

/** camelCase fields the richer sample flow writes and the chapter's events never carry. */
const NOT_THE_CHAPTERS = ['orderId', 'customerId', 'currency', 'sku', 'unitPrice', 'paymentId', 'amount'];

/**
 * Whether an Order stream is the chapter's own: every `ItemAdded` is `{ item, price }` (with no quantity)
 * and no event carries a field only the richer sample flow writes. Such streams replay with `chapter-order`.
 */
export function isChapterOrderStream(events: readonly FlowEvent[]): boolean {
  let itemsSeen = 0;
  for (const event of events) {
    if (!isJsonObject(event.data)) return false;
    const data = event.data;
    if (NOT_THE_CHAPTERS.some((field) => field in data)) return false;
    if (event.type === 'ItemAdded') {
      if (!('item' in data) || typeof data.price !== 'number' || 'quantity' in data) return false;
      itemsSeen++;
    }
  }
  return itemsSeen > 0;
}
