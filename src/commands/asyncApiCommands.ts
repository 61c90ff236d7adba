/**
 * Describe This Flow as AsyncAPI: every broker connection's channels and sampled messages, written as an
 * AsyncAPI 3.0 document the AsyncAPI parser accepts. When the file is already there (committed), the new
 * text opens beside it as a diff with a button to replace it, so a later run shows what changed.
 */
import * as vscode from 'vscode';
import { openSource } from '../connections/connection';
import { describeFlow } from '../core/asyncapi/flowDocument';
import { asyncApiText, describeProblem, formatOfPath, parseAsyncApi } from '../connectors/reads/asyncapi/asyncApiText';
import { sampleFlow, type BrokerToSample } from '../connectors/reads/asyncapi/flowSampling';
import { describeError } from '../errors';
import { AsyncApiView } from '../explorer/asyncApiView';
import { registerAsyncApiCheck } from './asyncApiCheck';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError, withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { registerTreeDataProvider } from '../ui/standIns';
import type { CommandServices } from './services';

const DEFAULT_FILE = 'asyncapi.yaml';
const ASYNCAPI_VIEW = 'eventFlows.asyncApi';

export function registerAsyncApiCommands(services: CommandServices): vscode.Disposable[] {
  const view = new AsyncApiView();
  return [
    view,
    registerTreeDataProvider(ASYNCAPI_VIEW, view),
    ...registerAsyncApiCheck(services, view),
    registerCommand(services.log, COMMANDS.describeAsAsyncApi, 'describe the flow as AsyncAPI', async () => {
      const { text, notes } = await withProgress('Describing the flow as AsyncAPI', async (signal, report) => {
        const brokers = await openBrokers(services, signal, (label, reason) => services.log.warn(`AsyncAPI: ${label} left out: ${reason}`));
        if (brokers.length === 0) throw new Error('no broker connection could be opened: add or connect a Kafka or RabbitMQ connection first');
        const sample = await sampleFlow(brokers, { signal, onProgress: (message) => report(message) });
        const document = describeFlow({ title: 'Event flows', connections: sample.connections, messages: sample.messages, unsampled: sample.unsampled });
        report('checking the document with the AsyncAPI parser');
        const target = targetUri();
        const text = await asyncApiText(document, formatOfPath(target?.path ?? DEFAULT_FILE));
        const parsed = await parseAsyncApi(text);
        if ('problems' in parsed) throw new Error(`the document written does not validate: ${parsed.problems.slice(0, 3).map((p) => describeProblem('document', p)).join('; ')}`);
        const notes = [...sample.failures.map((f) => `${f.label} not read (${f.reason})`), ...(sample.unsampled.size > 0 ? [`${sample.unsampled.size} channel(s) listed without sampling their messages (reading them would change them)`] : [])];
        return { text, notes };
      });
      await offer(text, notes);
    }),
  ];
}

/** Every connection opened by its role; the brokers among them. */
export async function openBrokers(services: CommandServices, signal: AbortSignal, skipped: (label: string, reason: string) => void): Promise<BrokerToSample[]> {
  const brokers: BrokerToSample[] = [];
  for (const connection of services.connections.all()) {
    try {
      const source = await openSource(connection, signal);
      if (source.role === 'broker') brokers.push({ connectionId: connection.id, label: connection.label, broker: source.broker });
    } catch (error) {
      if (signal.aborted) throw new CancelledError();
      skipped(connection.label, describeError(error));
    }
  }
  return brokers;
}

function targetUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder === undefined ? undefined : vscode.Uri.joinPath(folder.uri, DEFAULT_FILE);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes a new file, or shows the change against the one there and replaces it only when asked. */
async function offer(text: string, notes: readonly string[]): Promise<void> {
  const target = targetUri();
  const said = notes.length > 0 ? ` ${notes.join('; ')}.` : '';
  if (target === undefined) {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    void vscode.window.showInformationMessage(`AsyncAPI document written (validated); open a folder to save it as ${DEFAULT_FILE}.${said}`);
    return;
  }
  const name = vscode.workspace.asRelativePath(target);
  if (!(await exists(target))) {
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(`Wrote ${name}: the flow as AsyncAPI 3.0, validated by the AsyncAPI parser.${said}`);
    return;
  }
  const current = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
  if (current === text) {
    void vscode.window.showInformationMessage(`${name} already describes the flow as it is now: nothing changed.${said}`);
    return;
  }
  const fresh = await vscode.workspace.openTextDocument({ language: formatOfPath(target.path) === 'json' ? 'json' : 'yaml', content: text });
  await vscode.commands.executeCommand('vscode.diff', target, fresh.uri, `${name}: as saved ↔ the flow now`);
  const replace = 'Replace the File';
  const answer = await vscode.window.showInformationMessage(`The flow differs from ${name}: the diff shows what changed since it was written.${said}`, replace);
  if (answer === replace) {
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Replaced ${name} with the flow as it is now.`);
  }
}
