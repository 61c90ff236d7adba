/**
 * What an `ItemAdded` adds to an order, in each shape it arrives in, and the order total. Kept apart from
 * the reducer so the shapes and the total rule read in one place (they are what the reducer's description
 * and the README promise).
 */
import type { JsonObject, JsonValue } from '../json';
import { amountIn, amountOf, nonEmpty, objectOf, productIdOf, quantityOf, textOf } from './orderFields';

export type OrderItem = {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  /** The chapter's shape: the `item` value exactly as the event carried it (its Order keeps the item whole). */
  item?: JsonValue;
};

/**
 * A line to add, or (a string) why there is none. A line without `item` is sku-shaped: the same sku again
 * adds to it. No wrapper object: replay asks this for most events of a long stream.
 */
export type ItemToAdd = OrderItem | string;

/** Whether a line takes in later lines of its sku: the sku shape does, the chapter's whole items stay apart. */
export function mergesBySku(line: OrderItem): boolean {
  return line.item === undefined;
}

/**
 * - `{ item, price }` (the chapter's `ItemAdded`): the item is kept whole and the line adds `price` to the
 *   total, as the chapter's `total_amount += data["price"]` does; with a top-level `quantity` beside it,
 *   `price` is the unit price and the line adds quantity × price. Each such event is a line of its own.
 * - `{ sku | product_id | productId, unitPrice | unit_price | price, quantity }` (the richer sample): the line
 *   adds quantity × unit price (quantity 1 when absent); the same sku again adds to its line.
 */
export function itemToAdd(data: JsonObject): ItemToAdd {
  if ('item' in data) return chapterItem(data);
  const sku = productIdOf(data);
  if (sku === undefined) return 'ItemAdded has no item, sku or product_id';
  const unitPrice = amountOf(data.unitPrice) ?? amountOf(data.unit_price) ?? amountOf(data.price);
  if (unitPrice === undefined) return `ItemAdded for ${sku} has no usable unitPrice, unit_price or price`;
  const quantity = quantityOf(data.quantity) ?? 1;
  return { sku, name: nonEmpty(data.name) ?? nonEmpty(data.product_name) ?? nonEmpty(data.productName) ?? sku, quantity, unitPrice };
}

function chapterItem(data: JsonObject): ItemToAdd {
  const item = data.item;
  const fields = objectOf(item);
  const sku = fields !== undefined ? productIdOf(fields) ?? nonEmpty(fields.name) : typeof item === 'string' && item !== '' ? item : typeof item === 'number' ? String(item) : undefined;
  if (sku === undefined) return 'ItemAdded has an item the reducer cannot name (no sku, product_id, id or name)';
  const price = amountIn(data, 'price', 'unit_price', 'unitPrice') ?? (fields !== undefined ? amountIn(fields, 'price', 'unit_price', 'unitPrice') : undefined);
  if (price === undefined) return `ItemAdded for ${sku} has no usable price`;
  const name = (fields !== undefined ? textOf(fields, 'name', 'product_name', 'productName') : undefined) ?? sku;
  const topQuantity = quantityOf(data.quantity);
  if (topQuantity !== undefined) return { sku, name, quantity: topQuantity, unitPrice: price, item };
  // `price` is what the whole item adds; a quantity inside the item only splits it into a unit price.
  const quantity = (fields !== undefined ? quantityOf(fields.quantity) : undefined) ?? 1;
  return { sku, name, quantity, unitPrice: quantity === 1 ? price : price / quantity, item };
}

/** Sum of quantity × unit price, rounded to cents. */
export function totalOf(items: readonly OrderItem[]): number {
  let sum = 0;
  for (const item of items) sum += item.quantity * item.unitPrice;
  return Math.round(sum * 100) / 100;
}

/** The product an `ItemRemoved` names, in the same shapes as `ItemAdded`. */
export function itemToRemove(data: JsonObject): { sku: string | undefined; quantity: number | undefined } {
  const item = objectOf(data.item);
  const sku = productIdOf(data) ?? (item !== undefined ? productIdOf(item) : typeof data.item === 'string' ? data.item : undefined);
  return { sku, quantity: quantityOf(data.quantity) };
}
