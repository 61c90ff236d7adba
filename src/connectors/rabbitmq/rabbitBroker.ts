import type { Broker, BrowsePage, BrowseRequest, BrowseStart, OutgoingMessage, PublishDestination, PublishReceipt } from '../broker';
import type { Figures, FiguresRequest } from '../reads/figures';
import { readRabbitFigures } from './rabbitFigures';
import { AmqpSession } from './amqpSession';
import { InMemoryDeliveryLimits, type DeliveryLimitMemory } from './deliveryLimitGuard';
import { describeError, RabbitError } from './errors';
import { ManagementClient, type QueuePageRequest } from './management';
import { DEFAULT_TIMEOUT_MS, maskSecret, maskUrl, parseAmqpUrl, parseManagementUrl, secretSpellings, type AmqpEndpoint, type RabbitOptions } from './options';
import type { FlowEvent } from '../../core/envelope';
import { sameMessage, reidentify, type PeekedMessage } from './messages';
import { readNewestWithoutEffect } from './newestMessage';
import { planQueueRead } from './queueReadPlan';
import { channelLimit, type ChannelMap, type ChannelRequest } from '../reads/channels';
import type { SourcePlan } from '../reads/readPlan';
import type { SourceSearchRequest, SourceSearchResult } from '../reads/search';
import { searchQueue } from './queueSearch';
import { peekQueue, type PeekResult } from './peek';
import { HeldPeeks, pageOf, QUEUE_BROWSE_WINDOW } from './queuePages';
import { publishConfirmed } from './publish';
import { redrive, type RedriveReport, type RedriveRequest } from './redrive';
import { planRedrive, DEFAULT_MAX_REDRIVES, type RedriveDestination, type RedrivePlan, type RedriveSelection } from './redrivePlan';
import { declareSampleTopology, sampleMessages, sampleTopologyNames, type SampleTopologyNames } from './sampleTopology';
import { readStream, type StreamReadResult, type StreamStart } from './streamRead';
import { tailStream, tailStreamTypes } from './streamTail';
import { AppendedStreamTypes } from './appendedStreamTypes';
import type { TailOptions, TailRequest } from '../browsing';
import { topologyChannels } from './rabbitChannels';
import { markQueues } from './topologyMarks';
import type { QueueInfo, QueuePage, Topology, VhostInfo } from './topologyTypes';

/** How long a queue's type and delivery limit are trusted without asking the management API again. */
const QUEUE_KIND_TTL_MS = 10_000;

export interface HalfStatus {
  ok: boolean;
  /** What answered (server version, user) or why it failed. */
  detail: string;
  error?: RabbitError;
}

export interface PeekOptions {
  limit: number;
  /** Stream queues only: where to start (default: the first message). */
  start?: StreamStart;
  signal?: AbortSignal;
  maxPreviewBytes?: number;
  /** Bodies up to this size are kept whole (default 256 KB); larger ones as their first bytes, `fetchBody` reads them whole. */
  maxBodyBytes?: number;
  /** Classic and quorum queues: the most the peek holds in memory (default 64 MB); it keeps fewer messages past it. */
  maxBytes?: number;
  /** Keep this position's body whole, whatever its size. */
  wholeAt?: number;
}

export type PeekOutcome = ({ kind: 'queue' } & PeekResult) | ({ kind: 'stream' } & StreamReadResult);

/**
 * One RabbitMQ broker: AMQP (amqplib, loaded on first connect) for publishing and reading, the
 * management HTTP API for listing and counts. Every message it produces is free of the password.
 */
export class RabbitBroker implements Broker {
  readonly kind = 'rabbitmq' as const;
  readonly label: string;
  readonly vhost: string;
  readonly management: ManagementClient;
  private readonly endpoint: AmqpEndpoint;
  private readonly timeoutMs: number;
  private readonly sessions = new Map<string, AmqpSession>();
  private readonly spellings: string[];
  private readonly queueKinds = new Map<string, { info: QueueInfo; at: number }>();
  private readonly heldPeeks = new HeldPeeks();
  /** A monitor's streams, each followed from its next offset while asked, their messages counted per type. */
  private readonly streamTypes = new AppendedStreamTypes((vhost, stream, onMessages, signal) => tailStreamTypes(this.session(vhost), vhost, stream, onMessages, signal, this.options.identity));

