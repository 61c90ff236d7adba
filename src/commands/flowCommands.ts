/**
 * Trace This Event's Flow: from an event (a browsed Kafka record, a peeked RabbitMQ message, a timeline
 * event) or an id typed in the palette, the read plan of every connection first, then the flow view,
 * filled as each source answers.
 */
import * as vscode from 'vscode';
import type { FlowEvent } from '../core/envelope';
import { describePlan } from '../connectors/reads/readPlan';
import { traceStartOf, type TraceStart } from '../connectors/reads/traceRun';
import { FlowPanel } from '../panels/flow/flowPanel';
import type { OpenFlowViews } from '../panels/flow/openFlowViews';
import { COMMANDS } from '../ui/commandIds';
import { registerCommand } from '../ui/registerCommand';
import { openFoundEvent } from './foundEventOpening';
import { choosePlan, planAllSources } from './searchPlanning';
import type { CommandServices } from './services';

/** What the command is given: nothing (the palette asks), an id, or the event itself. */
export type TraceArgument = undefined | string | FlowEvent;

export function registerFlowCommands(services: CommandServices, extensionUri: vscode.Uri, open: OpenFlowViews): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.traceFlow, "trace the event's flow", async (given?: unknown): Promise<FlowPanel | undefined> => {
      const start = await startFrom(given);
      if (!start) return undefined;
      const skipped: { label: string; reason: string }[] = [];
      const sources = await planAllSources(services, (label, reason) => skipped.push({ label, reason }));
      const kept = await choosePlan(sources, 'Trace');
      if (kept === undefined) return undefined;
      const leftOut = [
        ...skipped,
        ...sources.filter((s) => !kept.includes(s)).map((s) => ({ label: `${s.connectionLabel} › ${s.plan.source}`, reason: s.plan.refused ?? 'left out by you' })),
      ];
      for (const source of kept) services.log.info(`Trace plan: ${source.connectionLabel} › ${describePlan(source.plan)}`);
      const panel = new FlowPanel({
        start: start.start,
        ...(start.typedId === undefined ? {} : { typedId: start.typedId }),
        sources: kept,
        leftOut,
        services: { extensionUri, log: services.log },
        openEvent: (found) => openFoundEvent(services, found),
      });
      open.add(panel);
      void panel.session.run().catch((error: unknown) => services.log.error(`Trace: ${error instanceof Error ? error.message : String(error)}`));
      return panel;
    }),
  ];
}

async function startFrom(given: unknown): Promise<{ start: TraceStart; typedId?: string } | undefined> {
  if (isFlowEvent(given)) return { start: traceStartOf(given) };
  const typed = typeof given === 'string' ? given : await vscode.window.showInputBox({ title: "Trace This Event's Flow", prompt: 'A correlation id or an event id, as any connection writes it', ignoreFocusOut: true });
  const value = typed?.trim();
  if (!value) return undefined;
  return { start: { correlationId: value }, typedId: value };
}

function isFlowEvent(value: unknown): value is FlowEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<FlowEvent>;
  return typeof event.id === 'string' && typeof event.metadata === 'object' && event.metadata !== null && typeof event.source === 'object' && event.source !== null;
}
