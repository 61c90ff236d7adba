import type { Broker, BrowsePage, BrowseRequest, OutgoingMessage, PublishDestination, PublishReceipt } from '../broker';
import type { ReadProblem } from '../connector';
import { parseOffset } from './browsePlan';
import type { ChannelMap, ChannelRequest } from '../reads/channels';
import type { SourcePlan } from '../reads/readPlan';
import type { SourceSearchRequest, SourceSearchResult } from '../reads/search';
import { searchTopic } from './kafkaSearch';
import { FetchConnection, FetchUnavailable } from './fetchConnection';
import type { Figures, FiguresRequest } from '../reads/figures';
import { readKafkaFigures, type ManyReads } from './kafkaFigures';
import { AppendedTopicTypes } from './appendedTopicTypes';
import { loadKafkaDriver } from './driver';
import { fetchTypeRead } from './fetchTypeRead';
import { GroupReads } from './groupReads';
import { TopicWatermarks } from './topicWatermarks';
import {
  applyOffsetReset,
  describeGroup,
  listGroups,
  planOffsetReset,
  type GroupDetail,
  type GroupSummary,
  type OffsetResetPlan,
  type OffsetResetTarget,
} from './consumerGroups';
import { createTopic, deleteTopic, describePartitions, listBrokers, listTopics, type BrokerInfo, type NewTopic, type PartitionInfo, type TopicPage, type TopicQuery, type TopicSummary } from './kafkaAdmin';
import { ThrowAwayGroups, browseTopic, type KafkaBrowseOptions } from './kafkaBrowse';
import { openKafka, type KafkaContext } from './kafkaClient';
import { readKafkaChannels } from './kafkaChannels';
import { KafkaConnectorError } from './kafkaErrors';
import { KafkaPublisher } from './kafkaProducer';
import type { TailOptions, TailRequest } from '../browsing';
import { tailTopic } from './kafkaTail';
import { describeTopicConfigs, type TopicConfigEntry } from './topicConfigs';
import { detectDeadLetterTopic, dryRunRepublish, looksLikeDeadLetterTopic, type DltDetection } from './deadLetters/deadLetterTopic';
import { republish, type RepublishReport, type RepublishRequest } from './deadLetters/republish';
import type { RepublishPlan, RepublishRule } from './deadLetters/republishPlan';
import { checkKafkaOptions, kafkaLabel, type KafkaConnectionOptions } from './options';

/** A topic's per-type read holds up the sampler's reading: it gives up sooner than other operations. */
const TYPE_READ_TIMEOUT_MS = 10_000;

/**
 * A Kafka cluster: the `Broker` role (publish, browse) plus its own administration. The driver loads on the
 * first `connect`. Browsing never joins a real consumer group and never commits an offset.
 */
export class KafkaBroker implements Broker {
  readonly kind = 'kafka' as const;
  readonly label: string;
  private context: KafkaContext | undefined;
  private connecting: Promise<KafkaContext> | undefined;
  private publisher: KafkaPublisher | undefined;
  private fetching: Promise<FetchConnection | undefined> | undefined;
  private readonly groups = new ThrowAwayGroups();
  /** The leaders behind a sampler's reads of many topics' offsets at once. */
  private readonly watermarks = new TopicWatermarks();
  /** The coordinators behind a sampler's reads of the groups it watches. */
  private readonly groupReads = new GroupReads();
  /** Each live tail's own group (deleted when it stops; kept here when it could not be, for close()). */
  private readonly tailGroups = new Set<ThrowAwayGroups>();
  /** What sampling found per topic, and when (the tree marks dead-letter topics from it). */
  private readonly detections = new Map<string, { detection: DltDetection; at: number }>();
  /** The groups of tails that ended, for checks that none is left (bounded). */
  private readonly tailsEnded: string[] = [];
  private types: { context: KafkaContext; counts: AppendedTopicTypes } | undefined;

  constructor(private readonly options: KafkaConnectionOptions) {
    this.label = kafkaLabel(options);
  }

  /** Connects (the driver loads now) and checks the cluster answers; failures say DNS, refused, TLS, SASL/auth or timeout. */
  async connect(signal?: AbortSignal): Promise<void> {
    await this.ready(signal);
  }

