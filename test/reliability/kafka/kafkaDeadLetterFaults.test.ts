/**
 * Re-publishing dead letters while the brokers go away, on the rig's 3-node cluster (the shared Kafka is
 * never stopped): every broker killed half-way, then started again and the run continued. Every listed
 * message ends in its origin topic or stays in the dead-letter topic: none lost; copies sent twice are
 * counted and no more than the report says may be; the message past the counter limit is held back.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { KafkaBroker, REPUBLISH_COUNT_HEADER, type RepublishReport } from '../../../src/connectors/kafka';
import * as ports from '../../services/ports';
import { uniqueName, waitForTopics } from '../../integration/support/kafkaFixture';
import { figure } from '../support/figures';
import { clusterKafka, clusterNodes, clusterUp, killNode } from './cluster';

const LETTERS = 3000;

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

describe('Kafka dead-letter re-publish faults', function () {
  this.timeout(900_000);
  const kafka = clusterKafka();
  const admin = kafka.admin();
  const origin = uniqueName('efx-rel-orders');
  const dlt = `${origin}.DLT`;
  let broker: KafkaBroker;

  before(async () => {
    await clusterUp();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        { topic: origin, numPartitions: 3, replicationFactor: 3 },
        { topic: dlt, numPartitions: 2, replicationFactor: 3 },
      ],
    });
    await waitForTopics(admin, [origin, dlt]);
    const producer = kafka.producer();
    await producer.connect();
    const letters = Array.from({ length: LETTERS + 1 }, (_, n) => ({
      key: `order-${n % 101}`,
      value: JSON.stringify({ n }),
      headers: {
        'kafka_dlt-original-topic': origin,
        'kafka_dlt-original-partition': int32(n % 3),
        // The last one went round three times already: held back.
        ...(n === LETTERS ? { [REPUBLISH_COUNT_HEADER]: '3' } : {}),
      },
    }));
    for (let from = 0; from < letters.length; from += 1000) await producer.send({ topic: dlt, acks: -1, messages: letters.slice(from, from + 1000) });
    await producer.disconnect();
    broker = new KafkaBroker({ bootstrapServers: [...ports.kafkaCluster.brokers], operationTimeoutMs: 15_000, requestTimeoutMs: 4000, connectionTimeoutMs: 2000 });
  });

  after(async () => {
    await clusterUp();
    await broker?.close();
    await admin.deleteTopics({ topics: [origin, dlt] }).catch((error: unknown) => console.log(`      could not delete the topics: ${String(error)}`));
    await admin.disconnect();
  });

  it('every broker killed half-way, started again, the run continued: none lost, duplicates counted, the looping one held back', async () => {
    const { plan } = await broker.planRepublish(dlt, { selection: 'all', partitionChoice: 'original', maxRepublishes: 3 });
    assert.equal(plan.toSend, LETTERS);
    assert.equal(plan.held, 1);

    let killed = false;
    const first: RepublishReport = await broker.republish({
      plan,
      batchSize: 100,
      onProgress: (sent) => {
        if (!killed && sent >= LETTERS / 3) {
          killed = true;
          for (const node of clusterNodes) killNode(node);
        }
      },
    });
    assert.ok(killed, 'the brokers were never killed');
    assert.ok(first.interrupted, 'the run did not stop');
    assert.ok(first.sentNow + first.unconfirmed.length >= LETTERS / 3 && first.sentNow < LETTERS, `sent ${first.sentNow} before stopping`);
    figure('kafka.dltRepublish.sentBeforeStop', first.sentNow);
    figure('kafka.dltRepublish.inFlightAtStop', first.unconfirmed.length);

    await clusterUp();
    // Continued as the user would ("continue from where it stopped") until a run ends: right after the restart
    // the leaders may still be elected and a run stops again; each run starts from what the last one sent.
    let second = first;
    let possiblyDuplicated = 0;
    let continued = 0;
    do {
      if (continued > 0) await new Promise((resolve) => setTimeout(resolve, 2000));
      second = await broker.republish({ plan, alreadySent: second.sent, unconfirmed: second.unconfirmed, batchSize: 100 });
      possiblyDuplicated += second.possiblyDuplicated;
      continued += 1;
    } while (second.interrupted !== undefined && continued < 15);
    figure('kafka.dltRepublish.runsToFinishAfterRestart', continued);
    assert.equal(second.interrupted, undefined, second.interrupted);
    assert.equal(second.sent.length, LETTERS, 'every listed message confirmed sent once the two runs are taken together');
    assert.deepEqual(second.heldBack.map((h) => h.position), [{ partition: plan.items.find((i) => i.hold)?.partition, offset: plan.items.find((i) => i.hold)?.offset }]);

    // What the origin topic holds, read by a plain consumer.
    const seen = new Map<number, number>();
    let counters = 0;
    const groupId = `efx-rel-dlt-check-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await consumer.connect();
    let last = Date.now();
    try {
      await consumer.subscribe({ topic: origin, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          const { n } = JSON.parse(message.value?.toString() ?? '{}') as { n: number };
          seen.set(n, (seen.get(n) ?? 0) + 1);
          if (message.headers?.[REPUBLISH_COUNT_HEADER]?.toString() === '1') counters += 1;
          last = Date.now();
          return Promise.resolve();
        },
      });
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && (seen.size < LETTERS || Date.now() - last < 3000)) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    const copies = [...seen.values()].reduce((a, b) => a + b, 0);
    const lost = Array.from({ length: LETTERS }, (_, n) => n).filter((n) => !seen.has(n));
    const duplicates = copies - seen.size;
    figure('kafka.dltRepublish.lost', lost.length);
    figure('kafka.dltRepublish.duplicates', duplicates);
    figure('kafka.dltRepublish.reportedPossiblyDuplicated', possiblyDuplicated);
    // Records the origin holds, whatever a reader sees: tells a record never written from one not read.
    const originOffsets = await admin.fetchTopicOffsets(origin);
    figure('kafka.dltRepublish.originRecords', originOffsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0));
    assert.deepEqual(lost.slice(0, 10), [], `${lost.length} lost`);
    assert.equal(seen.has(LETTERS), false, 'the held-back message was sent');
    assert.equal(counters, copies, 'every copy carries the raised counter');
    assert.ok(duplicates <= possiblyDuplicated, `${duplicates} duplicates, ${possiblyDuplicated} reported possible`);

    // Nothing left the dead-letter topic.
    const offsets = await admin.fetchTopicOffsets(dlt);
    assert.equal(offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0), LETTERS + 1);
  });
});
