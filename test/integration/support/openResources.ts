// Counts the network resources that keep the event loop alive (sockets, listeners, connects, DNS requests)
// so a failure test can prove that closing the store left none open. Timers are left out: mocha's own
// runnable timers come and go between the hooks and would make the count noisy.
const WATCHED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'GetAddrInfoReqWrap', 'TCPConnectWrap']);

export function openResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) {
    if (WATCHED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** What is open now beyond `baseline`, e.g. "TCPSocketWrap +1"; empty when back to the baseline. */
export function leaksSince(baseline: Map<string, number>): string[] {
  const now = openResources();
  return [...now].filter(([name, count]) => count > (baseline.get(name) ?? 0)).map(([name, count]) => `${name} +${count - (baseline.get(name) ?? 0)}`);
}

/**
 * Waits (at most `boundMs`) for the open resources to fall back to `baseline`: a closed socket is released
 * on a later turn of the event loop, so one look right after close() would be too early.
 */
export async function settledLeaks(baseline: Map<string, number>, boundMs = 3000): Promise<string[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const leaks = leaksSince(baseline);
    if (leaks.length === 0 || Date.now() > deadline) return leaks;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
