/** A count for a tree description: 1,234,567. */
export function formatCount(value: bigint | number): string {
  return value.toLocaleString('en-US');
}

/** A duration for a tree description: 850 ms, 42 s, 17 min, 5 h, 3 d. */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/**
 * Why a group without a committed offset has no lag to show: where it starts reading is its consumers'
 * `auto.offset.reset` (earliest, latest or none), a client setting that no admin call reveals.
 */
export const NO_COMMIT_START = "where it starts reading is set by its consumers' auto.offset.reset (earliest or latest), a client setting the cluster does not show";

/** What a group says beside its name once its offsets were read: its lag, or that it has committed none. */
export function groupLagText(committedPartitions: number, totals: readonly bigint[]): string {
  if (committedPartitions === 0) return 'no committed offsets';
  return totals.length === 0 ? '' : `lag ${totals.map(formatCount).join(' → ')}`;
}

/** One partition's lag item: the lag against the committed offset, or where it would start without one. */
export function partitionLagText(lag: { committed?: bigint; earliest?: bigint; latest: bigint; lag: bigint; lagMs?: number }): { description: string; tooltip: string } {
  if (lag.committed === undefined) {
    const range = lag.earliest === undefined ? `latest ${lag.latest}` : `earliest ${lag.earliest}, latest ${lag.latest}`;
    return {
      description: `no committed offset · would start at earliest or latest (${range})`,
      tooltip: `The group has committed no offset on this partition, so it has no lag here: ${NO_COMMIT_START}.`,
    };
  }
  const age = lag.lagMs === undefined ? '' : ` · oldest unconsumed ${formatAge(lag.lagMs)} old`;
  return { description: `lag ${formatCount(lag.lag)}${age} · committed ${lag.committed} of ${lag.latest}`, tooltip: `Committed offset ${lag.committed}; latest ${lag.latest}` };
}
