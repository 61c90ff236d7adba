/**
 * The moving figures of one connection, in words every kind shares: per source (a topic, a queue) its
 * counts, depths and rates; per consumer group its state and lag in messages and in time; for a store its
 * event count. A subscriber says which sources and groups it wants; a sampler reads the union once a tick.
 */

import { typeRates } from '../../core/typeCounts';

/** A topic or queue by name; `scope` is where the name lives when a connection has several (a RabbitMQ virtual host). */
export interface SourceTarget {
  name: string;
  scope?: string;
}

export interface FiguresRequest {
  /** Sources whose counts, depths and rates are read. */
  sources: readonly SourceTarget[];
  /** Consumer groups whose state and members are read. */
  groups: readonly string[];
  /** Consumer groups whose lag per partition is read too, in messages and in time (the age of the oldest unread message). */
  lagOf: readonly string[];
  /**
   * false: the lag in messages only, not its age. Reading the age means reading the record at each committed
   * offset, which costs many times the rest; a monitor polling every second estimates it from the offsets it
   * sees over time instead (`LagTimeTable`). Read when any subscriber wanting lag leaves this unset.
   */
  lagAge?: boolean;
  /** An event store's event count. */
  events?: boolean;
  /** Events counted per type as well, from the first reading that asks (bounded: the rest as "other"), where the source knows types. */
  eventTypes?: boolean;
  /**
   * Sources (each also in `sources`) whose messages are counted per type, from the first reading that asks
   * (`SourceFigures.eventTypes`), where the broker can read types (a Kafka topic). A source not asked for
   * any more is forgotten: asking again counts afresh.
   */
  eventTypesOf?: readonly SourceTarget[];
  /**
   * Scopes whose sources are counted, and named where that is cheap (`Figures.inventory`): so a list can tell
   * that a source appeared or went. `''` is a connection's one scope (Kafka's topics); a RabbitMQ vhost otherwise.
   */
  inventory?: readonly string[];
  /** Whether every consumer group is named (`Figures.allGroups`). */
  allGroups?: boolean;
}

export const NO_TARGETS: FiguresRequest = { sources: [], groups: [], lagOf: [] };

export interface PartitionFigures {
  partition: number;
  earliest: bigint;
  latest: bigint;
}

export interface SourceFigures extends SourceTarget {
  /** Messages held now (a topic: latest − earliest summed; a queue: ready + unacked). */
  messages?: number;
  /** Messages ever written, where the broker counts them (a topic's end offsets summed): what a rate is taken from. */
  produced?: bigint;
  /** A queue's depth: waiting, and delivered but not yet acknowledged. */
  ready?: number;
  unacked?: number;
  consumers?: number;
  /** Messages per second in and out: the broker's own figure, or worked out from two samples' counts (`withRates`). */
  publishRate?: number;
  deliverRate?: number;
  /** A topic's partitions and their offsets. */
  partitions?: PartitionFigures[];
  /** Messages per type since counting began (`FiguresRequest.eventTypesOf`), bounded as a store's `eventTypes`. */
  eventTypes?: [string, number][];
  /** Why `eventTypes` counted less than every message since the last reading (a reading's bound cut it). */
  eventTypesNote?: string;
  /** Messages per second per type, from two samples' `eventTypes`. */
  eventTypeRates?: [string, number][];
}

export interface PartitionLagFigures {
  source: string;
  partition: number;
  /** The group's committed offset; absent when it committed nothing there. */
  committed?: bigint;
  earliest?: bigint;
  latest: bigint;
  /** Messages not yet consumed. */
  lag: bigint;
  /** Age of the oldest unconsumed message (ms), when there is lag and its lag was asked for. */
  lagMs?: number;
}

export interface GroupFigures {
  group: string;
  state: string;
  members: number;
  /** Only for the groups in `lagOf`. */
  lag?: {
    partitions: PartitionLagFigures[];
    /** Summed over partitions with a committed offset. */
    total: bigint;
    /** Partitions with a committed offset: 0 means the group has no lag to speak of (not a lag of 0). */
    committedPartitions: number;
  };
}

export interface Figures {
  /** Every source asked for that exists; one asked for and missing is gone. */
  sources: SourceFigures[];
  /** Every group asked for that exists. */
  groups: GroupFigures[];
  /** An event store's event count. */
  events?: number;
  /** Events per second, from two samples' counts. */
  eventRate?: number;
  /** Why a store asked for `eventTypes` gives none: what the monitor says under its chart. */
  eventTypesWhyNot?: string;
  /** Events per type since counting began (`FiguresRequest.eventTypes`), at most a bounded number of types with the rest as "other". */
  eventTypes?: [string, number][];
  /** Events per second per type, from two samples' `eventTypes`. */
  eventTypeRates?: [string, number][];
  /** Per scope asked for in `inventory`: how many sources it holds, and their names when the broker lists them cheaply. */
  inventory?: { scope: string; count: number; names?: string[] }[];
  /** Every consumer group, when `allGroups` was asked for. */
  allGroups?: string[];
}