  constructor(
    private readonly options: RabbitOptions,
    private readonly deliveryLimits: DeliveryLimitMemory = new InMemoryDeliveryLimits(),
  ) {
    this.spellings = secretSpellings(options.username, options.password);
    try {
      this.endpoint = parseAmqpUrl(options.amqpUrl);
    } catch (error) {
      throw new RabbitError('amqp', 'invalid', this.mask(describeError(error)));
    }
    let managementUrl: string;
    try {
      managementUrl = parseManagementUrl(options.managementUrl);
    } catch (error) {
      throw new RabbitError('management', 'invalid', this.mask(describeError(error)));
    }
    this.vhost = this.endpoint.vhost;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.label = `${this.options.username}@${this.endpoint.protocol}://${this.endpoint.hostname}:${this.endpoint.port}/${encodeURIComponent(this.vhost)}`;
    this.management = new ManagementClient({ baseUrl: managementUrl, username: options.username, password: options.password, timeoutMs: this.timeoutMs, tls: options.tls, mask: (text) => this.mask(text) });
  }

  /** Any text with the password (in any spelling) and URL credentials masked. */
  mask(text: string): string {
    return maskSecret(text, this.spellings);
  }

  get managementLabel(): string {
    return maskUrl(this.options.managementUrl);
  }

  /** The AMQP connection of one vhost (the URL's own by default), opened on first use. */
  session(vhost = this.vhost): AmqpSession {
    let session = this.sessions.get(vhost);
    if (!session) {
      session = new AmqpSession(this.options, { ...this.endpoint, vhost }, this.timeoutMs, (text) => this.mask(text));
      this.sessions.set(vhost, session);
    }
    return session;
  }

  /** Opens the AMQP connection; the management API is checked by `checkHalves`. */
  async connect(signal?: AbortSignal): Promise<void> {
    await this.session().connection(signal);
  }

  /** Tests both halves side by side: what the "test connection" step and the tree's error node say. */
  async checkHalves(signal?: AbortSignal): Promise<{ amqp: HalfStatus; management: HalfStatus }> {
    const [amqp, management] = await Promise.all([
      this.session()
        .connection(signal)
        .then((model): HalfStatus => ({ ok: true, detail: `RabbitMQ ${String(model.connection.serverProperties.version ?? '?')}` }))
        .catch((error: unknown): HalfStatus => this.failedHalf('amqp', error)),
      this.management
        .whoami(signal)
        .then((who): HalfStatus => ({ ok: true, detail: `signed in as ${who.name}${who.tags ? ` (${who.tags})` : ''}` }))
        .catch((error: unknown): HalfStatus => this.failedHalf('management', error)),
    ]);
    return { amqp, management };
  }

  private failedHalf(half: 'amqp' | 'management', error: unknown): HalfStatus {
    const failure = error instanceof RabbitError ? error : new RabbitError(half, 'other', this.mask(describeError(error)));
    return { ok: false, detail: failure.message, error: failure };
  }

