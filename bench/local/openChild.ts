/**
 * One open of the Local store file in a fresh process, as a new VS Code window would do it: list the first
 * page of Order aggregates, then read one aggregate. `store` goes through LocalEventStore (with its index
 * file), `scan` through the readline baseline. Prints one JSON line: milliseconds and what was found.
 * Usage: node openChild.js store|scan <events file> <aggregate id>
 */
import { LocalEventStore } from '../../src/connectors/local';
import type { FlowEvent } from '../../src/core/envelope';
import { scanWithReadline } from '../baselines/readlineScan';

const PAGE_SIZE = 100;

export interface OpenChildResult {
  ms: number;
  pageIds: number;
  events: number;
  progressCalls: number;
}

async function main(): Promise<void> {
  const [mode, file, aggregateId] = process.argv.slice(2);
  const started = performance.now();
  let result: OpenChildResult;
  if (mode === 'scan') {
    const answer = await scanWithReadline(file, 'Order', PAGE_SIZE, aggregateId);
    result = { ms: performance.now() - started, pageIds: answer.page.length, events: answer.events.length, progressCalls: 0 };
  } else {
    let progressCalls = 0;
    const store = new LocalEventStore({ eventsFile: file, onProgress: () => void (progressCalls += 1) });
    const page = await store.listAggregates('Order', { limit: PAGE_SIZE });
    const events: FlowEvent[] = [];
    for await (const batch of store.readStream(aggregateId)) events.push(...batch);
    result = { ms: performance.now() - started, pageIds: page.items.length, events: events.length, progressCalls };
    // Not timed: the index file is written in the background, after the answer is ready.
    await store.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
