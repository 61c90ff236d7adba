/**
 * The messages between the extension and the RabbitMQ topology webview: the host sends a vhost's graph
 * (exchanges and queues with counts, bindings, dead-letter and delay edges); the webview lays it out and
 * asks the host to open a node (a queue's peek view, an exchange with its bindings in the tree), to reveal
 * one in the tree or to read the topology again. What the webview sends is
 * checked with `parseTopologyMessage` before use.
 */
import * as v from 'valibot';
import { boundedString, parseMessage, readyMessageSchema, type ErrorMessage, type NoticeMessage, type ParsedMessage } from './common';

export interface TopologyNode {
  /** `exchange:<name>` or `queue:<name>`. */
  id: string;
  kind: 'exchange' | 'queue';
  name: string;
  /** Exchange type, or queue type. */
  detail: string;
  counts?: { ready: number; unacked: number; consumers: number };
  marks: ('dlq' | 'delay')[];
}

export interface TopologyEdge {
  from: string;
  to: string;
  kind: 'binding' | 'dead-letter' | 'delay';
  /** The routing key, or what the edge means. */
  label: string;
}

export interface TopologyGraph {
  broker: string;
  vhost: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** When the graph was read (ISO 8601). */
  readAt: string;
}

export type TopologyToWebview = { type: 'graph'; graph: TopologyGraph } | ErrorMessage | NoticeMessage;

function nodeIdSchema() {
  return v.pipe(boundedString(600), v.regex(/^(exchange|queue):/, 'nodeId must start with exchange: or queue:'));
}

/** `reveal` selects the node in the tree; `openNode` opens it (a queue: its peek view; an exchange: it and its bindings in the tree). */
export const topologyMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('refresh') }),
  v.strictObject({ type: v.literal('reveal'), nodeId: nodeIdSchema() }),
  v.strictObject({ type: v.literal('openNode'), nodeId: nodeIdSchema() }),
]);

export type TopologyToHost = v.InferOutput<typeof topologyMessageSchema>;

export function parseTopologyMessage(raw: unknown): ParsedMessage<TopologyToHost> {
  return parseMessage(topologyMessageSchema, raw);
}

/** The first view the page carries: the graph, so it draws before the host answers `ready`. */
export interface TopologyFirstView {
  graph: TopologyGraph;
}
