import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError } from './kafkaErrors';
import { cleanupPolicies } from './topicConfigs';

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  isController: boolean;
}

export interface TopicSummary {
  name: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of (latest - earliest): records kept now (compaction and transaction markers make it an upper bound). */
  messages: bigint;
  /** Its `cleanup.policy` (delete, compact, or both). */
  cleanupPolicy?: string;
}

export interface TopicPage {
  topics: TopicSummary[];
  /** Topics matching the prefix, all pages together. */
  total: number;
  /** Pass back as `after` for the next page; absent on the last page. */
  next?: string;
}

export interface PartitionInfo {
  partition: number;
  earliest: bigint;
  latest: bigint;
  leader: number;
  replicas: number[];
  inSync: number[];
}

export interface TopicQuery {
  /** Only topics whose name starts with this (case-sensitive, like topic names). */
  prefix?: string;
  /** Only topics sorting after this name: the previous page's `next`. */
  after?: string;
  /** Page size (default 100). */
  limit?: number;
  includeInternal?: boolean;
}

export async function listBrokers(context: KafkaContext, signal?: AbortSignal): Promise<BrokerInfo[]> {
  const cluster = await context.guard('Describing the cluster', signal, () => context.admin.describeCluster());
  return cluster.brokers
    .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, isController: b.nodeId === cluster.controller }))
    .sort((a, b) => a.id - b.id);
}

/**
 * One page of topics, sorted by name. Listing names is one metadata call however many topics there are;
 * partitions and offsets are asked for the page's topics only, so 10,000 topics cost what 100 do.
 */
export async function listTopics(context: KafkaContext, query: TopicQuery = {}, signal?: AbortSignal): Promise<TopicPage> {
  const limit = Math.max(1, Math.min(1000, Math.floor(query.limit ?? 100)));
  const names = await context.guard('Listing topics', signal, () => context.admin.listTopics());
  const matching = names
    .filter((n) => (query.includeInternal ?? false) || !isInternalTopic(n))
    .filter((n) => query.prefix === undefined || n.startsWith(query.prefix))
    .sort();
  const from = query.after === undefined ? 0 : upperBound(matching, query.after);
  const pageNames = matching.slice(from, from + limit);
  const topics = pageNames.length === 0 ? [] : await summarizeThoseStillThere(context, pageNames, signal);
  const last = from + limit < matching.length ? pageNames[pageNames.length - 1] : undefined;
  return { topics, total: matching.length, ...(last === undefined ? {} : { next: last }) };
}

export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

function upperBound(sorted: readonly string[], after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SUMMARY_ATTEMPTS = 3;
const VANISHED_TOPIC = /UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/;

/**
 * A topic deleted by someone else between the listing and the page's reads is left out of the page rather
 * than failing it: the names are listed again and the page read again, a few times at most (the broker may
 * still list a topic for a moment after deleting it).
 */
async function summarizeThoseStillThere(context: KafkaContext, names: string[], signal?: AbortSignal): Promise<TopicSummary[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await summarize(context, names, signal);
    } catch (error) {
      if (attempt >= SUMMARY_ATTEMPTS || !(error instanceof Error) || !VANISHED_TOPIC.test(error.message)) throw error;
      const listed = new Set(await context.guard('Listing topics', signal, () => context.admin.listTopics()));
      names = names.filter((name) => listed.has(name));
      if (names.length === 0) return [];
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

async function summarize(context: KafkaContext, names: string[], signal?: AbortSignal): Promise<TopicSummary[]> {
  const metadata = await context.guard('Reading topic metadata', signal, () => context.admin.fetchTopicMetadata({ topics: names }));
  const counts = await context.guard('Reading topic offsets', signal, () => allOrFirstFailure(names.map(async (name) => [name, await context.admin.fetchTopicOffsets(name)] as const)));
  const messagesOf = new Map(counts.map(([name, offsets]) => [name, offsets.reduce((sum, o) => sum + (BigInt(o.high) - BigInt(o.low)), 0n)]));
  const policies = await cleanupPolicies(context, names, signal);
  const order = new Map(names.map((name, i) => [name, i]));
  const sorted = [...metadata.topics].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  return sorted.map((t) => ({
    name: t.name,
    internal: isInternalTopic(t.name),
    partitions: t.partitions.length,
    replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
    messages: messagesOf.get(t.name) ?? 0n,
    ...(policies.has(t.name) ? { cleanupPolicy: policies.get(t.name) } : {}),
  }));
}

export async function describePartitions(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<PartitionInfo[]> {
  const [metadata, offsets] = await context.guard(`Describing ${topic}`, signal, () =>
    Promise.all([context.admin.fetchTopicMetadata({ topics: [topic] }), context.admin.fetchTopicOffsets(topic)]),
  );
  const offsetOf = new Map(offsets.map((o) => [o.partition, o]));
  return metadata.topics[0].partitions
    .map((p) => ({
      partition: p.partitionId,
      earliest: BigInt(offsetOf.get(p.partitionId)?.low ?? '0'),
      latest: BigInt(offsetOf.get(p.partitionId)?.high ?? '0'),
      leader: p.leader,
      replicas: [...p.replicas],
      inSync: [...p.isr],
    }))
    .sort((a, b) => a.partition - b.partition);
}

export interface NewTopic {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  /** Topic configs, e.g. `max.message.bytes`, `retention.ms`. */
  config?: Record<string, string>;
}

export async function createTopic(context: KafkaContext, topic: NewTopic, signal?: AbortSignal): Promise<void> {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic.name) || topic.name === '.' || topic.name === '..') {
    throw new KafkaConnectorError('other', `"${topic.name}" is not a valid topic name: use 1 to 249 letters, digits, ".", "_" or "-".`);
  }
  const created = await context.guard(`Creating topic ${topic.name}`, signal, async () => {
    const made = await context.admin.createTopics({
      // kafkajs's own wait gives up early on a busy broker ("does not host this topic-partition"); ours polls.
      waitForLeaders: false,
      topics: [
        {
          topic: topic.name,
          numPartitions: topic.partitions ?? 1,
          replicationFactor: topic.replicationFactor ?? -1,
          configEntries: Object.entries(topic.config ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    if (made) await waitForLeaders(context, topic.name, signal);
    return made;
  });
  if (!created) throw new KafkaConnectorError('other', `Topic ${topic.name} already exists.`);
}

/** Until every partition of the new topic has a leader that answers for its offsets (the guard's timeout bounds it). */
async function waitForLeaders(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<void> {
  for (;;) {
    try {
      await context.admin.fetchTopicOffsets(topic);
      return;
    } catch (error) {
      if (signal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function deleteTopic(context: KafkaContext, name: string, signal?: AbortSignal): Promise<void> {
  await context.guard(`Deleting topic ${name}`, signal, () => context.admin.deleteTopics({ topics: [name] }));
}

/** Like Promise.all, but settles only once every read has: a failed read leaves none of the others still in flight on the client. */
async function allOrFirstFailure<T>(reads: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(reads);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}
