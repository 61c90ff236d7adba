// The end of a test or bench run deletes the Kafka topics it made (scripts/deleteRunTopics.mjs): run against
// the rig's broker as a run's last step does, it deletes that run's topic and nothing else.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { kafkaSuite, millionTopicNameOf, newRunId, rawKafka, uniqueName, waitForTopics } from './support/kafkaFixture';
import * as ports from '../services/ports';

const script = path.resolve(__dirname, '../../../scripts/deleteRunTopics.mjs');

function deleteRunTopics(runId: string): { deleted: string[]; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [script, runId, ...ports.kafka.brokers], { encoding: 'utf8', timeout: 60_000 });
  return { deleted: result.stdout.split('\n').filter(Boolean), stderr: result.stderr, status: result.status };
}

describe('Kafka topics of a finished run', function () {
  this.timeout(120_000);
  const { fixture } = kafkaSuite();

  it("deletes the run's million-message topic and leaves other runs' topics and unrelated topics alone", async () => {
    const ended = newRunId();
    const other = newRunId();
    const endedTopic = millionTopicNameOf(ended);
    const otherTopic = millionTopicNameOf(other);
    const unrelated = uniqueName('efx-it-cleanup-unrelated');
    // A topic whose name starts like the ended run's but belongs to no run of that id.
    const lookalike = `${endedTopic}-later`;
    const made = [endedTopic, otherTopic, unrelated, lookalike];
    made.forEach((name) => fixture.adopt(name));
    // Made by an admin of its own: a kafkajs client that knows a topic asks for its metadata on every
    // refresh, and fails once the script has deleted it.
    const admin = rawKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: false, topics: made.map((topic) => ({ topic, numPartitions: 1 })) });
      await waitForTopics(admin, made);
    } finally {
      await admin.disconnect();
    }

    const run = deleteRunTopics(ended);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.deleted, [endedTopic]);
    const left = new Set(await fixture.admin.listTopics());
    assert.ok(!left.has(endedTopic), `${endedTopic} is still on the broker`);
    for (const kept of [otherTopic, unrelated, lookalike]) assert.ok(left.has(kept), `${kept} was deleted`);

    // Run again, the topic is gone: nothing to delete, and no failure.
    const again = deleteRunTopics(ended);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(again.deleted, []);
  });

  it('refuses to run without a run id', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no run id/);
  });
});
