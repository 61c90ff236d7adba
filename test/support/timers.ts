/** Recording the delays handed to setTimeout, for the tests that no timer gets a negative or NaN one. */

/** Runs `work` with every setTimeout delay recorded (the timers still run). */
export async function recordingTimers<T>(work: () => Promise<T>): Promise<{ result: T; delays: unknown[] }> {
  const delays: unknown[] = [];
  const original = globalThis.setTimeout;
  const recording = ((handler: () => void, delay?: number, ...rest: unknown[]) => {
    delays.push(delay);
    return original(handler, delay, ...rest);
  }) as typeof setTimeout;
  globalThis.setTimeout = recording;
  try {
    return { result: await work(), delays };
  } finally {
    globalThis.setTimeout = original;
  }
}
