// Topics on the rig's Kafka for one test file (random names, deleted after), a raw kafkajs client for
// seeding the way other programs would, and the 1,000,000-message partition, filled once per run.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KafkaBroker } from '../../../src/connectors/kafka';
import type { KafkaConnectionOptions } from '../../../src/connectors/kafka/options';
import * as ports from '../../services/ports';
import { portOpen } from './mongoFixture';

export async function requireKafka(port: number = ports.kafka.port): Promise<void> {
  if (!(await portOpen(port))) {
    throw new Error(`Kafka is not listening on ${ports.host}:${port}: run \`npm run services:up\` first`);
  }
}

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export function rawKafka(brokers: readonly string[] = ports.kafka.brokers): Kafka {
  return new Kafka({ clientId: 'efx-test-seed', brokers: [...brokers], logLevel: logLevel.NOTHING });
}

export function brokerOptions(overrides: Partial<KafkaConnectionOptions> = {}): KafkaConnectionOptions {
  return { bootstrapServers: [...ports.kafka.brokers], clientId: 'efx-test', operationTimeoutMs: 60_000, ...overrides };
}

/**
 * Waits until every partition of the topics has a leader that answers: on a broker busy creating many
 * topics (several test runs share it), kafkajs's own wait gives up with "does not host this topic-partition".
 */
export async function waitForTopics(admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      for (const topic of topics) await admin.fetchTopicOffsets(topic);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Topics made through `topic()` are deleted by `dispose()`; the brokers made through `broker()` are closed. */
export class KafkaFixture {
  readonly kafka = rawKafka();
  readonly admin: Admin = this.kafka.admin();
  private readonly topics: string[] = [];
  private readonly brokers: KafkaBroker[] = [];

  async start(): Promise<void> {
    await requireKafka();
    await this.admin.connect();
  }

  /** A new topic that keeps its records whatever their timestamps (tests write old ones on purpose). */
  async topic(prefix: string, partitions = 1, config: Record<string, string> = {}): Promise<string> {
    const name = uniqueName(prefix);
    this.topics.push(name);
    await this.admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic: name, numPartitions: partitions, configEntries: Object.entries({ 'retention.ms': '-1', ...config }).map(([n, value]) => ({ name: n, value })) }],
    });
    await waitForTopics(this.admin, [name]);
    return name;
  }

  /** Remembers a topic something else made, so that it is deleted with the others. */
  adopt(name: string): void {
    this.topics.push(name);
  }

  broker(overrides: Partial<KafkaConnectionOptions> = {}): KafkaBroker {
    const broker = new KafkaBroker(brokerOptions(overrides));
    this.brokers.push(broker);
    return broker;
  }

  /**
   * The throw-away groups the fixture's brokers made that are still on the cluster, or hold a committed
   * offset (there must be none). Asked by id, so groups of other runs on the shared broker do not count.
   * Browses read by fetches make none; tails, and partitions the fetches hand over, do.
   */
  async browseGroupsLeft(): Promise<string[]> {
    const made = this.brokers.flatMap((b) => b.browseGroupsMade());
    const listed = new Set((await this.admin.listGroups()).groups.map((g) => g.groupId));
    const left = made.filter((id) => listed.has(id));
    for (const groupId of made) {
      const committed = await this.admin.fetchOffsets({ groupId });
      if (committed.some((t) => t.partitions.some((p) => p.offset !== '-1'))) left.push(`${groupId} (committed offsets)`);
    }
    return left;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.close()));
    const existing = new Set(await this.admin.listTopics());
    const mine = this.topics.filter((t) => existing.has(t));
    if (mine.length > 0) await this.admin.deleteTopics({ topics: mine });
    await this.admin.disconnect();
  }
}

export interface KafkaSuite {
  readonly fixture: KafkaFixture;
  /** The connector's broker over the rig's Kafka, made once the fixture has started. */
  readonly broker: KafkaBroker;
}

/** Called inside a `describe`: the fixture starts before the suite's first test and is disposed after its last. */
export function kafkaSuite(): KafkaSuite {
  const fixture = new KafkaFixture();
  let broker: KafkaBroker | undefined;
  before(async () => {
    await fixture.start();
    broker = fixture.broker();
  });
  after(() => fixture.dispose());
  return {
    fixture,
    get broker(): KafkaBroker {
      assert.ok(broker, 'the Kafka fixture did not start');
      return broker;
    },
  };
}

