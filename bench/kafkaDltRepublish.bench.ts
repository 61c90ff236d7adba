/** Re-publishing 10,000 dead letters to their origin, against a bare kafkajs consume → produce loop. */
import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { REPUBLISH_COUNT_HEADER } from '../src/connectors/kafka';
import { rawKafka } from '../test/integration/support/kafkaFixture';
import type { Benchmark } from './benchmark';
import { comparedRow, settle, timePair } from './measure';
import { KAFKA_NOTE, benchBroker, requireKafka } from './kafka/benchKafka';
import { deadLetterTopics } from './kafka/deadLetterTopic';

const LETTERS = 10_000;
const MIN_SPEED = 0.9;

/**
 * The loop a user would write: one consumer in a fresh group reads the dead-letter topic from the beginning and
 * each fetched batch is produced to the origin (key, headers plus the counter, value; the original
 * partition from its header) before the next; the group is deleted afterwards, as ours deletes its own.
 */
async function bareLoop(kafka: Kafka, producer: Producer, dlt: string, origin: string): Promise<void> {
  const groupId = `efx-bench-loop-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: dlt, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const messages = batch.messages.map((m) => ({
          key: m.key,
          value: m.value,
          partition: m.headers?.['kafka_dlt-original-partition'] instanceof Buffer ? m.headers['kafka_dlt-original-partition'].readInt32BE(0) : 0,
          headers: { ...m.headers, [REPUBLISH_COUNT_HEADER]: '1' },
        }));
        await producer.send({ topic: origin, acks: -1, messages });
        done += messages.length;
        if (done >= LETTERS) finish();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export const kafkaDltRepublishBenchmark: Benchmark = {
  name: 'kafka-dlt-republish',
  title: 'Kafka: re-publish 10,000 dead letters to their origin, against a bare kafkajs consume → produce loop',
  target: `≥ ${MIN_SPEED}× the loop's throughput`,
  async run(context) {
    await requireKafka();
    context.log('filling a Spring-style dead-letter topic with 10,000 letters');
    const { dlt, origin, dispose } = await deadLetterTopics(LETTERS);
    const broker = benchBroker();
    const kafka = rawKafka();
    const producer = kafka.producer();
    await producer.connect();
    try {
      const { plan } = await broker.planRepublish(dlt, { selection: 'all', partitionChoice: 'original', maxRepublishes: 3 });
      if (plan.toSend !== LETTERS) throw new Error(`the dry run lists ${plan.toSend}, not ${LETTERS}`);
      const samples = await timePair(
        async () => {
          const report = await broker.republish({ plan });
          if (report.sentNow !== LETTERS || report.interrupted) throw new Error(`re-published ${report.sentNow} (${report.interrupted ?? 'no error'})`);
          await settle();
        },
        async () => {
          await bareLoop(kafka, producer, dlt, origin);
          await settle();
        },
        { warmup: 1, repetitions: Math.max(3, Math.min(context.repetitions, 7)) },
      );
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${LETTERS.toLocaleString('en-US')} letters (2 partitions) → origin (3 partitions)`,
          target: this.target,
          note: `${KAFKA_NOTE}; ours runs a confirmed dry run (read by partition and offset through a throw-away group, copies with the counter raised, acks from all replicas, 1,000 per request); the loop reads from the beginning in a fresh group and produces each fetched batch with acks from all replicas; both delete their group; the dry run itself is not timed`,
        },
        samples,
        'kafkajs consume → produce',
        (speedup) => speedup >= MIN_SPEED,
      );
    } finally {
      await producer.disconnect();
      await broker.close();
      await dispose();
    }
  },
};
