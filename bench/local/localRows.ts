/** What the two Local store rows share: the data, the aggregate read, and the check that both sides agree. */
import * as fs from 'node:fs';
import type { OpenChildResult } from './openChild';

export const READ_AGGREGATE = 'Order-04321';
export const EVENTS_PER_AGGREGATE = 100;
/** Each repetition scans 250 MB in a child process: a few are enough for a median. */
export const MAX_LOCAL_REPETITIONS = 5;

export function assertSameAnswer(ours: OpenChildResult, baseline: OpenChildResult): void {
  if (ours.pageIds !== baseline.pageIds || ours.events !== baseline.events || ours.events !== EVENTS_PER_AGGREGATE) {
    throw new Error(`The store and the scan disagree: ${JSON.stringify({ ours, baseline })}`);
  }
}

export function removeIndexFile(eventsFile: string): void {
  fs.rmSync(`${eventsFile}.idx`, { force: true });
}
