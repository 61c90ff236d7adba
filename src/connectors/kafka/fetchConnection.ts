import type { Kafka } from 'kafkajs';
import { FETCH_API_KEY, FETCH_VERSION, decodeFetchResponse, encodeFetchRequest, type FetchRequestFields, type FetchResponseFields } from './fetchWire';

/** The parts of kafkajs's cluster (kafkajs 2.2.4, `src/cluster`) this reader uses. */
interface DriverCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  metadata(query: { topics: string[] }): Promise<{ topicMetadata: { topic: string; partitionMetadata: { partitionId: number; leader?: number | null }[] }[] }>;
  findBroker(query: { nodeId: string }): Promise<DriverBroker>;
  findGroupCoordinatorMetadata(query: { groupId: string }): Promise<{ coordinator: { nodeId: number } }>;
}

/** A group as DescribeGroups answers (the fields read here). */
export interface DescribedGroup {
  groupId: string;
  state: string;
  protocolType: string;
  members: { memberId: string; clientId: string; clientHost: string }[];
}

/** A group's committed offsets per topic, as OffsetFetch answers ("-1": nothing committed there). */
export type FetchedOffsets = { topic: string; partitions: { partition: number; offset: string }[] }[];

interface DriverBroker {
  versions?: Record<number, { minVersion: number; maxVersion: number } | undefined> | null;
  connectionPool: { send(protocolRequest: { request: unknown; response: unknown }): Promise<unknown> };
  describeGroups(request: { groupIds: string[] }): Promise<{ groups: DescribedGroup[] }>;
  offsetFetch(request: { groupId: string; topics: [] }): Promise<{ responses: FetchedOffsets }>;
  listOffsets(request: { topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[] }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
  disconnect(): Promise<void>;
}

/** ListOffsets' timestamps for a partition's end (the next offset written) and its start. */
export const LATEST_OFFSET = -1;
export const EARLIEST_OFFSET = -2;

/** The reader cannot be used with this cluster or driver; the caller reads through a consumer instead. */
export class FetchUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchUnavailable';
  }
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';

/**
 * Fetch requests of our own over kafkajs's connections: its cluster brings the bootstrap, metadata, TLS,
 * SASL and reconnects of the connection's settings, and its broker connections carry our bytes (a Fetch
 * goes on the connection kafkajs keeps for fetches). No consumer, so no group: reading changes nothing.
 * kafkajs offers no public way to a cluster; its client keeps the factory under a symbol, which this
 * looks up by name and, when a kafkajs version has none, says so (`FetchUnavailable`).
 */
export class FetchConnection {
  private constructor(private readonly cluster: DriverCluster) {}

  static async open(kafka: Kafka): Promise<FetchConnection> {
    const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
    const create = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
    if (typeof create !== 'function') throw new FetchUnavailable('this kafkajs has no cluster factory');
    const cluster = (create as (options: object) => DriverCluster)({ metadataMaxAge: 300_000, allowAutoTopicCreation: false, maxInFlightRequests: null, instrumentationEmitter: null });
    await cluster.connect();
    return new FetchConnection(cluster);
  }

  /**
   * Each partition's leader (node id), asked of the cluster each time. Only this topic is asked for: the
   * cluster keeps no list of topics searched, so one deleted since fails no later search.
   */
  async leaders(topic: string): Promise<Map<number, number>> {
    const metadata = await this.cluster.metadata({ topics: [topic] });
    const leaders = new Map<number, number>();
    for (const p of metadata.topicMetadata.find((t) => t.topic === topic)?.partitionMetadata ?? []) {
      if (typeof p.leader === 'number' && p.leader >= 0) leaders.set(p.partitionId, p.leader);
    }
    return leaders;
  }

  /** Every partition's leader, or an error naming the first partition without one (an election under way). */
  async leadersOfAll(topic: string): Promise<Map<number, number>> {
    const metadata = await this.cluster.metadata({ topics: [topic] });
    const partitions = metadata.topicMetadata.find((t) => t.topic === topic)?.partitionMetadata ?? [];
    if (partitions.length === 0) throw new Error(`the cluster names no partition of ${topic}`);
    const leaders = new Map<number, number>();
    for (const p of partitions) {
      if (typeof p.leader !== 'number' || p.leader < 0) throw new Error(`partition ${p.partitionId} of ${topic} has no leader`);
      leaders.set(p.partitionId, p.leader);
    }
    return leaders;
  }

