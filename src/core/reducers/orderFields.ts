/**
 * Reading the Order events' fields in the shapes users bring: camelCase (`orderId`, `unitPrice`), the
 * snake_case the source chapter writes (`order_id`, `customer_id`, `product_id`, `unit_price`), money as a
 * number or a decimal string. Every reader returns undefined for a missing or unusable value.
 */
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';

export function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, or undefined. */
export function nonEmpty(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The first of two (or three) fields that holds a non-empty string; fixed arity, as replay calls it per event. */
export function textOf(data: JsonObject, first: string, second: string, third?: string): string | undefined {
  return nonEmpty(data[first]) ?? nonEmpty(data[second]) ?? (third === undefined ? undefined : nonEmpty(data[third]));
}

/** Money may arrive as a number or as a decimal string ("49.99"); anything else is no amount. */
export function amountOf(value: JsonValue | undefined): number | undefined {
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}

/** The first of up to three fields that holds a usable amount. */
export function amountIn(data: JsonObject, first: string, second?: string, third?: string): number | undefined {
  return amountOf(data[first]) ?? (second === undefined ? undefined : amountOf(data[second])) ?? (third === undefined ? undefined : amountOf(data[third]));
}

export function quantityOf(value: JsonValue | undefined): number | undefined {
  const quantity = amountOf(value);
  return quantity !== undefined && quantity > 0 ? quantity : undefined;
}

/** A product's identity in any of the shapes: `sku`, `product_id`, `productId`, or an `id`. */
export function productIdOf(data: JsonObject): string | undefined {
  return (
    nonEmpty(data.sku) ??
    nonEmpty(data.product_id) ??
    nonEmpty(data.productId) ??
    nonEmpty(data.id) ??
    numberText(data.sku ?? data.product_id ?? data.productId ?? data.id)
  );
}

function numberText(value: JsonValue | undefined): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

export function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}
