import type { JsonValue } from '../../core/json';
import { headerValueToJson } from './headerValues';

/** One entry of a message's `x-death` header: where and why it died, and how often. */
export interface DeathRecord {
  /** `rejected`, `expired`, `maxlen` or `delivery_limit`. */
  reason: string;
  queue: string;
  exchange: string;
  routingKeys: string[];
  count: number;
  /** ISO 8601, when the broker recorded it. */
  time?: string;
  originalExpiration?: string;
}

/** The header the redrive adds and increments, so a message that keeps dying is caught. */
export const REDRIVE_COUNT_HEADER = 'x-efx-redrive-count';

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads `x-death` from a message's header table. Never throws: entries that are not tables are skipped,
 * missing fields come back empty, so a hand-made or damaged header still shows what it has.
 */
export function readDeaths(headers: unknown): DeathRecord[] {
  if (typeof headers !== 'object' || headers === null) return [];
  const raw = (headers as Record<string, unknown>)['x-death'];
  if (!Array.isArray(raw)) return [];
  const deaths: DeathRecord[] = [];
  for (const entry of raw) {
    const value = headerValueToJson(entry);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const keys = value['routing-keys'];
    const count = value.count;
    const death: DeathRecord = {
      reason: text(value.reason) ?? '',
      queue: text(value.queue) ?? '',
      exchange: text(value.exchange) ?? '',
      routingKeys: Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [],
      count: typeof count === 'number' && Number.isFinite(count) ? count : 0,
    };
    const time = text(value.time);
    if (time !== undefined) death.time = time;
    const expiration = value['original-expiration'];
    if (expiration !== undefined && expiration !== null) death.originalExpiration = String(typeof expiration === 'string' ? expiration : JSON.stringify(expiration));
    deaths.push(death);
  }
  return deaths;
}

/** How many times the redrive already sent this message back (0 when never). */
export function redriveCount(headers: unknown): number {
  if (typeof headers !== 'object' || headers === null) return 0;
  const value = headerValueToJson((headers as Record<string, unknown>)[REDRIVE_COUNT_HEADER]);
  const count = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
}

/** One line for a person: "rejected in orders.created (from orders, key order.created) ×2 at …". */
export function describeDeath(death: DeathRecord): string {
  const from = death.exchange === '' ? 'the default exchange' : death.exchange;
  const keys = death.routingKeys.length === 0 ? '' : `, key ${death.routingKeys.join(', ')}`;
  return `${death.reason || 'unknown reason'} in ${death.queue || '?'} (from ${from}${keys}) ×${death.count}${death.time ? ` at ${death.time}` : ''}`;
}
