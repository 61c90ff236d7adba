/**
 * Leaked handles (a socket, a timer, a child process, a file handle left open) keep node alive after the
 * suite and are how a fault path usually shows it forgot to clean up. Node lists what it holds open.
 */
export type ResourceCounts = Map<string, number>;

export function activeResources(): ResourceCounts {
  const counts: ResourceCounts = new Map();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * The count to compare against at the start of a test. Mocha arms the test's own timeout timer just after
 * the test function starts, so the baseline is taken one turn later, with that timer in it.
 */
export async function resourcesBaseline(): Promise<ResourceCounts> {
  await new Promise((resolve) => setImmediate(resolve));
  return activeResources();
}

/** Kinds that grew since `before`, e.g. `TCPWRAP +2`; empty when nothing leaked. */
export function leakedSince(before: ResourceCounts, after: ResourceCounts = activeResources()): string[] {
  const leaks: string[] = [];
  for (const [kind, count] of after) {
    const grown = count - (before.get(kind) ?? 0);
    if (grown > 0) leaks.push(`${kind} +${grown}`);
  }
  return leaks;
}

/**
 * Closed sockets, finished children and released file handles leave the list on a later turn of the event
 * loop; waits a little for the list to settle before calling the difference a leak.
 */
export async function settledLeaks(before: ResourceCounts, waitMs = 2000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const leaks = leakedSince(before);
    if (leaks.length === 0 || Date.now() >= deadline) return leaks;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
