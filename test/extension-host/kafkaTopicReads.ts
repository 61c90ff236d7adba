// Reading back what reached a topic, as the Kafka extension-host tests check it: with kafkajs itself, not the extension.
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface ReadBack {
  partition: number;
  message: KafkaMessage;
}

/**
 * A topic's messages from its start, read by a throw-away group that is deleted afterwards: at least
 * `atLeast` of them, or what came in 30 s. With `settleMs`, reading goes on until nothing new came for
 * that long, so a copy too many shows.
 */
export async function readTopicFromStart(kafka: Kafka, topic: string, atLeast: number, settleMs = 0): Promise<ReadBack[]> {
  const groupId = `efx-host-read-back-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const seen: ReadBack[] = [];
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        seen.push({ partition, message });
        last = Date.now();
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (seen.length < atLeast || Date.now() - last < settleMs)) await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return seen;
}
