import type { TreeRead } from './treeModel';

const clock = (at: number): string => `${new Date(at).toISOString().slice(11, 19)} UTC`;

/**
 * The tooltip line that says when a figure was read. A clock time, not "12 s ago": the item is drawn once
 * and may be looked at long after, when an age would have gone stale without a word.
 */
export function readLine(read: TreeRead | undefined): string | undefined {
  if (read === undefined) return undefined;
  return read.error === undefined ? `Read at ${clock(read.at)}` : `Read failed at ${clock(read.at)}: ${read.error}`;
}

/** A tooltip with the read line after it (the tooltip alone when nothing was read yet). */
export function withReadLine(tooltip: string | undefined, read: TreeRead | undefined): string | undefined {
  const line = readLine(read);
  if (line === undefined) return tooltip;
  return tooltip === undefined || tooltip === '' ? line : `${tooltip}\n${line}`;
}
