/**
 * Brokers going away mid-browse, on the rig's 3-node cluster (replication 3, min ISR 2). The partition
 * leader killed while a browse reads: the browse continues from the new leader and its offsets are
 * contiguous, none skipped or repeated. Every broker killed mid-browse: a clear error within the
 * configured timeout, and the same connection works again once the cluster is back.
 */
import * as assert from 'node:assert/strict';
import { KafkaBroker, KafkaConnectorError } from '../../../src/connectors/kafka';
import * as ports from '../../services/ports';
import { uniqueName, waitForTopics } from '../../integration/support/kafkaFixture';
import { figure } from '../support/figures';
import { waitUntil } from '../../support/waits';
import { clusterKafka, clusterNodes, clusterUp, killNode } from './cluster';

const MESSAGES = 60_000;
const STOPPED_TIMEOUT_MS = 15_000;
const SLACK_MS = 5_000;

describe('Kafka cluster faults mid-browse', function () {
  this.timeout(600_000);
  const kafka = clusterKafka();
  const admin = kafka.admin();
  const topic = uniqueName('efx-rel-leader');
  let broker: KafkaBroker;

  before(async () => {
    // Under CI=true a cluster that cannot start fails here; elsewhere too: it is the rig's own.
    await clusterUp();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 1, replicationFactor: 3 }] });
    await waitForTopics(admin, [topic]);
    const producer = kafka.producer();
    await producer.connect();
    for (let from = 0; from < MESSAGES; from += 5000) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 5000 }, (_, i) => ({ key: `k${(from + i) % 97}`, value: JSON.stringify({ n: from + i }) })) });
    }
    await producer.disconnect();
    broker = new KafkaBroker({ bootstrapServers: [...ports.kafkaCluster.brokers], operationTimeoutMs: 30_000, requestTimeoutMs: 5000, connectionTimeoutMs: 2000 });
  });

  after(async () => {
    await clusterUp();
    await broker?.close();
    await admin.deleteTopics({ topics: [topic] }).catch((error: unknown) => console.log(`      could not delete ${topic}: ${String(error)}`));
    await admin.disconnect();
  });

  it('the partition leader killed mid-browse: the browse resumes from the new leader, offsets contiguous', async () => {
    const [before] = await broker.partitions(topic);
    let killedAt = 0;
    const started = performance.now();
    const page = await broker.browseWith(
      { source: topic, start: { from: 'beginning' }, limit: MESSAGES },
      {
        maxScan: MESSAGES,
        timeoutMs: 180_000,
        onProgress: ({ scanned }) => {
          if (killedAt === 0 && scanned >= MESSAGES / 4) {
            killedAt = performance.now();
            killNode(before.leader);
          }
        },
      },
    );
    const ended = performance.now();
    const offsets = page.events.map((e) => (e.source.system === 'kafka' ? Number(e.source.offset) : -1));
    const unique = new Set(offsets);
    let missing = 0;
    for (let i = 0; i < MESSAGES; i++) if (!unique.has(i)) missing += 1;
    const duplicated = offsets.length - unique.size;
    const inOrder = offsets.every((o, i) => o === i);
    // The metadata can still say LEADER_NOT_AVAILABLE while the election settles: asked again until it answers.
    const [after] = await waitUntil('the partition metadata after the election', () => broker.partitions(topic), (partitions) => partitions.length > 0, 60_000);
    figure('kafka.leaderKill.messagesRead', offsets.length);
    figure('kafka.leaderKill.missing', missing);
    figure('kafka.leaderKill.duplicated', duplicated);
    figure('kafka.leaderKill.oldLeader', before.leader);
    figure('kafka.leaderKill.newLeader', after.leader);
    figure('kafka.leaderKill.resumedAfterKillMs', Math.round(ended - killedAt));
    figure('kafka.leaderKill.browseMs', Math.round(ended - started));
    assert.ok(killedAt > 0, 'the leader was never killed: the browse ended first');
    assert.notEqual(after.leader, before.leader);
    assert.equal(missing, 0);
    assert.equal(duplicated, 0);
    assert.ok(inOrder, 'offsets are not contiguous from 0');
    assert.equal(page.reachedEnd, true);
  });

  it('every broker killed mid-browse: a clear error within the timeout; the same connection works after restart', async () => {
    await clusterUp();
    let killedAt = 0;
    const started = performance.now();
    const error = await broker
      .browseWith(
        { source: topic, start: { from: 'beginning' }, limit: MESSAGES },
        {
          maxScan: MESSAGES,
          timeoutMs: STOPPED_TIMEOUT_MS,
          onProgress: ({ scanned }) => {
            if (killedAt === 0 && scanned >= 5000) {
              killedAt = performance.now();
              for (const node of clusterNodes) killNode(node);
            }
          },
        },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const failedAfterMs = performance.now() - started;
    assert.ok(killedAt > 0, 'the brokers were never killed: the browse ended first');
    assert.ok(error instanceof KafkaConnectorError, `expected a KafkaConnectorError, got ${String(error)}`);
    figure('kafka.allStopped.errorKind', error.kind);
    figure('kafka.allStopped.errorAfterMs', Math.round(failedAfterMs));
    figure('kafka.allStopped.timeoutMs', STOPPED_TIMEOUT_MS);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not finish within 15\.0 s/);
    assert.ok(failedAfterMs < STOPPED_TIMEOUT_MS + SLACK_MS, `the error came after ${failedAfterMs.toFixed(0)} ms`);

    const restartStarted = performance.now();
    await clusterUp();
    const page = await broker.browse({ source: topic, start: { from: 'latest', count: 10 }, limit: 10 });
    figure('kafka.allStopped.workingAgainAfterRestartMs', Math.round(performance.now() - restartStarted));
    assert.deepEqual(
      page.events.map((e) => (e.source.system === 'kafka' ? Number(e.source.offset) : -1)),
      Array.from({ length: 10 }, (_, i) => MESSAGES - 10 + i),
    );
  });
});
