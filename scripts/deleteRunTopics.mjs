// Deletes the Kafka topics a test run made under its run id (the 1,000,000-message partition,
// `efx-million-<run id>`), so a shared broker does not collect one per run. Never fails the run: a broker
// that is away is reported, and a later run deletes what is left once it is stale (test/integration/support/kafkaFixture.ts).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function deleteRunTopics(runId, brokers = ['127.0.0.1:39092']) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'efx-test-cleanup', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000, requestTimeout: 10_000, retry: { retries: 1 } }).admin();
  const name = `efx-million-${runId}`;
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
