// What the Kafka rows share: the rig's broker (a row is skipped when it is down), the run's 1,000,000-message
// partition (filled once per run, see test/integration/support/kafkaFixture.ts), a 10,000-message partition
// with the same messages, and kcat as an independent client.
import { spawn, spawnSync } from 'node:child_process';
import { KafkaBroker } from '../../src/connectors/kafka';
import { SkipBenchmark } from '../benchmark';
import { portOpen } from '../../test/integration/support/mongoFixture';
import { deleteMillionIfOwned, millionTopic, millionValue, rawKafka, uniqueName, waitForTopics, MILLION_BASE_TIME, MILLION_TIME_STEP_MS } from '../../test/integration/support/kafkaFixture';
import * as ports from '../../test/services/ports';

/** Repetitions of a pair of reads of about 10 ms each: the median of 7 moved by a third between runs. */
export const SHORT_READ_REPETITIONS = 31;

export const KAFKA_NOTE = 'Kafka 4.1.1, one KRaft node on loopback (the test rig), kafkajs 2.2.4';

export async function requireKafka(): Promise<void> {
  if (!(await portOpen(ports.kafka.port))) throw new SkipBenchmark(`Kafka is not listening on ${ports.host}:${ports.kafka.port} (npm run services:up)`);
}

export function benchBroker(): KafkaBroker {
  return new KafkaBroker({ bootstrapServers: [...ports.kafka.brokers], clientId: 'efx-bench', operationTimeoutMs: 120_000 });
}

let cleanupRegistered = false;

/** The run's million-message partition; a bench run that made it deletes it when the process ends. */
export async function benchMillionTopic(log: (line: string) => void): Promise<string> {
  log('the 1,000,000-message partition: reusing it or filling it once for this run');
  const topic = await millionTopic();
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    let done = false;
    process.on('beforeExit', () => {
      if (done) return;
      done = true;
      void deleteMillionIfOwned().catch((error: unknown) => console.error(`could not delete ${topic}: ${String(error)}`));
    });
  }
  return topic;
}

/** A one-partition topic holding the first `count` messages of the million partition (same values, same times). */
export async function smallTopic(count: number): Promise<{ topic: string; dispose: () => Promise<void> }> {
  const kafka = rawKafka();
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('efx-bench-small');
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  await waitForTopics(admin, [topic]);
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < count; start += 5000) {
    const messages = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) messages.push({ key: `k-${i % 1000}`, value: millionValue(i), timestamp: String(MILLION_BASE_TIME + i * MILLION_TIME_STEP_MS) });
    await producer.send({ topic, acks: 1, messages });
  }
  await producer.disconnect();
  return {
    topic,
    dispose: async () => {
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
    },
  };
}

export function kcatAvailable(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** `kcat -C -o -N -e`: the last N messages of partition 0, printed one a line; resolves with the line count. */
export function kcatLatest(topic: string, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-C', '-b', ports.kafka.brokers[0], '-t', topic, '-p', '0', '-o', `-${count}`, '-e', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`kcat exited ${code}: ${errors}`))));
  });
}