  async close(): Promise<void> {
    const context = this.context;
    const fetching = this.fetching;
    this.context = undefined;
    this.connecting = undefined;
    this.fetching = undefined;
    this.types = undefined;
    if (!context) return;
    try {
      await (await fetching?.catch(() => undefined))?.close();
      await this.groups.deleteAll(context, 5000);
      for (const groups of this.tailGroups) await groups.deleteAll(context, 5000);
      this.tailGroups.clear();
      await this.publisher?.close();
    } finally {
      this.publisher = undefined;
      await context.admin.disconnect();
    }
  }

  async publish(destination: PublishDestination, messages: OutgoingMessage[], signal?: AbortSignal): Promise<PublishReceipt[]> {
    const context = await this.ready(signal);
    this.publisher ??= new KafkaPublisher(context);
    return this.publisher.publish(destination, messages, signal);
  }

  /** The partition every message with this key lands in (Java-compatible partitioner): where a key's stream is. */
  async partitionOf(topic: string, key: string, signal?: AbortSignal): Promise<number> {
    const context = await this.ready(signal);
    this.publisher ??= new KafkaPublisher(context);
    return this.publisher.partitionOf(topic, key, signal);
  }

  browse(request: BrowseRequest): Promise<BrowsePage> {
    return this.browseWith(request, {});
  }

  /** Searching a topic changes nothing: it is read by fetch requests, with no consumer group and nothing committed. */
  planRead(topic: string): Promise<SourcePlan> {
    return Promise.resolve({
      source: topic,
      effect: 'none',
      alsoDoes: [],
      note: 'Read by fetch requests: no consumer group, nothing committed. A partition the fetches cannot read (an old message format, a codec the driver lacks) is read through a throw-away group, deleted afterwards, and the result says so.',
    });
  }

  /** One topic searched within a time window (see `searchTopic`). */
  async search(request: SourceSearchRequest): Promise<SourceSearchResult> {
    const context = await this.ready(request.signal);
    const fetcher = await this.fetcher(context, request.signal);
    return searchTopic({ context, fetcher, browseWith: (r, o) => this.browseWith(r, o) }, request, this.options.identity);
  }

  /** Every topic but the internal ones: what a search of the whole cluster reads. */
  async listSources(signal?: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    let after: string | undefined;
    do {
      const page = await this.topics({ limit: 1000, ...(after === undefined ? {} : { after }) }, signal);
      names.push(...page.topics.map((t) => t.name));
      after = page.next;
    } while (after !== undefined);
    return names;
  }

  /** Topics as channels and consumer groups as their readers (see `readKafkaChannels`), bounded by `request.limit`. */
  async channels(request: ChannelRequest): Promise<ChannelMap> {
    return readKafkaChannels(await this.ready(request.signal), request);
  }

  /** A browse with Kafka's filters (key, header, text, JSONPath) and bounds. */
  async browseWith(request: BrowseRequest, options: KafkaBrowseOptions): Promise<BrowsePage> {
    if (request.start.from === 'offset') parseOffset(request.start.offset, 'start offset');
    const context = await this.ready(request.signal);
    // A record check looks at kafkajs's messages: the search's read of what its own fetches handed over.
    const fetcher = options.recordCheck ? undefined : await this.fetcher(context, request.signal);
    return browseTopic(context, this.groups, request, options, fetcher);
  }

  /** A live tail: one consumer in a throw-away group that never commits, until `request.signal` stops it. */
  async tail(request: TailRequest, options: TailOptions): Promise<void> {
    const context = await this.ready(request.signal);
    const groups = new ThrowAwayGroups();
    this.tailGroups.add(groups);
    try {
      await tailTopic(context, groups, request, options);
    } finally {
      if (groups.size === 0) this.tailGroups.delete(groups);
      this.tailsEnded.push(...groups.recent);
      this.tailsEnded.splice(0, Math.max(0, this.tailsEnded.length - 1000));
    }
  }

