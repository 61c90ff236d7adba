import type { FlowEvent } from '../envelope';
import { chapterOrderReducer, isChapterOrderStream } from './chapterOrder';
import { genericReducer } from './generic';
import { orderReducer } from './order';
import type { Reducer } from './types';

export type { NotAppliedEvent, Reducer } from './types';
export { NotApplied, isNotApplied, notApplied } from './types';
export { genericReducer } from './generic';
export { orderReducer } from './order';
export { chapterOrderReducer, isChapterOrderStream } from './chapterOrder';
export type { ChapterOrderState } from './chapterOrder';
export type { OrderItem, OrderState, OrderStatus } from './order';

export const builtInReducers: ReadonlyMap<string, Reducer> = new Map<string, Reducer>([
  [genericReducer.name, genericReducer],
  [orderReducer.name, orderReducer],
  [chapterOrderReducer.name, chapterOrderReducer],
]);

/**
 * Picks the reducer for an aggregate type. `overrides` (a setting) maps aggregate type → reducer name; a
 * name that is not built in falls back to generic rather than failing the timeline. Given the stream, an
 * Order stream shaped as the source chapter writes it (`ItemAdded { item, price }`) gets `chapter-order`,
 * the state the chapter's own `Order` builds.
 */
export function chooseReducer(aggregateType: string, overrides: Record<string, string> = {}, events?: readonly FlowEvent[]): Reducer {
  const override = Object.prototype.hasOwnProperty.call(overrides, aggregateType) ? overrides[aggregateType] : undefined;
  if (override !== undefined) return builtInReducers.get(override) ?? (genericReducer);
  if (aggregateType.toLowerCase() === 'order') return events && isChapterOrderStream(events) ? chapterOrderReducer : orderReducer;
  return genericReducer;
}