/** What reads a connection's figures: `Broker.sampleFigures`, and an `EventStore`'s when it has one. */
export interface FiguresReader {
  sampleFigures(request: FiguresRequest, signal?: AbortSignal): Promise<Figures>;
}

export const sourceKey = (target: SourceTarget): string => (target.scope === undefined ? target.name : `${target.scope}\u0000${target.name}`);

/** Every subscriber's targets as one request, each named once. */
export function unionOf(requests: readonly FiguresRequest[]): FiguresRequest {
  const sources = new Map<string, SourceTarget>();
  const groups = new Set<string>();
  const lagOf = new Set<string>();
  const typed = new Map<string, SourceTarget>();
  for (const request of requests) {
    for (const source of request.sources) sources.set(sourceKey(source), source);
    for (const source of request.eventTypesOf ?? []) typed.set(sourceKey(source), source);
    for (const group of request.groups) groups.add(group);
    for (const group of request.lagOf) lagOf.add(group);
  }
  const events = requests.some((request) => request.events === true);
  const eventTypes = requests.some((request) => request.eventTypes === true);
  const inventory = [...new Set(requests.flatMap((request) => request.inventory ?? []))];
  const allGroups = requests.some((request) => request.allGroups === true);
  const wantingLag = requests.filter((request) => request.lagOf.length > 0);
  const noAge = wantingLag.length > 0 && wantingLag.every((request) => request.lagAge === false);
  return { sources: [...sources.values()], groups: [...groups], lagOf: [...lagOf], ...(noAge ? { lagAge: false } : {}), ...(events ? { events } : {}), ...(eventTypes ? { eventTypes } : {}), ...(typed.size > 0 ? { eventTypesOf: [...typed.values()] } : {}), ...(inventory.length > 0 ? { inventory } : {}), ...(allGroups ? { allGroups } : {}) };
}

/** Whether a request asks for nothing: then nothing is read (and a closed connection is not opened for it). */
export function isEmptyRequest(request: FiguresRequest): boolean {
  return request.sources.length === 0 && request.groups.length === 0 && request.lagOf.length === 0 && request.events !== true && (request.inventory ?? []).length === 0 && request.allGroups !== true;
}

/**
 * The figures with the rates the broker did not give, from the counts of the sample before: a topic's
 * messages in per second from its end offsets, a store's events per second, per type too (a store's, a
 * topic's). A count that went down (a
 * topic deleted and made again, a store file replaced) gives no rate rather than a negative one.
 */
export function withRates(current: { at: number; figures: Figures }, previous: { at: number; figures: Figures } | undefined): Figures {
  if (previous === undefined) return current.figures;
  const seconds = (current.at - previous.at) / 1000;
  if (!(seconds > 0)) return current.figures;
  const before = new Map(previous.figures.sources.map((s) => [sourceKey(s), s]));
  const perSecond = (now: number | bigint, then: number | bigint): number | undefined => {
    const moved = Number(now) - Number(then);
    return moved >= 0 ? moved / seconds : undefined;
  };
  const sources = current.figures.sources.map((source) => {
    const earlier = before.get(sourceKey(source));
    const then = earlier?.produced;
    const typeRatesOf = source.eventTypes !== undefined && earlier?.eventTypes !== undefined && source.eventTypeRates === undefined ? typeRates(source.eventTypes, earlier.eventTypes, seconds) : undefined;
    const typed = typeRatesOf === undefined ? source : { ...source, eventTypeRates: typeRatesOf };
    if (typed.publishRate !== undefined || typed.produced === undefined || then === undefined) return typed;
    const rate = perSecond(typed.produced, then);
    return rate === undefined ? typed : { ...typed, publishRate: rate };
  });
  const figures: Figures = { ...current.figures, sources };
  if (current.figures.events !== undefined && previous.figures.events !== undefined && current.figures.eventRate === undefined) {
    const rate = perSecond(current.figures.events, previous.figures.events);
    if (rate !== undefined) figures.eventRate = rate;
  }
  if (current.figures.eventTypes !== undefined && previous.figures.eventTypes !== undefined && current.figures.eventTypeRates === undefined) {
    const rates = typeRates(current.figures.eventTypes, previous.figures.eventTypes, seconds);
    if (rates !== undefined) figures.eventTypeRates = rates;
  }
  return figures;
}
