// The kafkajs the extension ships (dist/drivers/kafkajs.js) against the rig's Kafka: no timer of its gets a
// negative or NaN delay (kafkajs 2.2.4 scheduled its request queue at minus the time since 1970, which
// Node 24's extension host reported as TimeoutNegativeWarning). Needs `npm run build` first. The driver runs
// in a process of its own (support/bundledKafkaTimers.ts), away from the clients other tests leave closing.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ports from '../services/ports';
import { requireKafka } from './support/kafkaFixture';

const bundled = path.resolve(__dirname, '..', '..', '..', 'dist', 'drivers', 'kafkajs.js');
const probe = path.join(__dirname, 'support', 'bundledKafkaTimers.js');

describe('Kafka driver as bundled: timers', function () {
  this.timeout(60_000);

  it('an admin connects, lists topics and disconnects with no negative or NaN timer delay', async () => {
    await requireKafka();
    assert.ok(fs.existsSync(bundled), `no ${bundled}: run npm run build first`);
    const output = execFileSync(process.execPath, [probe, bundled, ports.kafka.brokers.join(',')], { encoding: 'utf8', timeout: 50_000 });
    const delays = JSON.parse(output) as unknown[];
    const bad = delays.filter((delay) => typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0);
    assert.ok(delays.length > 0, 'no timer was set at all: the recording did not see the driver');
    assert.deepEqual(bad, []);
  });
});
