/**
 * A topic's configuration as the cluster reports it (DescribeConfigs), read-only: every entry with where
 * its value comes from, so an override on the topic stands apart from the cluster's defaults.
 */
import type { KafkaContext } from './kafkaClient';

/** Kafka's ConfigResource type for a topic (kafkajs `ConfigResourceTypes.TOPIC`; the driver loads lazily). */
const TOPIC_RESOURCE = 2;

/** Where a value comes from, by Kafka's ConfigSource number (as kafkajs reports `configSource`). */
const SOURCES: Record<number, TopicConfigSource> = {
  1: 'topic',
  2: 'broker',
  3: 'broker',
  4: 'broker',
  5: 'default',
};

export type TopicConfigSource = 'topic' | 'broker' | 'default' | 'unknown';

export interface TopicConfigEntry {
  name: string;
  /** null when the broker hides it (a sensitive value) or it has none. */
  value: string | null;
  /** `topic`: overridden on this topic; `broker`: set on the broker(s); `default`: Kafka's own default. */
  source: TopicConfigSource;
  sensitive: boolean;
  readOnly: boolean;
}

/** The configs people look at first, listed before the rest in this order. */
export const KEY_CONFIGS = ['cleanup.policy', 'retention.ms', 'retention.bytes', 'min.insync.replicas', 'max.message.bytes', 'segment.bytes', 'compression.type'];

export async function describeTopicConfigs(context: KafkaContext, topic: string, signal?: AbortSignal): Promise<TopicConfigEntry[]> {
  const described = await context.guard(`Reading the configuration of ${topic}`, signal, () =>
    context.admin.describeConfigs({ resources: [{ type: TOPIC_RESOURCE, name: topic }], includeSynonyms: false }),
  );
  const entries = (described.resources[0]?.configEntries ?? []).map(
    (entry): TopicConfigEntry => ({
      name: entry.configName,
      value: entry.configValue ?? null,
      source: SOURCES[(entry as { configSource?: number }).configSource ?? -1] ?? (entry.isDefault ? 'default' : 'unknown'),
      sensitive: entry.isSensitive,
      readOnly: entry.readOnly,
    }),
  );
  const rank = (name: string) => (KEY_CONFIGS.includes(name) ? KEY_CONFIGS.indexOf(name) : KEY_CONFIGS.length);
  return entries.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** Each topic's `cleanup.policy`, in one call for a page of topics (what marks compacted topics in the tree). */
export async function cleanupPolicies(context: KafkaContext, topics: readonly string[], signal?: AbortSignal): Promise<Map<string, string>> {
  if (topics.length === 0) return new Map();
  const described = await context.guard('Reading the topics\' cleanup policies', signal, () =>
    context.admin.describeConfigs({ resources: topics.map((name) => ({ type: TOPIC_RESOURCE, name, configNames: ['cleanup.policy'] })), includeSynonyms: false }),
  );
  return new Map(described.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue ?? 'delete']));
}

/** The read-only document of a topic's configuration: overrides first marked, then the rest. */
export function topicConfigText(cluster: string, topic: string, entries: readonly TopicConfigEntry[]): string {
  const overridden = entries.filter((e) => e.source === 'topic');
  const label = (e: TopicConfigEntry) => (e.source === 'topic' ? 'overridden on this topic' : e.source === 'broker' ? 'set on the broker' : e.source === 'default' ? 'default' : 'source unknown');
  const value = (e: TopicConfigEntry) => (e.sensitive ? '(hidden: sensitive)' : (e.value ?? '(none)'));
  const width = Math.max(4, ...entries.map((e) => e.name.length));
  const lines = [
    `# ${topic} · ${cluster}: configuration (read-only)`,
    '',
    `${overridden.length} overridden on this topic${overridden.length > 0 ? `: ${overridden.map((e) => e.name).join(', ')}` : ''}; the others are the broker's or Kafka's defaults.`,
    '',
    ...entries.map((e) => `${e.source === 'topic' ? '*' : ' '} ${e.name.padEnd(width)}  ${value(e)}    (${label(e)}${e.readOnly ? ', read-only' : ''})`),
    '',
  ];
  return lines.join('\n');
}
