/**
 * What "Run Events Through Bus" sends: the sample flow, an aggregate's whole stream, or one event of it.
 * From the tree's aggregate menu the stream is the default; from the palette a quick pick asks.
 */
import * as vscode from 'vscode';
import { readWholeStream } from '../connectors/eventStoreReads';
import type { FlowEvent } from '../core/envelope';
import { messagesToBusEvents } from '../sandbox/bus/messageEvents';
import { sampleFlowEvents } from '../core/samples';
import type { TreeNode } from '../explorer/treeNode';
import { isTimelineTarget, type TimelineTarget } from '../panels/timeline/timelineDebug';
import { withProgress } from '../ui/progress';
import { resolveDebugTarget } from './debugTarget';
import { pickAggregate } from './pickers';
import type { CommandServices } from './services';

export type BusSourceKind = 'sample' | 'stream' | 'event';

/** What a test or another command may pass instead of a tree node: which events, without asking. */
export interface BusSourceArgument {
  source: BusSourceKind;
  /** For `event`: the version to send (else the user picks). */
  version?: number;
}

/**
 * Broker messages to send (the message browser's, a peek view's), as their connector mapped
 * them; `label` says what they are ("orders [0] @ 12").
 */
export interface BusMessagesArgument {
  source: 'messages';
  label: string;
  messages: FlowEvent[];
}

export interface ChosenBusEvents {
  source: string;
  events: FlowEvent[];
}

export async function chooseBusEvents(services: CommandServices, arg: TreeNode | BusSourceArgument | BusMessagesArgument | TimelineTarget | undefined): Promise<ChosenBusEvents | undefined> {
  if (isMessagesArgument(arg)) return messagesChosen(services, arg);
  if (isTimelineTarget(arg)) {
    // From a timeline: the events A…B the user chose there.
    const target = await resolveDebugTarget(services, arg, 'Run events of which aggregate?');
    const { from, to } = target.range ?? { from: 0, to: target.events.length - 1 };
    const events = target.events.slice(from, to + 1);
    return { source: events.length === 1 ? `${events[0].type} of ${target.aggregateId}` : `events ${from + 1}–${to + 1} of ${target.aggregateId}`, events };
  }
  const node: TreeNode | undefined = isSourceArgument(arg) ? undefined : arg;
  let kind = isSourceArgument(arg) ? arg.source : undefined;
  if (kind === undefined && node?.kind === 'aggregate') kind = 'stream';
  if (kind === undefined) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'The sample flow', description: 'Order-1001: created, items added, paid', source: 'sample' as const },
        { label: "An aggregate's stream", description: 'every event of one aggregate, in order', source: 'stream' as const },
        { label: 'One event', description: 'a chosen event of an aggregate', source: 'event' as const },
      ],
      { title: 'Run which events through the bus?', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    kind = picked.source;
  }
  if (kind === 'sample') return { source: 'the sample flow', events: sampleFlowEvents() };
  const target = await pickAggregate(services, node, kind === 'stream' ? 'Run the stream of which aggregate?' : 'Run an event of which aggregate?');
  const events = await withProgress(`Reading ${target.aggregate.id}`, (signal) => readWholeStream(target.store, target.aggregate.id, { signal }));
  if (events.length === 0) throw new Error(`${target.aggregate.id} has no events`);
  if (kind === 'stream') return { source: `the stream of ${target.aggregate.id}`, events };
  const wanted = isSourceArgument(arg) ? arg.version : undefined;
  let event = wanted === undefined ? undefined : events.find((candidate) => candidate.version === wanted);
  if (wanted !== undefined && event === undefined) throw new Error(`${target.aggregate.id} has no version ${wanted}`);
  if (event === undefined) {
    const picked = await vscode.window.showQuickPick(
      events.map((candidate, index) => ({ label: `v${candidate.version ?? index + 1} ${candidate.type}`, description: candidate.timestamp, event: candidate })).reverse(),
      { title: 'Run which event through the bus?', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    event = picked.event;
  }
  return { source: `${event.type} v${event.version ?? '?'} of ${target.aggregate.id}`, events: [event] };
}

/** Messages whose body is not JSON are named and left out; when none is left, nothing runs. */
function messagesChosen(services: CommandServices, arg: BusMessagesArgument): ChosenBusEvents {
  const { events, refused } = messagesToBusEvents(arg.messages);
  for (const reason of refused) services.log.warn(`Run Through Bus: ${reason}`);
  if (events.length === 0) throw new Error(refused.length === 1 ? refused[0] : `none of the ${arg.messages.length} messages has a JSON body: the bus runs JSON events only.`);
  if (refused.length > 0) void vscode.window.showWarningMessage(`${refused.length} of ${arg.messages.length} messages left out: ${refused[0]}${refused.length > 1 ? ' (the others are in the log)' : ''}`);
  return { source: arg.label, events };
}

export function isMessagesArgument(value: unknown): value is BusMessagesArgument {
  return typeof value === 'object' && value !== null && (value as { source?: unknown }).source === 'messages' && Array.isArray((value as { messages?: unknown }).messages);
}

function isSourceArgument(value: unknown): value is BusSourceArgument {
  return typeof value === 'object' && value !== null && typeof (value as { source?: unknown }).source === 'string' && !('kind' in value);
}