  /** The leader of each partition of these topics, in one metadata request; a topic the cluster does not know fails it whole. */
  async leadersOf(topics: readonly string[]): Promise<Map<string, Map<number, number>>> {
    const metadata = await this.cluster.metadata({ topics: [...topics] });
    const byTopic = new Map<string, Map<number, number>>();
    for (const t of metadata.topicMetadata) {
      const leaders = new Map<number, number>();
      for (const p of t.partitionMetadata) if (typeof p.leader === 'number' && p.leader >= 0) leaders.set(p.partitionId, p.leader);
      byTopic.set(t.topic, leaders);
    }
    return byTopic;
  }

  /**
   * One ListOffsets to one broker for many topics' partitions at once: each one's offset at `timestamp`
   * (`LATEST_OFFSET`, `EARLIEST_OFFSET`, or milliseconds since the epoch: the first record at or after it, -1 when none).
   */
  async listOffsets(nodeId: number, topics: { topic: string; partitions: number[] }[], timestamp: number): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]> {
    const broker = await this.cluster.findBroker({ nodeId: String(nodeId) });
    const { responses } = await broker.listOffsets({ topics: topics.map(({ topic, partitions }) => ({ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) })) });
    return responses;
  }

  /** The node that coordinates a group (one FindCoordinator). */
  async coordinatorOf(groupId: string): Promise<number> {
    return (await this.cluster.findGroupCoordinatorMetadata({ groupId })).coordinator.nodeId;
  }

  /** One DescribeGroups to the node that coordinates all these groups. */
  async describeGroups(nodeId: number, groupIds: string[]): Promise<DescribedGroup[]> {
    return (await (await this.cluster.findBroker({ nodeId: String(nodeId) })).describeGroups({ groupIds })).groups;
  }

  /** One OffsetFetch of every offset a group committed, to its coordinator. */
  async committedOffsets(nodeId: number, groupId: string): Promise<FetchedOffsets> {
    return (await (await this.cluster.findBroker({ nodeId: String(nodeId) })).offsetFetch({ groupId, topics: [] })).responses;
  }

  /** One Fetch to one broker; the partitions' record sets come back as bytes. */
  async fetch(nodeId: number, fields: FetchRequestFields): Promise<FetchResponseFields> {
    const broker = await this.cluster.findBroker({ nodeId: String(nodeId) });
    const fetchVersions = broker.versions?.[FETCH_API_KEY];
    if (fetchVersions && (fetchVersions.minVersion > FETCH_VERSION || fetchVersions.maxVersion < FETCH_VERSION)) {
      throw new FetchUnavailable(`broker ${nodeId} serves Fetch ${fetchVersions.minVersion}–${fetchVersions.maxVersion}, not ${FETCH_VERSION}`);
    }
    const bytes = encodeFetchRequest(fields);
    // kafkajs frames what `encode` returns as it frames its own encoders: it needs `buf` and `buffer`.
    const request = { apiKey: FETCH_API_KEY, apiVersion: FETCH_VERSION, apiName: 'Fetch', encode: () => Promise.resolve({ buf: bytes, buffer: bytes, size: () => bytes.length }) };
    const response = {
      decode: (payload: Buffer) => {
        const decoded = decodeFetchResponse(payload);
        // kafkajs holds back the connection's next requests for the time the broker asks (KIP-219).
        return Promise.resolve({ ...decoded, clientSideThrottleTime: decoded.throttleTimeMs });
      },
      parse: (decoded: FetchResponseFields) => Promise.resolve(decoded),
    };
    try {
      return (await broker.connectionPool.send({ request, response })) as FetchResponseFields;
    } catch (error) {
      // As kafkajs's own requests do: a closed connection is dropped, so the next use connects again.
      if ((error as { name?: string }).name === 'KafkaJSConnectionClosedError') await broker.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.cluster.disconnect();
  }
}
