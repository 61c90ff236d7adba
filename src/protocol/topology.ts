/**
 * The messages between the extension and the topology webview: the host sends a graph of channels (what
 * carries events: nodes that route or hold messages, and their readers) and the links between them (routes,
 * dead-letter and delay edges, reads); the webview lays it out and asks the host to open a node (what that
 * does is the node's `action`), to reveal one in the tree or to read the graph again. Nothing here names a
 * broker: the host maps its kind's channels to this. What the webview sends is checked with
 * `parseTopologyMessage` before use.
 */
import * as v from 'valibot';
import { boundedString, parseMessage, readyMessageSchema, type ErrorMessage, type NoticeMessage, type ParsedMessage } from './common';

/** A figure a node shows (`3 ready`), on the node itself or only in its tooltip. */
export interface TopologyFigure {
  label: string;
  value: number;
  /** Shown in the tooltip only. */
  tooltipOnly?: boolean;
}

/** One channel: something that carries events (routes them on, or holds them for readers), or a reader of channels. */
export interface TopologyNode {
  /** The channel's id, opaque to the view: what it sends back to open or reveal the node. */
  id: string;
  /** What its connection's kind calls it, as plain text: shown, and a class the node is styled by. */
  kind: string;
  /** `routes`: passes messages on, keeps none; `holds`: keeps them for readers; `reads`: reads other nodes. */
  role: 'routes' | 'holds' | 'reads';
  name: string;
  /** Its sort as its kind names it (a type, a policy, a state). */
  detail: string;
  figures: TopologyFigure[];
  /** `dlq`: other channels' dead letters land here; `delay`: holds each message for a time, then sends it on. */
  marks: ('dlq' | 'delay')[];
  /** What a click on it does, in words: "open its peek view". */
  action: string;
}

/** `route`: messages go on from one to the other when the label's key matches; `dead-letter` / `delay`: where rejected or expired messages go; `reads`: a reader consuming a channel. */
export type TopologyEdgeKind = 'route' | 'dead-letter' | 'delay' | 'reads';

export interface TopologyEdge {
  from: string;
  to: string;
  kind: TopologyEdgeKind;
  /** The routing key, or what the edge means. */
  label: string;
}

export interface TopologyGraph {
  /** The connection's label. */
  connection: string;
  /** The part of the connection drawn, as its kind names it. */
  scope: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** When the graph was read (ISO 8601). */
  readAt: string;
  /** Set when the reading stopped at its limit: what it left out, in words. */
  capped?: string;
}

export type TopologyToWebview = { type: 'graph'; graph: TopologyGraph } | ErrorMessage | NoticeMessage;

/** A node's id as the graph gave it; the host opens only ids of the graph it drew. */
function nodeIdSchema() {
  return v.pipe(boundedString(600), v.minLength(1, 'nodeId is empty'));
}

/** `reveal` selects the node in the tree; `openNode` does what the node's `action` says. */
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
