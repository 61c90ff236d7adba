/**
 * Check AsyncAPI Documents Against the Live Flow: finds the workspace's AsyncAPI documents (by their
 * `asyncapi:` key, in a bounded number of YAML and JSON files), parses and validates each, samples the
 * connected brokers, and shows per document the channels it declares with their live counts and flags in
 * the AsyncAPI section. A document that does not validate gets its errors as diagnostics on its lines.
 */
import * as vscode from 'vscode';
import { checkFlow, type DeclaredFlow, type FlowCheck } from '../core/asyncapi/flowCheck';
import { MAX_DOCUMENT_CHARS, describeProblem, parseAsyncApi, type DocumentProblem } from '../connectors/reads/asyncapi/asyncApiText';
import { declaredFlowOf, payloadValidator } from '../connectors/reads/asyncapi/declaredFlow';
import { liveChannelsOf, sampleFlow } from '../connectors/reads/asyncapi/flowSampling';
import type { AsyncApiView, CheckNode } from '../explorer/asyncApiView';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { openBrokers } from './asyncApiCommands';
import type { CommandServices } from './services';

const MAX_FILES = 500;
const LOOKS_LIKE_ASYNCAPI = /(^|[{,\s])["']?asyncapi["']?\s*:/m;

export interface FoundDocument {
  uri: vscode.Uri;
  flow?: DeclaredFlow;
  problems: DocumentProblem[];
}

export function registerAsyncApiCheck(services: CommandServices, view: AsyncApiView): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('AsyncAPI');
  return [
    diagnostics,
    registerCommand(services.log, COMMANDS.checkAsyncApi, 'check the AsyncAPI documents against the live flow', async () => {
      const roots = await withProgress('Checking AsyncAPI documents against the live flow', async (signal, report) => {
        report('finding AsyncAPI documents');
        const documents = await findDocuments();
        diagnostics.clear();
        for (const document of documents) if (document.problems.length > 0) diagnostics.set(document.uri, document.problems.map(toDiagnostic));
        const flows = documents.flatMap((d) => (d.flow ? [d.flow] : []));
        const brokers = await openBrokers(services, signal, (label, reason) => services.log.warn(`AsyncAPI check: ${label} left out: ${reason}`));
        const sample = await sampleFlow(brokers, { signal, onProgress: (message) => report(message) });
        const check = checkFlow(flows, liveChannelsOf(sample), await payloadValidator());
        return nodesOf(documents, check);
      });
      view.show(roots);
      await vscode.commands.executeCommand('eventFlows.asyncApi.focus');
      // What the section shows, for a caller (a test) to read.
      return roots;
    }),
  ];
}

async function findDocuments(): Promise<FoundDocument[]> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml,json}', '**/{node_modules,.git,dist,out}/**', MAX_FILES);
  const found: FoundDocument[] = [];
  for (const uri of files) {
    const stat = await vscode.workspace.fs.stat(uri);
    // A file this large is not read whole to look for the key; one named like a document is reported.
    if (stat.size > MAX_DOCUMENT_CHARS * 4) {
      if (/asyncapi/i.test(uri.path)) found.push({ uri, problems: [{ message: `${(stat.size / 1024 / 1024).toFixed(1)} MB is too large to read as an AsyncAPI document`, line: 1 }] });
      continue;
    }
    const bytes = await vscode.workspace.fs.readFile(uri).then(
      (b) => b,
      () => undefined,
    );
    if (bytes === undefined) continue;
    const head = Buffer.from(bytes.subarray(0, 65_536)).toString('utf8');
    if (!LOOKS_LIKE_ASYNCAPI.test(head)) continue;
    const outcome = await parseAsyncApi(Buffer.from(bytes).toString('utf8'));
    if ('problems' in outcome) found.push({ uri, problems: outcome.problems });
    else found.push({ uri, flow: declaredFlowOf(outcome.document, vscode.workspace.asRelativePath(uri)), problems: [] });
  }
  return found;
}

function toDiagnostic(problem: DocumentProblem): vscode.Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const column = Math.max(0, (problem.column ?? 1) - 1);
  return new vscode.Diagnostic(new vscode.Range(line, column, line, column + 1), `${problem.message}${problem.path ? ` (at ${problem.path})` : ''}`, vscode.DiagnosticSeverity.Error);
}

const count = (n: number | undefined) => (n === undefined ? 'count unknown' : `${n.toLocaleString('en-US')} message${n === 1 ? '' : 's'}`);

export function nodesOf(documents: readonly FoundDocument[], check: FlowCheck): CheckNode[] {
  const roots: CheckNode[] = documents.map((document) => {
    const name = vscode.workspace.asRelativePath(document.uri);
    if (document.flow === undefined) {
      return {
        label: name,
        description: `does not validate: ${document.problems.length} error(s)`,
        icon: 'error',
        open: { uri: document.uri },
        children: document.problems.map((p) => ({ label: describeProblem(name, p), icon: 'error', open: { uri: document.uri, ...(p.line !== undefined ? { line: p.line } : {}) } })),
      };
    }
    const channels = check.channels.filter((c) => c.source === document.flow?.source);
    const flags = channels.filter((c) => c.missing).length + channels.reduce((n, c) => n + c.mismatches.length, 0);
    return {
      label: name,
      description: `${channels.length} channel(s)${flags > 0 ? ` · ${flags} flag(s)` : ' · no flags'}`,
      icon: flags > 0 ? 'warning' : 'file',
      open: { uri: document.uri },
      children: channels.map((c): CheckNode => {
        const live = c.live.map((l) => `${l.connectionLabel}: ${count(l.messages)}`).join('; ');
        const children: CheckNode[] = [
          ...c.declared.operations.map((o): CheckNode => ({ label: o.action, description: o.key, icon: 'operation' })),
          ...c.declared.messages.map((m): CheckNode => ({ label: m.name ?? m.key, ...(m.unchecked ? { description: m.unchecked } : {}), icon: 'message' })),
          ...c.mismatches.map(
            (m): CheckNode => ({
              label: `${m.count} of ${m.sampled} sampled do not match ${m.against}`,
              description: `${m.failure.path}: ${m.failure.message}`,
              tooltip: `${m.connectionLabel} › ${m.channel}, e.g. ${m.example.type} ${m.example.id}:\n${JSON.stringify(m.example.data, null, 2).slice(0, 2000)}`,
              icon: 'warning',
            }),
          ),
        ];
        return {
          label: c.declared.address ?? c.declared.key,
          description: c.missing ? 'no connected broker has it' : live === '' ? 'address left open' : live,
          icon: c.missing || c.mismatches.length > 0 ? 'warning' : 'channel',
          children,
        };
      }),
    };
  });
  if (check.undeclared.length > 0) {
    roots.push({
      label: 'Traffic no document declares',
      description: `${check.undeclared.length} channel(s)`,
      icon: 'warning',
      children: check.undeclared.map((u) => ({ label: u.name, description: `${u.kind} on ${u.connectionLabel}: ${count(u.messages)}`, icon: 'warning' })),
    });
  }
  if (roots.length === 0) roots.push({ label: 'No AsyncAPI document in this workspace, and no undeclared traffic', icon: 'info' });
  return roots;
}
