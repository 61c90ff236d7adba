/**
 * The messages between the extension and the flow view: the host sends the trace found so far (lanes,
 * nodes in time order, edges, gaps, notes) with how each source answered, again each time one answers;
 * the webview draws it and asks the host to open a node, export the trace, widen the time window, keep
 * following or stop.
 * What the webview sends is checked with `parseFlowMessage` before use.
 */
import * as v from 'valibot';
import type { FlowEdge, FlowEdgeKind, FlowGap, FlowLane, FlowNode, FlowRetry, FlowTrace, IdDisagreement } from '../core/flow/flowTypes';
import { indexSchema, parseMessage, readyMessageSchema, type ErrorMessage, type NoticeMessage, type ParsedMessage } from './common';

export type { FlowEdge, FlowEdgeKind, FlowGap, FlowLane, FlowNode, FlowRetry, FlowTrace, IdDisagreement };

/** How one source answered: still reading, answered (with how many found), failed (why), or left out by the plan. */
export interface FlowSourceStatus {
  /** Connection › topic, queue or store. */
  label: string;
  state: 'reading' | 'answered' | 'failed' | 'left-out';
  /** The reason it failed or was left out; what the read did and its notes once it answered. */
  detail: string;
  found: number;
}

export interface FlowViewModel {
  /** What is followed: "correlation id … and trace id …". */
  title: string;
  /** The time window searched, in words. */
  window: string;
  trace: FlowTrace;
  sources: FlowSourceStatus[];
  /** Sources are still being read. */
  running: boolean;
  /** A wider window can still be searched. */
  canWiden: boolean;
  /** Some source can be followed for new events (a topic's tail, a store); absent: none. */
  canFollow?: boolean;
  /** New events are being followed (Keep Following), until Stop or the view closes. */
  following?: boolean;
}

export type FlowToWebview = { type: 'flow'; view: FlowViewModel } | ErrorMessage | NoticeMessage;

export const flowMessageSchema = v.variant('type', [
  readyMessageSchema(),
  v.strictObject({ type: v.literal('openNode'), index: indexSchema() }),
  v.strictObject({ type: v.literal('export'), format: v.picklist(['ndjson', 'mermaid']) }),
  v.strictObject({ type: v.literal('widen') }),
  v.strictObject({ type: v.literal('follow') }),
  v.strictObject({ type: v.literal('stop') }),
]);

export type FlowToHost = v.InferOutput<typeof flowMessageSchema>;

export function parseFlowMessage(raw: unknown): ParsedMessage<FlowToHost> {
  return parseMessage(flowMessageSchema, raw);
}

/** The first view the page carries, so it draws before the host answers `ready`. */
export interface FlowFirstView {
  view: FlowViewModel;
}
