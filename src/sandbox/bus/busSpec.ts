import { DEFAULT_RETRY, type RetryPolicy } from './busTypes';

/** What a middleware or handler gets besides the event. */
export interface BusContext {
  /** Publishes a further event, caused by this one: it runs through the bus after this event's handlers. */
  publish(event: { type: string; data?: unknown; id?: string }): void;
  /** Which try this is (1 for the first). */
  attempt: number;
}

export type Middleware = (event: unknown, context: BusContext) => unknown;
export type Handler = (event: unknown, context: BusContext) => unknown;

export interface BusSpec {
  file: string;
  middleware: { name: string; run: Middleware }[];
  subscribers: Map<string, { name: string; run: Handler }[]>;
  retry: RetryPolicy;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads `.eventflow/bus.js`: `middleware` (functions, in order), `subscribers` (event type → functions),
 * optional `retry` ({ attempts, backoffMs, factor }). Each wrong part is named in one error.
 */
export function readBusSpec(exported: unknown, file: string): BusSpec {
  if (!isRecord(exported)) throw new TypeError(`${file} must export { middleware: [...], subscribers: { EventType: [...] }, retry? }`);
  const problems: string[] = [];
  const middlewareList = exported.middleware ?? [];
  const middleware: BusSpec['middleware'] = [];
  if (!Array.isArray(middlewareList)) problems.push('middleware must be an array of functions');
  else
    middlewareList.forEach((fn: unknown, i) => {
      if (typeof fn === 'function') middleware.push({ name: fn.name || `middleware #${i + 1}`, run: fn as Middleware });
      else problems.push(`middleware[${i}] is not a function`);
    });
  const subscribers: BusSpec['subscribers'] = new Map();
  const subscriberMap = exported.subscribers ?? {};
  if (!isRecord(subscriberMap)) problems.push('subscribers must map event types to arrays of functions');
  else
    for (const [eventType, list] of Object.entries(subscriberMap)) {
      const handlers = Array.isArray(list) ? list : [list];
      const valid: { name: string; run: Handler }[] = [];
      handlers.forEach((fn: unknown, i) => {
        if (typeof fn === 'function') valid.push({ name: fn.name || `${eventType} handler #${i + 1}`, run: fn as Handler });
        else problems.push(`subscribers.${eventType}[${i}] is not a function`);
      });
      subscribers.set(eventType, valid);
    }
  const retry = readRetry(exported.retry, problems);
  if (problems.length > 0) throw new TypeError(`${file}: ${problems.join('; ')}`);
  return { file, middleware, subscribers, retry };
}

function readRetry(value: unknown, problems: string[]): RetryPolicy {
  if (value === undefined) return DEFAULT_RETRY;
  if (!isRecord(value)) {
    problems.push('retry must be { attempts, backoffMs, factor }');
    return DEFAULT_RETRY;
  }
  const number = (key: keyof RetryPolicy, min: number, max: number): number => {
    const raw = value[key];
    if (raw === undefined) return DEFAULT_RETRY[key];
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw > max) {
      problems.push(`retry.${key} must be a number from ${min} to ${max}`);
      return DEFAULT_RETRY[key];
    }
    return raw;
  };
  return { attempts: Math.floor(number('attempts', 1, 20)), backoffMs: number('backoffMs', 0, 60_000), factor: number('factor', 1, 10) };
}
