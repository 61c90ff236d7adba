/** The two inputs that break naive viewers: a 10 MB payload and JSON nested 10,000 levels deep. */
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';

export const HUGE_BYTES = 10 * 1024 * 1024;
export const DEEP_LEVELS = 10_000;

/** A JSON object of just over 10 MB: one long string and many keys, so both the string and node limits bite. */
export function hugeJson(): JsonValue {
  const keys: { [key: string]: JsonValue } = {};
  for (let i = 0; i < 50_000; i++) keys[`k${i}`] = i;
  return { blob: 'x'.repeat(HUGE_BYTES), keys };
}

/** `{"d":{"d":...}}` 10,000 levels deep, built without recursion. */
export function deepJson(levels = DEEP_LEVELS): JsonValue {
  let value: JsonValue = { leaf: true };
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
}

export function deepJsonText(levels = DEEP_LEVELS): string {
  return `${'{"d":'.repeat(levels)}{"leaf":true}${'}'.repeat(levels)}`;
}

/** A three-event stream: an ordinary event, then the huge one, then the deep one. */
export function hugeStream(): FlowEvent[] {
  const base = { aggregateId: 'Big-1', aggregateType: 'Big', metadata: {}, source: { system: 'local' as const, file: 'events.ndjson', line: 1 } };
  return [
    { ...base, id: 'e1', type: 'Opened', timestamp: '2026-01-01T00:00:00.000Z', data: { name: 'big' }, version: 1 },
    { ...base, id: 'e2', type: 'HugeAttached', timestamp: '2026-01-01T00:00:01.000Z', data: hugeJson(), version: 2 },
    { ...base, id: 'e3', type: 'DeepAttached', timestamp: '2026-01-01T00:00:02.000Z', data: deepJson(), version: 3 },
  ];
}
