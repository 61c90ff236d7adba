import * as vscode from 'vscode';
import type { FlowEvent } from '../core/envelope';
import { describeOutcome, describePlan } from '../connectors/reads/readPlan';
import { runSearch, type SearchSource } from '../connectors/reads/searchRun';
import { describeError } from '../errors';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { choosePlan, planAllSources } from './searchPlanning';
import { offerSearchIndexes, registerSearchIndexCommand } from './searchIndexes';
import type { CommandServices } from './services';

const PER_SOURCE_LIMIT = 200;

/** Find Events by Correlation Id…: every connection, plan first, results streamed as each source answers. */
export function registerSearchCommands(services: CommandServices): vscode.Disposable[] {
  const output = vscode.window.createOutputChannel('Event Flows: Search');
  return [
    output,
    registerSearchIndexCommand(services),
    registerCommand(services.log, COMMANDS.findByCorrelationId, 'find events by correlation id', async (given?: string) => {
      const value = (typeof given === 'string' ? given : await vscode.window.showInputBox({ title: 'Find Events by Correlation Id', prompt: 'The correlation id, as any connection writes it (header, property, metadata or body)', ignoreFocusOut: true }))?.trim();
      if (!value) return;
      const sources = await planAllSources(services, (label, reason) => output.appendLine(`${label}: not searched, ${reason}`));
      const kept = await choosePlan(sources);
      if (kept === undefined) return;
      output.clear();
      output.show(true);
      output.appendLine(`Correlation id ${JSON.stringify(value)} in ${kept.length} source(s); the plan:`);
      for (const source of sources) output.appendLine(`  ${source.connectionLabel} › ${describePlan(source.plan)}${kept.includes(source) || source.plan.refused !== undefined ? '' : ' (left out by you)'}`);
      const found: { source: SearchSource; event: FlowEvent }[] = [];
      await withProgress(`Finding ${value}`, async (signal, report) => {
        let answered = 0;
        await runSearch(kept, { window: {}, predicate: { field: 'correlationId', value }, limit: PER_SOURCE_LIMIT }, {
          signal,
          onResult: (source, result) => {
            answered += 1;
            report(`${answered} of ${kept.length} sources answered, ${found.length + result.events.length} found`, 100 / Math.max(1, kept.length));
            output.appendLine(`${source.connectionLabel} › ${result.source}: ${result.events.length} found of ${result.scanned} read; ${describeOutcome(result.outcome)}${result.notes.length ? ` — ${result.notes.join(' ')}` : ''}`);
            offerSearchIndexes(source.connectionId, source.connectionLabel, result);
            for (const event of result.events) {
              found.push({ source, event });
              output.appendLine(`    ${event.timestamp}  ${event.type}  ${event.id}${event.aggregateId ? `  ${event.aggregateId}` : ''}`);
            }
          },
          onError: (source, error) => output.appendLine(`${source.connectionLabel} › ${source.plan.source}: failed: ${describeError(error)}`),
        });
      });
      output.appendLine(`${found.length} event(s) found.`);
      if (found.length > 0) await openChosen(found);
      else void vscode.window.showInformationMessage(`No event has the correlation id ${value} in the ${kept.length} source(s) searched.`);
    }),
  ];
}

async function openChosen(found: readonly { source: SearchSource; event: FlowEvent }[]): Promise<void> {
  const chosen = await vscode.window.showQuickPick(
    found.map(({ source, event }) => ({ label: event.type, description: `${event.timestamp} · ${source.connectionLabel} › ${source.plan.source}`, detail: event.id, event })),
    { title: `${found.length} event(s) with this correlation id`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!chosen) return;
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(chosen.event, null, 2) });
  await vscode.window.showTextDocument(document, { preview: true });
}
