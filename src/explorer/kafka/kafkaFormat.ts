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