  /** Whether a topic holds dead letters: its latest few messages per partition name an origin topic. */
  async detectDeadLetters(topic: string, options: { perPartition?: number; originHeader?: string; signal?: AbortSignal } = {}): Promise<DltDetection> {
    const context = await this.ready(options.signal);
    // No connection of our own (yet): the read goes through a consumer, as it would for a partition the fetches hand over.
    const fetcher = await this.fetcher(context, options.signal).catch(() => undefined);
    const detection = await detectDeadLetterTopic(context, this.groups, topic, { ...options, ...(fetcher ? { fetcher } : {}) });
    this.detections.set(topic, { detection, at: Date.now() });
    return detection;
  }

  /**
   * Dead-letter topics among these, by topic → origin topics: detections already made, plus a sample of at most
   * `limit` topics named like dead-letter topics not sampled for 5 minutes, within `budgetMs`. A failed sample marks nothing.
   */
  async deadLetterMarks(topics: readonly TopicSummary[], options: { limit?: number; budgetMs?: number; originHeader?: string } = {}): Promise<Map<string, string[]>> {
    const stale = Date.now() - 5 * 60_000;
    const toSample = topics.filter((t) => !t.internal && t.messages > 0n && looksLikeDeadLetterTopic(t.name) && (this.detections.get(t.name)?.at ?? 0) < stale).slice(0, options.limit ?? 10);
    const budget = AbortSignal.timeout(options.budgetMs ?? 5000);
    for (const topic of toSample) {
      if (budget.aborted) break;
      await this.detectDeadLetters(topic.name, { signal: budget, ...(options.originHeader ? { originHeader: options.originHeader } : {}) }).catch(() => undefined);
    }
    const marks = new Map<string, string[]>();
    for (const topic of topics) {
      const detection = this.detections.get(topic.name)?.detection;
      if (detection?.isDlt) marks.set(topic.name, Object.keys(detection.origins));
    }
    return marks;
  }

  /** The dry run of a re-publish: each selected dead letter's target (topic and partition) or why it is held back. */
  async planRepublish(topic: string, rule: RepublishRule, options: { maxLetters?: number; signal?: AbortSignal } = {}): Promise<{ plan: RepublishPlan; truncated: boolean; problems: ReadProblem[] }> {
    const context = await this.ready(options.signal);
    this.publisher ??= new KafkaPublisher(context);
    const fetcher = await this.fetcher(context, options.signal).catch(() => undefined);
    return dryRunRepublish(context, this.groups, this.publisher, topic, rule, { ...options, ...(fetcher ? { fetcher } : {}) });
  }

  /** Sends exactly what a confirmed dry run listed (see `republish`); never deletes from the dead-letter topic. */
  async republish(request: RepublishRequest): Promise<RepublishReport> {
    const context = await this.ready(request.signal);
    this.publisher ??= new KafkaPublisher(context);
    return republish(context, this.groups, this.publisher, request, await this.fetcher(context, request.signal).catch(() => undefined));
  }

  async brokers(signal?: AbortSignal): Promise<BrokerInfo[]> {
    return listBrokers(await this.ready(signal), signal);
  }

  async topics(query: TopicQuery = {}, signal?: AbortSignal): Promise<TopicPage> {
    return listTopics(await this.ready(signal), query, signal);
  }

  /** The topic's configuration, each entry with where its value comes from (read-only). */
  async topicConfigs(topic: string, signal?: AbortSignal): Promise<TopicConfigEntry[]> {
    return describeTopicConfigs(await this.ready(signal), topic, signal);
  }

  async partitions(topic: string, signal?: AbortSignal): Promise<PartitionInfo[]> {
    return describePartitions(await this.ready(signal), topic, signal);
  }

  async createTopic(topic: NewTopic, signal?: AbortSignal): Promise<void> {
    await createTopic(await this.ready(signal), topic, signal);
  }

  async deleteTopic(name: string, signal?: AbortSignal): Promise<void> {
    await deleteTopic(await this.ready(signal), name, signal);
    this.publisher?.forget(name);
  }

  async consumerGroups(signal?: AbortSignal): Promise<GroupSummary[]> {
    return listGroups(await this.ready(signal), signal);
  }

  async consumerGroup(groupId: string, options: { withAge?: boolean; signal?: AbortSignal } = {}): Promise<GroupDetail> {
    return describeGroup(await this.ready(options.signal), this.groups, groupId, options);
  }

