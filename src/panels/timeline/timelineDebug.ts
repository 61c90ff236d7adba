/**
 * The timeline's debugger requests that need the editor: the "stop when" breakpoint (evaluated in the
 * sandbox while playing), Copy Link, Go to Code, and the engine features started for this aggregate
 * (what-if, upcaster preview, snapshot drift, a generated test, Debug Reducer, a bus run), each a command.
 */
import * as vscode from 'vscode';
import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import { buildTimelineLink } from '../../deepLinks/deepLink';
import type { ExtensionToWebview, TimelineTool, WebviewToExtension } from '../../protocol/timeline';
import { COMMANDS } from '../../ui/commandIds';
import type { TimelineSession } from './timelineSession';

/** What a command started from the timeline acts on: this aggregate, and the range A…B the user chose. */
export interface TimelineTarget {
  kind: 'timelineTarget';
  connectionId: string;
  aggregateId: string;
  aggregateType: string;
  /** Stream indexes, inclusive, low to high. */
  from: number;
  to: number;
  /** The versions of `from` and `to` (null: the event has none). */
  fromVersion: number | null;
  toVersion: number | null;
}

export function isTimelineTarget(value: unknown): value is TimelineTarget {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'timelineTarget';
}

export interface TimelineDebugServices {
  log: vscode.LogOutputChannel;
  /** This extension's id, the authority of its `vscode://` links. */
  extensionId: string;
  /** The first pair for which the condition is true, or -1, evaluated in the sandbox. */
  evaluateCondition?(expression: string, pairs: ReadonlyArray<{ state: JsonValue; event: FlowEvent }>): Promise<number>;
}

export type DebugRequest = Extract<WebviewToExtension, { type: 'setBreakpoint' | 'playStep' | 'copyLink' | 'traceFlow' | 'goToCode' | 'tool' }>;

const TOOL_COMMANDS: Record<TimelineTool, string> = {
  whatIf: COMMANDS.whatIf,
  upcastPreview: COMMANDS.upcastPreview,
  snapshotDrift: COMMANDS.snapshotDrift,
  generateTest: COMMANDS.generateTest,
  debugReducer: COMMANDS.debugReducer,
  runThroughBus: COMMANDS.runEventsThroughBus,
};

export class TimelineDebugger {
  private breakpoint: string | undefined;

  constructor(private readonly services: TimelineDebugServices) {}

  get expression(): string | undefined {
    return this.breakpoint;
  }

  /** Answers one debugger request; the replies go to the webview in order. */
  async answer(session: TimelineSession, request: DebugRequest): Promise<ExtensionToWebview[]> {
    switch (request.type) {
      case 'setBreakpoint': {
        const expression = request.expression.trim();
        if (expression !== '' && session.total > 0) {
          // Evaluated once now, so a condition that is not an expression says so at once (and is not kept).
          await this.evaluate(expression, session, session.selectedIndex ?? session.total - 1);
        }
        this.breakpoint = expression === '' ? undefined : expression;
        return [{ type: 'breakpoint', expression: this.breakpoint ?? null }];
      }
      case 'playStep': {
        const detail = session.step('next');
        if (detail === undefined) return [];
        const replies: ExtensionToWebview[] = [{ type: 'selected', detail }];
        if (this.breakpoint !== undefined && (await this.evaluate(this.breakpoint, session, detail.index))) {
          replies.push({ type: 'breakpointHit', index: detail.index, expression: this.breakpoint });
        }
        return replies;
      }
      case 'copyLink': {
        if (session.connectionId === undefined) throw new Error('this timeline was not opened from a saved connection, so no link can name it');
        const selected = session.selectedIndex;
        const version = selected === undefined ? undefined : (session.eventAt(selected).version ?? undefined);
        const link = buildTimelineLink(this.services.extensionId, {
          connectionId: session.connectionId,
          aggregateId: session.aggregateId,
          aggregateType: session.aggregateType,
          ...(version !== undefined ? { version } : {}),
          ...(session.filter.length > 0 ? { filter: [...session.filter] } : {}),
        });
        await vscode.env.clipboard.writeText(link);
        this.services.log.info(`Copied the link of ${session.aggregateId}: ${link}`);
        return [{ type: 'notice', message: `Copied a link to ${session.aggregateId}${version !== undefined ? ` at version ${version}` : ''}.` }];
      }
      case 'goToCode':
        await vscode.commands.executeCommand(COMMANDS.goToEventCode, request.eventType);
        return [];
      case 'traceFlow': {
        const selected = session.selectedIndex;
        if (selected === undefined) throw new Error('select an event to trace first');
        await vscode.commands.executeCommand(COMMANDS.traceFlow, session.eventAt(selected));
        return [];
      }
      case 'tool': {
        if (session.connectionId === undefined) throw new Error('this timeline was not opened from a saved connection');
        const from = Math.min(request.from, request.to);
        const to = Math.max(request.from, request.to);
        const target: TimelineTarget = {
          kind: 'timelineTarget',
          connectionId: session.connectionId,
          aggregateId: session.aggregateId,
          aggregateType: session.aggregateType,
          from,
          to,
          fromVersion: session.eventAt(from).version ?? null,
          toVersion: session.eventAt(to).version ?? null,
        };
        await vscode.commands.executeCommand(TOOL_COMMANDS[request.tool], target);
        return [];
      }
    }
  }

  private async evaluate(expression: string, session: TimelineSession, index: number): Promise<boolean> {
    if (!this.services.evaluateCondition) throw new Error('breakpoints need the sandbox, which this window does not have');
    const hit = await this.services.evaluateCondition(expression, [{ state: session.stateAfter(index), event: session.eventAt(index) }]);
    return hit === 0;
  }
}
