/** An event time as the tree and pickers show it: UTC, to the second; text that is no time stays as it is. */
export function formatEventTime(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toISOString().replace('T', ' ').slice(0, 19);
}
