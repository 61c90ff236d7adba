// The kafkajs the extension ships (dist/drivers/kafkajs.js) against the rig's Kafka: no timer of its gets a
// negative or NaN delay (kafkajs 2.2.4 scheduled its request queue at minus the time since 1970, which
// Node 24's extension host reported as TimeoutNegativeWarning). Needs `npm run build` first.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as KafkaJs from 'kafkajs';
import * as ports from '../services/ports';
import { recordingTimers } from '../support/timers';
import { requireKafka } from './support/kafkaFixture';

const bundled = path.resolve(__dirname, '..', '..', '..', 'dist', 'drivers', 'kafkajs.js');

describe('Kafka driver as bundled: timers', function () {
  this.timeout(60_000);

  it('an admin connects, lists topics and disconnects with no negative or NaN timer delay', async () => {
    await requireKafka();
    assert.ok(fs.existsSync(bundled), `no ${bundled}: run npm run build first`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle the extension loads, not node_modules
    const { Kafka, logLevel } = require(bundled) as typeof KafkaJs;
    const admin = new Kafka({ clientId: 'efx-test-timers', brokers: [...ports.kafka.brokers], logLevel: logLevel.NOTHING }).admin();
    const { delays } = await recordingTimers(async () => {
      await admin.connect();
      try {
        await admin.listTopics();
        await admin.fetchTopicMetadata({ topics: [] });
      } finally {
        await admin.disconnect();
      }
    });
    const bad = delays.filter((delay) => typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0);
    assert.ok(delays.length > 0, 'no timer was set at all: the recording did not see the driver');
    assert.deepEqual(bad, []);
  });
});
