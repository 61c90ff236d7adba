/**
 * The statistics baseline: what a reader without the extension does to count events per type in an NDJSON
 * store: a `readline` pass that parses every line and counts its `event_type`, nothing more.
 */
import { createReadStream } from 'node:fs';
import * as readline from 'node:readline';

export async function countTypesWithReadline(file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const lines = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const type = (JSON.parse(line) as { event_type: string }).event_type;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}