  /** Topic offsets and counts, group states and lag (messages and time) for a sampler (see `readKafkaFigures`). */
  async sampleFigures(request: FiguresRequest, signal?: AbortSignal): Promise<Figures> {
    const context = await this.ready(signal);
    const connection = async (manySignal?: AbortSignal): Promise<FetchConnection> => {
      // A sample still under way when the broker closed opens nothing that close() would not close.
      if (this.context !== context) throw new KafkaConnectorError('other', `${this.label} was closed`);
      const fetcher = await this.fetcher(context, manySignal);
      if (fetcher === undefined) throw new FetchUnavailable('no connection of our own');
      return fetcher;
    };
    const many: ManyReads = {
      watermarks: async (topics, manySignal) => {
        const fetcher = await connection(manySignal);
        return context.guard('Reading the offsets of the topics watched', manySignal, () => this.watermarks.read(fetcher, topics));
      },
      groups: async (groupIds, committedOf, manySignal) => {
        const fetcher = await connection(manySignal);
        return context.guard('Reading the consumer groups watched', manySignal, () => this.groupReads.read(fetcher, groupIds, committedOf));
      },
    };
    return readKafkaFigures(context, this.groups, request, signal, many, this.typesOf(context, connection));
  }

  /** The new offsets a reset would set, for the user to confirm; refused while the group has members. */
  async previewOffsetReset(groupId: string, topic: string, target: OffsetResetTarget, signal?: AbortSignal): Promise<OffsetResetPlan> {
    if (target.to === 'offset') parseOffset(target.offset, 'offset');
    return planOffsetReset(await this.ready(signal), groupId, topic, target, signal);
  }

  async resetOffsets(plan: OffsetResetPlan, signal?: AbortSignal): Promise<void> {
    await applyOffsetReset(await this.ready(signal), plan, signal);
  }

  /** The ids of the latest throw-away groups browsing made (all deleted unless `pendingProblems` says otherwise). */
  browseGroupsMade(): readonly string[] {
    return [...this.groups.recent, ...this.tailsEnded, ...[...this.tailGroups].flatMap((g) => g.recent)];
  }

  /** Browse groups that could not be deleted yet (the cluster was away); close() tries again. */
  pendingProblems(): ReadProblem[] {
    return this.groups.size === 0 ? [] : [{ message: `${this.groups.size} browse group(s) wait to be deleted.` }];
  }

  /** The per-type counts of the topics a monitor watches, kept while the same connection is open. */
  private typesOf(context: KafkaContext, connection: () => Promise<FetchConnection>): AppendedTopicTypes {
    if (this.types?.context !== context) {
      const read = fetchTypeRead({ connection, codecs: async () => (await loadKafkaDriver()).CompressionCodecs, identity: context.options.identity, timeoutMs: Math.min(TYPE_READ_TIMEOUT_MS, context.options.operationTimeoutMs ?? TYPE_READ_TIMEOUT_MS) });
      this.types = { context, counts: new AppendedTopicTypes(read) };
    }
    return this.types.counts;
  }

  /** The connection of our own fetches, opened on the first browse or search; undefined when this kafkajs cannot give one. */
  private fetcher(context: KafkaContext, signal?: AbortSignal): Promise<FetchConnection | undefined> {
    this.fetching ??= context.guard(`Connecting to ${context.label} for fetches`, signal, () =>
      FetchConnection.open(context.kafka).catch((error: unknown) => {
        if (error instanceof FetchUnavailable) return undefined;
        throw error;
      }),
    );
    const attempt = this.fetching;
    attempt.catch(() => {
      if (this.fetching === attempt) this.fetching = undefined;
    });
    return attempt;
  }

  private ready(signal?: AbortSignal): Promise<KafkaContext> {
    if (this.context) return Promise.resolve(this.context);
    const invalid = checkKafkaOptions(this.options);
    if (invalid) return Promise.reject(new KafkaConnectorError('other', invalid));
    this.connecting ??= openKafka(this.options, signal).then((context) => (this.context = context));
    const attempt = this.connecting;
    // A failed (or cancelled) attempt is forgotten, so the next call tries again.
    attempt.catch(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    return attempt;
  }
}
