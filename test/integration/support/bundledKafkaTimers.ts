/**
 * Run as a process of its own (see kafkaTimers.test.ts): the bundled kafkajs connects an admin, lists topics
 * and disconnects while every setTimeout delay is recorded, then prints the delays as JSON. A process of its
 * own, because a global recording in the test process would also see the timers of clients other tests left
 * closing or retrying.
 */
import type * as KafkaJs from 'kafkajs';
import { recordingTimers } from '../../support/timers';

async function main(): Promise<void> {
  const [bundle, brokers] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle the extension loads, not node_modules
  const { Kafka, logLevel } = require(bundle) as typeof KafkaJs;
  const admin = new Kafka({ clientId: 'efx-test-timers', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  const { delays } = await recordingTimers(async () => {
    await admin.connect();
    try {
      await admin.listTopics();
      await admin.fetchTopicMetadata({ topics: [] });
    } finally {
      await admin.disconnect();
    }
  });
  process.stdout.write(JSON.stringify(delays.map((delay) => (typeof delay === 'number' && !Number.isFinite(delay) ? String(delay) : (delay ?? null)))));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
