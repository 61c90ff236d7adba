// Deletes the Kafka topics a test run made under its run id (the 1,000,000-message partition,
// `efx-million-<run id>`), so a shared broker does not collect one per run. Never fails the run: a broker
// that is away is reported, and a later run deletes what is left once it is stale (test/integration/support/kafkaFixture.ts).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The million-message topic of a run, named as test/integration/support/kafkaFixture.ts names it. */
export const runTopicName = (runId) => `efx-million-${runId}`;

export async function deleteRunTopics(runId, brokers = ['127.0.0.1:39092']) {
  if (typeof runId !== 'string' || runId === '') throw new Error('no run id: refusing to guess which topics to delete');
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'efx-test-cleanup', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000, requestTimeout: 10_000, retry: { retries: 1 } }).admin();
  const name = runTopicName(runId);
  const work = (async () => {
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(name)) return [];
      await admin.deleteTopics({ topics: [name], timeout: 10_000 });
      return [name];
    } finally {
      await admin.disconnect();
    }
  })();
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 20 s')), 20_000)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

// `node scripts/deleteRunTopics.mjs <run id> [broker…]`: what a run would delete at its end, by hand (an
// interrupted run, a bench run on another rig). Prints the names it deleted, one a line.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [runId, ...brokers] = process.argv.slice(2);
  deleteRunTopics(runId, brokers.length > 0 ? brokers : undefined).then(
    (deleted) => deleted.forEach((name) => console.log(name)),
    (error) => {
      console.error(`could not delete the topics of run ${runId}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
