/** 100,000 JSON messages (acks=all) produced from a produce document, against a bare kafkajs producer loop sending the same batches. */
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { KAFKA_NOTE, benchBroker, requireKafka } from './kafka/benchKafka';
import { parseProduceDocument } from '../src/connectors/kafka/produceDocument';
import { PRODUCE_BATCH } from '../src/connectors/kafka/kafkaProducer';
import { rawKafka, uniqueName, waitForTopics } from '../test/integration/support/kafkaFixture';

const MESSAGES = 100_000;
const MIN_THROUGHPUT_RATIO = 0.9;

function documentText(topic: string): string {
  const blocks: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    blocks.push(`### ${i}\ntopic: ${topic}\nkey: Order-${i % 1000}\nheader: event-type: ItemAdded\n\n{"orderId":"Order-${i % 1000}","sku":"KB-MECH-01","quantity":${(i % 5) + 1},"unitPrice":49.99}\n`);
  }
  return blocks.join('\n');
}

export const kafkaProduceBenchmark: Benchmark = {
  name: 'kafka-produce',
  title: 'Kafka: produce 100,000 JSON messages (acks=all) from a produce document',
  target: `≥ ${MIN_THROUGHPUT_RATIO}× a bare kafkajs producer loop's throughput`,
  async run(context) {
    await requireKafka();
    const kafka = rawKafka();
    const admin = kafka.admin();
    await admin.connect();
    const ours = uniqueName('efx-bench-produce');
    const bare = uniqueName('efx-bench-produce-bare');
    await admin.createTopics({ waitForLeaders: false, topics: [ours, bare].map((topic) => ({ topic, numPartitions: 3 })) });
    await waitForTopics(admin, [ours, bare]);
    const text = documentText(ours);
    const broker = benchBroker();
    const producer = kafka.producer();
    await producer.connect();
    try {
      const samples = await timePair(
        async () => {
          const doc = parseProduceDocument(text);
          if (doc.problems.length > 0 || doc.messages.length !== MESSAGES) throw new Error(`the document has ${doc.problems.length} problems`);
          const receipts = await broker.publish(
            { name: ours },
            doc.messages.map((m) => ({ key: m.key, headers: m.headers, body: m.value })),
          );
          if (receipts.length !== MESSAGES) throw new Error(`${receipts.length} receipts`);
        },
        async () => {
          const doc = parseProduceDocument(text);
          for (let from = 0; from < MESSAGES; from += PRODUCE_BATCH) {
            await producer.send({
              topic: bare,
              acks: -1,
              messages: doc.messages.slice(from, from + PRODUCE_BATCH).map((m) => ({ key: m.key, value: m.value, headers: { 'event-type': 'ItemAdded' } })),
            });
          }
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, 5) },
      );
      return comparedRow(
        { name: this.name, title: this.title, size: '100,000 JSON messages of ~90 bytes, 3 partitions', target: this.target, note: `${KAFKA_NOTE}; both parse the same document and send batches of ${PRODUCE_BATCH}; ours also chooses each partition (so it can say where each message landed) and returns a receipt per message` },
        samples,
        'bare kafkajs producer.send loop',
        (speedup) => speedup >= MIN_THROUGHPUT_RATIO,
      );
    } finally {
      await producer.disconnect();
      await broker.close();
      await admin.deleteTopics({ topics: [ours, bare] });
      await admin.disconnect();
    }
  },
};
