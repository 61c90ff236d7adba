import type { FlowEvent } from '../../../src/core/envelope';

/**
 * Measures how responsive the host's own event loop stays while the sandbox is busy: the longest gap
 * between ticks of a 10 ms timer. User code that hangs in the sandbox must not show up here.
 */
export function watchHostLoop(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(longest);
    },
  };
}

/** Events for fault tests: `count` events of one aggregate, the last one `Poisoned` (where faults strike). */

export function tickEvents(count: number, aggregateType = 'Counter'): FlowEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `tick-${i + 1}`,
    type: i === count - 1 ? 'Poisoned' : 'Ticked',
    timestamp: new Date(Date.UTC(2026, 0, 5, 9, 0, i)).toISOString(),
    data: { n: i + 1, price: 2 },
    aggregateId: `${aggregateType}-1`,
    aggregateType,
    version: i + 1,
    metadata: {},
    source: { system: 'local' as const, file: 'events.ndjson', line: i + 1 },
  }));
}
