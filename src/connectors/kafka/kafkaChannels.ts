/**
 * A cluster's topics as channels and its consumer groups as their readers: a `reads` link from a group to
 * each topic it committed offsets in. Internal topics and the groups our own browsing makes are left out.
 */
import './asyncApiBindings';
import { channelLimit, type Channel, type ChannelLink, type ChannelMap, type ChannelReader, type ChannelRequest } from '../reads/channels';
import { listGroupsUpTo, type GroupSummary } from './consumerGroups';
import { listTopics, type TopicSummary } from './kafkaAdmin';
import type { KafkaContext } from './kafkaClient';

export const KAFKA_CONNECTION_KIND = 'kafka';

export const topicChannelId = (name: string): string => `topic:${name}`;
export const groupReaderId = (groupId: string): string => `group:${groupId}`;

/** A group and the topics it committed offsets in. */
export interface GroupReading {
  group: GroupSummary;
  topics: string[];
}

/** What the listing read, with how many topics and groups there are in all. */
export interface KafkaListing {
  topics: TopicSummary[];
  topicsInAll: number;
  groups: GroupReading[];
  groupsInAll: number;
  limit: number;
}

export function kafkaChannels(connectionId: string, listing: KafkaListing): ChannelMap {
  const base = { connectionId, connectionKind: KAFKA_CONNECTION_KIND };
  const channels = listing.topics.map(
    (topic): Channel => ({
      ...base,
      id: topicChannelId(topic.name),
      kind: 'topic',
      name: topic.name,
      role: 'holds',
      ...(topic.cleanupPolicy === undefined ? {} : { detail: topic.cleanupPolicy }),
      ...(topic.internal ? { internal: true } : {}),
      figures: { messages: Number(topic.messages), partitions: topic.partitions },
    }),
  );
  const readers = listing.groups.map(
    ({ group }): ChannelReader => ({ ...base, id: groupReaderId(group.groupId), kind: 'consumer group', name: group.groupId, state: group.state, members: group.members }),
  );
  const links = listing.groups.flatMap(({ group, topics }) => topics.map((topic): ChannelLink => ({ kind: 'reads', from: groupReaderId(group.groupId), to: topicChannelId(topic) })));
  const left = [
    listing.topicsInAll > listing.topics.length ? `${listing.topicsInAll - listing.topics.length} of ${listing.topicsInAll} topics` : '',
    listing.groupsInAll > listing.groups.length ? `${listing.groupsInAll - listing.groups.length} of ${listing.groupsInAll} consumer groups` : '',
  ].filter(Boolean);
  const capped = left.length > 0 ? { capped: { limit: listing.limit, total: listing.topicsInAll, note: `${left.join(' and ')} not listed` } } : {};
  return { channels, readers, links, ...capped };
}

/**
 * The first `limit` topics by name (one metadata call for the names, offsets for those listed only) and the
 * first `limit` groups by id (only those described), each with the topics it committed offsets in (one
 * offset fetch per group).
 */
export async function readKafkaChannels(context: KafkaContext, request: ChannelRequest): Promise<ChannelMap> {
  const limit = channelLimit(request);
  const { signal } = request;
  const page = await listTopics(context, { limit: Math.min(1000, limit) }, signal);
  const groups = await listGroupsUpTo(context, limit, signal);
  const readings: GroupReading[] = [];
  for (const group of groups.groups) {
    const offsets = await context.guard(`Reading the offsets of group ${group.groupId}`, signal, () => context.admin.fetchOffsets({ groupId: group.groupId }));
    const topics = offsets.filter((t) => t.partitions.some((p) => BigInt(p.offset) >= 0n)).map((t) => t.topic).sort();
    readings.push({ group, topics });
  }
  return kafkaChannels(request.connectionId, { topics: page.topics, topicsInAll: page.total, groups: readings, groupsInAll: groups.total, limit: Math.min(1000, limit) });
}
