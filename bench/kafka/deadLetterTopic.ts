// A Spring-style dead-letter topic for the re-publish row: 10,000 letters in 2 partitions, each naming its
// origin topic (3 partitions) and partition in Spring Kafka's headers, the partition a big-endian int.
import { rawKafka, uniqueName, waitForTopics, millionValue } from '../../test/integration/support/kafkaFixture';

export interface DeadLetterBenchTopics {
  dlt: string;
  origin: string;
  dispose: () => Promise<void>;
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

export async function deadLetterTopics(count: number): Promise<DeadLetterBenchTopics> {
  const kafka = rawKafka();
  const admin = kafka.admin();
  await admin.connect();
  const origin = uniqueName('efx-bench-orders');
  const dlt = `${origin}.DLT`;
  const retention = [{ name: 'retention.ms', value: '-1' }];
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic: origin, numPartitions: 3, configEntries: retention }, { topic: dlt, numPartitions: 2, configEntries: retention }] });
  await waitForTopics(admin, [origin, dlt]);
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < count; start += 5000) {
    const messages = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) {
      messages.push({
        partition: i % 2,
        key: `Order-${i % 1000}`,
        value: millionValue(i),
        headers: {
          'kafka_dlt-original-topic': origin,
          'kafka_dlt-original-partition': int32(i % 3),
          'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
          'kafka_dlt-exception-message': `order ${i % 1000} failed`,
        },
      });
    }
    await producer.send({ topic: dlt, acks: 1, messages });
  }
  await producer.disconnect();
  return {
    dlt,
    origin,
    dispose: async () => {
      await admin.deleteTopics({ topics: [origin, dlt] });
      await admin.disconnect();
    },
  };
}