// ---- the 1,000,000-message partition ----------------------------------------------------------

export const MILLION = 1_000_000;
/** Record time of offset i: BASE + i * STEP ms, so a time names an offset exactly. */
export const MILLION_BASE_TIME = Date.parse('2026-01-01T00:00:00.000Z');
export const MILLION_TIME_STEP_MS = 10;
const MILLION_PREFIX = 'efx-million-';
/** Topics of earlier runs older than this are deleted when a run starts its own (a run is long over by then). */
const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

/**
 * One name per run: `scripts/test.mjs` gives every layer the same EFX_RUN_ID, so integration, reliability
 * and the benchmarks fill the partition once and reuse it. The run's start time is in the name, so a later
 * run can delete what an interrupted one left.
 */
export function millionTopicName(): string {
  process.env.EFX_RUN_ID ??= newRunId();
  return millionTopicNameOf(process.env.EFX_RUN_ID);
}

/** A run id as `scripts/test.mjs` makes one: its start time, then a few random characters. */
export const newRunId = (): string => `${Date.now()}-${randomUUID().slice(0, 6)}`;

/** The million-message topic of the run `runId` (what `scripts/deleteRunTopics.mjs` deletes at the run's end). */
export const millionTopicNameOf = (runId: string): string => `${MILLION_PREFIX}${runId}`;

/** The JSON value at offset i: small, with fields the filters and JSONPath tests select on. */
export function millionValue(i: number): string {
  return JSON.stringify({ seq: i, kind: i % 2 === 0 ? 'even' : 'odd', orderId: `Order-${i % 1000}`, total: i % 500 });
}

let filling: Promise<string> | undefined;
/** True when this process made the run id (mocha run by hand): it then deletes the topic when done. */
export const millionOwnedByProcess = process.env.EFX_RUN_ID === undefined;

/** The run's topic with one partition holding exactly 1,000,000 messages; filled with batched sends the first time only. */
export function millionTopic(): Promise<string> {
  filling ??= fillMillion();
  return filling;
}

async function fillMillion(): Promise<string> {
  const name = millionTopicName();
  const kafka = rawKafka();
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    await deleteStale(admin, topics, name);
    if (topics.includes(name)) {
      const [offsets] = await admin.fetchTopicOffsets(name);
      if (BigInt(offsets.high) === BigInt(MILLION) && BigInt(offsets.low) === 0n) return name;
      await admin.deleteTopics({ topics: [name] });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    // Record times start on 2026-01-01: without retention.ms=-1 the broker would delete them as expired.
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: name, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
    await waitForTopics(admin, [name]);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      // One send at a time: sends in flight side by side may land in any order, and offset i must hold message i.
      // 8,000 small messages stay under the broker's 1 MB batch limit.
      const batch = 8000;
      for (let start = 0; start < MILLION; start += batch) {
        const messages = [];
        for (let i = start; i < Math.min(MILLION, start + batch); i++) {
          messages.push({ key: `k-${i % 1000}`, value: millionValue(i), timestamp: String(MILLION_BASE_TIME + i * MILLION_TIME_STEP_MS) });
        }
        await producer.send({ topic: name, acks: 1, messages });
      }
    } finally {
      await producer.disconnect();
    }
    const [offsets] = await admin.fetchTopicOffsets(name);
    if (BigInt(offsets.high) !== BigInt(MILLION)) throw new Error(`${name} holds ${offsets.high} messages after the fill, not ${MILLION}`);
    return name;
  } finally {
    await admin.disconnect();
  }
}

async function deleteStale(admin: Admin, topics: string[], keep: string): Promise<void> {
  const stale = topics.filter((t) => {
    if (!t.startsWith(MILLION_PREFIX) || t === keep) return false;
    const started = Number(t.slice(MILLION_PREFIX.length).split('-')[0]);
    return Number.isFinite(started) && Date.now() - started > STALE_AFTER_MS;
  });
  if (stale.length > 0) await admin.deleteTopics({ topics: stale });
}

/** For a run of mocha outside scripts/test.mjs: the process made the run id, so it deletes the topic at the end. */
export async function deleteMillionIfOwned(): Promise<void> {
  if (!millionOwnedByProcess || !filling) return;
  const name = await filling;
  const admin = rawKafka().admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [name] });
  } finally {
    await admin.disconnect();
  }
}