  async close(): Promise<void> {
    this.heldPeeks.clear();
    this.streamTypes.dispose();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((session) => session.close()));
  }

  publish(destination: PublishDestination, messages: OutgoingMessage[], signal?: AbortSignal): Promise<PublishReceipt[]> {
    return publishConfirmed(this.session(), destination, messages, signal);
  }

  // --- listing (management API) ---------------------------------------------------------------

  vhosts(signal?: AbortSignal): Promise<VhostInfo[]> {
    return this.management.vhosts(signal);
  }

  queuePage(vhost: string, request: QueuePageRequest = {}): Promise<QueuePage> {
    return this.management.queuePage(vhost, request);
  }

  queueInfo(queue: string, vhost = this.vhost, signal?: AbortSignal): Promise<QueueInfo> {
    return this.management.queue(vhost, queue, signal);
  }

  /**
   * What a peek must know of a queue (its type and delivery limit), from the management API, kept for a
   * short while: they change only when the queue is deleted and declared again, and a peek that repeats
   * (the next page, a refresh) should not wait for the API each time.
   */
  private async queueKind(queue: string, vhost: string, signal?: AbortSignal): Promise<QueueInfo> {
    const key = `${vhost}\u0000${queue}`;
    const known = this.queueKinds.get(key);
    if (known && Date.now() - known.at < QUEUE_KIND_TTL_MS) return known.info;
    const info = await this.queueInfo(queue, vhost, signal);
    this.queueKinds.set(key, { info, at: Date.now() });
    return info;
  }

  /** A whole vhost: exchanges, bindings, every queue, and the DLQ and delay marks. */
  async topology(vhost = this.vhost, signal?: AbortSignal): Promise<Topology> {
    const [exchanges, bindings, queues] = await Promise.all([this.management.exchanges(vhost, signal), this.management.bindings(vhost, signal), this.management.allQueues(vhost, signal)]);
    return { vhost, exchanges, bindings, queues, marks: markQueues(queues, exchanges, bindings) };
  }

  /**
   * The vhost's exchanges, queues and streams as channels with their bindings and dead-letter links: at most
   * `limit` exchanges and `limit` queues (by name), saying in `capped` what it left out.
   */
  async channels(request: ChannelRequest, vhost = this.vhost): Promise<ChannelMap> {
    const limit = channelLimit(request);
    const { signal } = request;
    // Bindings come in one call: the API does not page them.
    const [exchanges, bindings, queues] = await Promise.all([this.management.exchangesUpTo(vhost, limit, signal), this.management.bindings(vhost, signal), this.management.queuesUpTo(vhost, limit, signal)]);
    const topology: Topology = { vhost, exchanges: exchanges.items, bindings, queues: queues.items, marks: markQueues(queues.items, exchanges.items, bindings) };
    return topologyChannels(request.connectionId, topology, { limit, exchangesInAll: exchanges.total, queuesInAll: queues.total });
  }

  // --- reading ----------------------------------------------------------------------------------

  /**
   * The first messages of a queue, leaving it as it was (classic and quorum: taken and returned; streams:
   * read from an offset). The queue's type and delivery limit come from the management API; if it cannot
   * say, the peek is refused rather than risk dead-lettering quorum messages.
   */
  async peek(queue: string, options: PeekOptions, vhost = this.vhost): Promise<PeekOutcome> {
    let info: QueueInfo;
    try {
      info = await this.queueKind(queue, vhost, options.signal);
    } catch (error) {
      if (error instanceof RabbitError && error.kind === 'not-found') throw new RabbitError('management', 'not-found', `queue ${queue} does not exist in vhost ${vhost}`);
      throw new RabbitError('management', error instanceof RabbitError ? error.kind : 'other', `Not peeking ${queue}: its type and delivery limit are unknown (${describeError(error)}); peeking a quorum queue blindly could dead-letter messages.`);
    }
    const { signal, maxPreviewBytes, maxBodyBytes } = options;
    if (info.type === 'stream') {
      const read = await readStream(this.session(vhost), vhost, { queue, start: options.start ?? { from: 'first' }, limit: options.limit, signal, maxPreviewBytes, maxBodyBytes });
      reidentify(read.messages, this.options.identity);
      return { kind: 'stream', ...read };
    }
    const deliveryLimit = info.type === 'quorum' ? info.arguments.deliveryLimit : undefined;
    const target = { vhost, queue, ...(deliveryLimit === undefined ? {} : { deliveryLimit }), returnsToTail: info.type === 'quorum' && deliveryLimit === undefined };
    const result = await peekQueue(this.session(vhost), target, { queue, limit: options.limit, signal, maxPreviewBytes, maxBodyBytes, maxBytes: options.maxBytes, wholeAt: options.wholeAt }, this.deliveryLimits);
    reidentify(result.messages, this.options.identity);
    return { kind: 'queue', ...result };
  }

  /**
   * The whole body of a message a read kept only the first bytes of (`wholeSize`): read again from the
   * stream at its offset, or peeked again up to its position (the same effects as a peek: a classic queue
   * marks them redelivered, a quorum queue with a delivery limit counts a delivery, and refuses at the
   * limit). Refused when the message there is no longer the one first read (id, size and first bytes).
   */
  async fetchBody(queue: string, message: PeekedMessage, vhost = this.vhost, signal?: AbortSignal): Promise<Uint8Array> {
    if (message.wholeSize === undefined) return message.body;
    const outcome =
      message.streamOffset !== undefined
        ? await this.peek(queue, { limit: 1, start: { from: 'offset', offset: Number(message.streamOffset) }, maxBodyBytes: Number.POSITIVE_INFINITY, signal }, vhost)
        : await this.peek(queue, { limit: message.position + 1, wholeAt: message.position, maxBodyBytes: 0, maxBytes: Number.POSITIVE_INFINITY, signal }, vhost);
    const found = outcome.kind === 'stream' ? outcome.messages[0] : outcome.messages[message.position];
    if (!found || !sameMessage(found, message)) {
      throw new RabbitError('amqp', 'not-found', `The message at position ${message.position} of ${queue} is no longer the one peeked (the queue changed): peek again to see its body.`);
    }
    return found.body;
  }

  /** What reading the queue does (see `planQueueRead`); a stream changes nothing, a quorum queue at its limit is refused. */
  async planRead(queue: string, signal?: AbortSignal, vhost = this.vhost): Promise<SourcePlan> {
    return planQueueRead(await this.queueKind(queue, vhost, signal), this.deliveryLimits);
  }

  /** A stream's newest message; a classic or quorum queue is not read (see `readNewestWithoutEffect`). */
  async newestWithoutEffect(queue: string, vhost: string | undefined, signal?: AbortSignal): Promise<{ event: FlowEvent } | { unread: string }> {
    const newest = await readNewestWithoutEffect(this, queue, vhost ?? this.vhost, signal);
    return 'message' in newest ? { event: newest.message.event } : newest;
  }

  /** A live tail of a stream queue (see `tailStream`); any other queue cannot be read again without peeking it again. */
  async tail(request: TailRequest, options: TailOptions, vhost = this.vhost): Promise<void> {
    const kind = await this.queueKind(request.source, vhost, request.signal);
    if (kind.type !== 'stream') throw new RabbitError('amqp', 'invalid', `${request.source} is a ${kind.type} queue: only a stream can be followed without peeking it again`);
    await tailStream(this.session(vhost), vhost, request, options, this.options.identity);
  }

  /** One queue searched once, as its plan says (see `searchQueue`). */
  async search(request: SourceSearchRequest, vhost = this.vhost): Promise<SourceSearchResult> {
    const plan = await this.planRead(request.source, request.signal, vhost);
    return searchQueue(plan, (options) => this.peek(request.source, options, vhost), request);
  }

  /** Queue depths, consumers and rates from the management API, for a sampler (see `readRabbitFigures`). */
  async sampleFigures(request: FiguresRequest, signal?: AbortSignal): Promise<Figures> {
    return readRabbitFigures(this.management, this.vhost, request, signal, this.streamTypes);
  }

  /** Every queue and stream of the vhost: what a search of the whole broker reads. */
  async listSources(signal?: AbortSignal, vhost = this.vhost): Promise<string[]> {
    return (await this.management.allQueues(vhost, signal)).map((q) => q.name);
  }

  /**
   * The `Broker` view of a read: stream queues are read from an offset (cursors are offsets); classic and
   * quorum queues are peeked once, on the first page, and every next page is a slice of that held peek
   * (`HeldPeeks`), never a peek again from the head. Each page carries what the peek did (`effects`).
   */
  async browse(request: BrowseRequest): Promise<BrowsePage> {
    const start = request.start;
    const vhost = this.vhost;
    if (start.from === 'cursors') {
      const held = this.heldPeeks.get(vhost, request.source);
      const next = Number(start.cursors[0]?.next ?? 0);
      if (held) return pageOf(held, next, request.limit, false);
    }
    // A stream is read for the page alone (reading changes nothing); a queue's peek serves the pages after it too.
    const kind = await this.queueKind(request.source, vhost, request.signal).catch(() => undefined);
    const limit = kind?.type === 'stream' ? request.limit : QUEUE_BROWSE_WINDOW;
    const outcome = await this.peek(request.source, { limit, start: toStreamStart(start), signal: request.signal }, vhost);
    if (outcome.kind === 'stream') {
      return { events: outcome.messages.map((m) => m.event), cursors: outcome.nextOffset === undefined ? [] : [{ partition: 0, next: String(outcome.nextOffset) }], reachedEnd: outcome.reachedEnd, problems: outcome.problems };
    }
    this.heldPeeks.hold(vhost, request.source, outcome);
    const page = pageOf(outcome, 0, request.limit, true);
    // A cursor whose held peek was dropped (the broker closed, other queues browsed since): one new peek, said so.
    if (start.from === 'cursors') {
      page.problems.push({ message: `The peek behind the earlier pages of ${request.source} was no longer held: peeked it again from its head, so this page starts there.` });
    }
    return page;
  }

  // --- writing ----------------------------------------------------------------------------------

  async declareSampleTopology(prefix = '', vhost = this.vhost, signal?: AbortSignal): Promise<SampleTopologyNames> {
    const names = sampleTopologyNames(prefix);
    await declareSampleTopology(this.session(vhost), names, signal);
    return names;
  }

  /** The sample Order flow to the sample topology's exchange; returns how many messages were confirmed. */
  async publishSampleEvents(options: { prefix?: string; orders?: number; vhost?: string; signal?: AbortSignal } = {}): Promise<number> {
    const messages = sampleMessages({ orders: options.orders });
    await publishConfirmed(this.session(options.vhost), { name: sampleTopologyNames(options.prefix).exchange }, messages, options.signal);
    return messages.length;
  }

  async purge(queue: string, vhost = this.vhost, signal?: AbortSignal): Promise<number> {
    return this.session(vhost).withChannel('plain', async (channel) => (await channel.purgeQueue(queue)).messageCount, signal);
  }

  /** The dry run: peeks the first `limit` messages and says what a redrive would send where. */
  async planRedrive(queue: string, options: { destination: RedriveDestination; selection?: RedriveSelection; maxRedrives?: number; limit: number; vhost?: string; signal?: AbortSignal }): Promise<RedrivePlan> {
    const outcome = await this.peek(queue, { limit: options.limit, signal: options.signal }, options.vhost);
    if (outcome.kind === 'stream') throw new RabbitError('amqp', 'invalid', `${queue} is a stream: its messages cannot be moved, only read`);
    return planRedrive(outcome.messages, { destination: options.destination, selection: options.selection ?? 'all', maxRedrives: options.maxRedrives ?? DEFAULT_MAX_REDRIVES });
  }

  redrive(request: RedriveRequest, vhost = this.vhost): Promise<RedriveReport> {
    return redrive(this.session(vhost), request);
  }
}

/** Where a stream read starts for a browse request (queues ignore it: a peek starts at the head). */
function toStreamStart(start: BrowseStart): StreamStart {
  if (start.from === 'latest') return { from: 'last', count: start.count };
  if (start.from === 'offset') return { from: 'offset', offset: Number(start.offset) };
  if (start.from === 'timestamp') return { from: 'timestamp', timestamp: start.timestamp };
  if (start.from === 'cursors') return { from: 'offset', offset: Number(start.cursors[0]?.next ?? 0) };
  return { from: 'first' };
}
