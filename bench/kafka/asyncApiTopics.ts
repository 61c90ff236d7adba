// The AsyncAPI row's ten topics of 10,000 messages each (three event types, a correlation header, an enum
// and a timestamp in every payload): named for what they hold, filled once and reused while they stand.
import { rawKafka, waitForTopics } from '../../test/integration/support/kafkaFixture';

export const ASYNCAPI_TOPICS = 10;
export const ASYNCAPI_TOPIC_MESSAGES = 10_000;
const TYPES = ['OrderCreated', 'OrderPaid', 'OrderShipped'];
const STATUSES = ['NEW', 'PAID', 'SHIPPED'];
const BASE_TIME = Date.parse('2026-03-01T00:00:00.000Z');

export const asyncApiTopicName = (i: number): string => `efx-bench-asyncapi-${ASYNCAPI_TOPIC_MESSAGES}-${i}`;

export async function asyncApiTopics(log: (line: string) => void): Promise<string[]> {
  const names = Array.from({ length: ASYNCAPI_TOPICS }, (_, i) => asyncApiTopicName(i));
  const kafka = rawKafka();
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of names) {
      if (existing.has(topic)) {
        const held = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
        if (held === ASYNCAPI_TOPIC_MESSAGES) continue;
        await admin.deleteTopics({ topics: [topic] });
      }
      log(`filling ${topic}: ${ASYNCAPI_TOPIC_MESSAGES.toLocaleString('en-US')} messages`);
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
      await waitForTopics(admin, [topic]);
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      try {
        for (let start = 0; start < ASYNCAPI_TOPIC_MESSAGES; start += 5000) {
          const messages = [];
          for (let i = start; i < Math.min(ASYNCAPI_TOPIC_MESSAGES, start + 5000); i++) {
            const type = TYPES[i % TYPES.length];
            const data: Record<string, unknown> = { order_id: `Order-${i % 1000}`, status: STATUSES[i % STATUSES.length], at: new Date(BASE_TIME + i * 1000).toISOString(), total: i % 500 };
            if (i % 2 === 0) data.note = `note ${i}`;
            messages.push({ key: `Order-${i % 1000}`, value: JSON.stringify({ event_type: type, data }), timestamp: String(BASE_TIME + i * 1000), headers: { correlation_id: `corr-${i % 200}`, event_type: type } });
          }
          await producer.send({ topic, acks: 1, messages });
        }
      } finally {
        await producer.disconnect();
      }
    }
  } finally {
    await admin.disconnect();
  }
  return names;
}
