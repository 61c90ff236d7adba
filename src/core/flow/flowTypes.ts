import type { FlowEvent } from '../envelope';

/** An event a trace found, with the connection and source it was found in. */
export interface FoundEvent {
  event: FlowEvent;
  connectionId: string;
  connectionLabel: string;
  /** The topic, queue or store label searched. */
  source: string;
}

/** One lane per connection: a Kafka cluster, a RabbitMQ broker, a store. */
export interface FlowLane {
  id: string;
  label: string;
  system: string;
}

/** One `x-death` entry: a time the message was dead-lettered, and so retried if it came back. */
export interface FlowRetry {
  reason: string;
  queue: string;
  exchange: string;
  count: number;
  time?: string;
}

/** Two places of one event that name different ids for the same field; the trace uses `used`. */
export interface IdDisagreement {
  field: 'eventId' | 'correlationId' | 'causationId';
  header: string;
  body: string;
  used: string;
}

export interface FlowNode {
  /** Its position in time order; edges and gaps refer to nodes by it. */
  index: number;
  lane: number;
  /** Its position in the list the trace was built from (the found event it shows). */
  foundAt: number;
  eventId: string;
  type: string;
  timestamp: string;
  /** ms since the epoch; absent when the source recorded no time. */
  time?: number;
  system: string;
  /** Where it was read, in words (topic [partition] @ offset, exchange → queue (key …), store › aggregate v3). */
  place: string;
  /** The topic, queue or store it was found in. */
  source: string;
  correlationId?: string;
  causationId?: string;
  traceId?: string;
  /** The span that sent it (W3C parent-id). */
  spanId?: string;
  aggregateId?: string;
  version?: number;
  retries: FlowRetry[];
  disagreements: IdDisagreement[];
}

/**
 * How an effect is tied to what came before it:
 * - `relay`: the same message (same event id) seen again in another place;
 * - `caused`: its causation id names that event;
 * - `span`: sent from the span the earlier event was sent from (a hop that copied its trace context);
 * - `time`: nothing names a cause; the event before it within the correlation.
 */
export type FlowEdgeKind = 'relay' | 'caused' | 'span' | 'time';

export interface FlowEdge {
  from: number;
  to: number;
  kind: FlowEdgeKind;
  /** `to`'s time minus `from`'s; negative when the clocks of two systems disagree. Absent without both times. */
  latencyMs?: number;
}

/** An event that names a cause the trace did not find. */
export interface FlowGap {
  node: number;
  missingEventId: string;
}

export interface FlowTrace {
  lanes: FlowLane[];
  nodes: FlowNode[];
  edges: FlowEdge[];
  gaps: FlowGap[];
  /** What the trace saw that a reader should know: cycles, self-causes, disagreeing ids, clock skew, a bound hit. */
  notes: string[];
  /** Set when more events were found than a trace keeps: how many were left out. */
  leftOut: number;
}
