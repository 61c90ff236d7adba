// The search row's topic: 1,000,000 messages over 6 partitions, each carrying the chapter's `correlation_id`
// header, record times 10 ms apart (2.8 hours in all): filled once and shared by the rows that ask while it
// stands; a row's dispose deletes it, and a row that asks after that fills a new one.
import { rawKafka, uniqueName, waitForTopics } from '../../test/integration/support/kafkaFixture';

export const SEARCH_MESSAGES = 1_000_000;
export const SEARCH_PARTITIONS = 6;
export const SEARCH_BASE_TIME = Date.parse('2026-02-01T00:00:00.000Z');
export const SEARCH_STEP_MS = 10;
/** Each correlation id recurs every this many messages (every 200 s of record time). */
export const SEARCH_CORRELATIONS = 20_000;

export const searchCorrelationId = (i: number): string => `corr-${i % SEARCH_CORRELATIONS}`;

/** How many messages with `correlationId` have record times in [from, to). */
export function expectedMatches(correlation: number, from: number, to: number): number {
  let count = 0;
  for (let i = correlation; i < SEARCH_MESSAGES; i += SEARCH_CORRELATIONS) {
    const time = SEARCH_BASE_TIME + i * SEARCH_STEP_MS;
    if (time >= from && time < to) count += 1;
  }
  return count;
}

let filling: Promise<{ topic: string; dispose: () => Promise<void> }> | undefined;

export function searchTopic(log: (line: string) => void): Promise<{ topic: string; dispose: () => Promise<void> }> {
  filling ??= fill(log);
  return filling;
}

async function fill(log: (line: string) => void): Promise<{ topic: string; dispose: () => Promise<void> }> {
  const kafka = rawKafka();
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('efx-bench-search');
  log(`filling ${topic}: ${SEARCH_MESSAGES.toLocaleString('en-US')} messages over ${SEARCH_PARTITIONS} partitions`);
  // Record times lie in the past: without retention.ms=-1 the broker would delete them as expired.
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: SEARCH_PARTITIONS, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  await waitForTopics(admin, [topic]);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const batch = 6000;
    for (let start = 0; start < SEARCH_MESSAGES; start += batch) {
      const topicMessages = Array.from({ length: SEARCH_PARTITIONS }, () => [] as { key: string; value: string; partition: number; timestamp: string; headers: Record<string, string> }[]);
      for (let i = start; i < Math.min(SEARCH_MESSAGES, start + batch); i++) {
        const partition = i % SEARCH_PARTITIONS;
        topicMessages[partition].push({
          key: `Order-${i % 1000}`,
          value: JSON.stringify({ event_id: `evt-${i}`, event_type: 'OrderCreated', timestamp: new Date(SEARCH_BASE_TIME + i * SEARCH_STEP_MS).toISOString(), data: { seq: i, total: i % 500 } }),
          partition,
          timestamp: String(SEARCH_BASE_TIME + i * SEARCH_STEP_MS),
          headers: { correlation_id: searchCorrelationId(i), event_type: 'OrderCreated' },
        });
      }
      await producer.sendBatch({ acks: 1, topicMessages: topicMessages.map((messages) => ({ topic, messages })) });
    }
  } finally {
    await producer.disconnect();
  }
  const offsets = await admin.fetchTopicOffsets(topic);
  const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
  if (total !== SEARCH_MESSAGES) throw new Error(`${topic} holds ${total} messages after the fill, not ${SEARCH_MESSAGES}`);
  return {
    topic,
    dispose: async () => {
      // A row that asks after this one has deleted it gets a topic of its own, not a deleted one.
      filling = undefined;
      try {
        await admin.deleteTopics({ topics: [topic] });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
