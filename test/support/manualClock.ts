/** Ticks driven by the test: `tick()` fires every running interval once, so nothing depends on real time. */
export interface ManualClock {
  every: (ms: number, tick: () => void) => { dispose(): void };
  tick(): void;
  /** The intervals (ms) running now. */
  running(): number[];
}

export function manualClock(): ManualClock {
  const timers = new Set<{ ms: number; tick: () => void }>();
  return {
    every: (ms, tick) => {
      const timer = { ms, tick };
      timers.add(timer);
      return { dispose: () => timers.delete(timer) };
    },
    tick: () => [...timers].forEach((t) => t.tick()),
    running: () => [...timers].map((t) => t.ms),
  };
}
