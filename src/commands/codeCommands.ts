/**
 * From events to code: a given / when / then test generated from a range of a stream (a new editor, in the
 * reducer's language and the workspace's test framework, saved beside the reducer or in the tests folder), and the places in the workspace that define or handle an event type (workspace symbols and a
 * text search), as only an editor can.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../explorer/treeNode';
import type { TimelineTarget } from '../panels/timeline/timelineDebug';
import { generateGivenWhenThenTest, testFileName, testFlavourFor, type TestFlavour } from '../sandbox/testGeneration';
import { detectTestSetup, testsFolder } from '../sandbox/testSetup';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { COMMANDS } from '../ui/commandIds';
import { registerCommand } from '../ui/registerCommand';
import { resolveDebugTarget, workspaceFolder } from './debugTarget';
import { findEventTypeCode, type CodeLocation } from './eventTypeSearch';
import { streamStates } from './reducerSource';
import type { CommandServices } from './services';

export function registerCodeCommands(services: CommandServices, code: WorkspaceCode): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.generateTest, 'generate a test from the events', async (arg?: TreeNode | TimelineTarget, options?: { location?: TestLocation }): Promise<vscode.TextDocument | undefined> => {
      if (!code.trusted) {
        void vscode.window.showWarningMessage(UNTRUSTED_REASON);
        return undefined;
      }
      const folder = workspaceFolder();
      const target = await resolveDebugTarget(services, arg, 'Generate a test from which aggregate?');
      const range = target.range ?? (await pickRange(target.events.map((event, index) => `v${event.version ?? index + 1} ${event.type}`)));
      if (!range) return undefined;
      const states = await streamStates(code, folder.uri.fsPath, target.aggregateType, target.aggregateId, target.events, services.settings().reducers);
      try {
        if (!states.file) throw new Error(`no workspace reducer exports ${target.aggregateType} (in .eventflow/reducers/*.js, .ts or .py): a generated test loads the reducer it tests`);
        const then = await states.stateAt(range.to);
        const flavour = testFlavourFor(states.file, detectTestSetup(folder.uri.fsPath));
        const name = testFileName(target.aggregateId, range.from + 1, range.to + 1, flavour);
        const testFile = await pickTestLocation(folder.uri.fsPath, states.file, name, flavour, options?.location);
        if (!testFile) return undefined;
        const content = generateGivenWhenThenTest({
          reducerFile: states.file,
          testFile,
          aggregateType: target.aggregateType,
          aggregateId: target.aggregateId,
          given: target.events.slice(0, range.from),
          when: target.events.slice(range.from, range.to + 1),
          then,
          flavour,
        });
        // Untitled at its intended path: Save writes it there, and the reducer is found relative to it.
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(testFile).with({ scheme: 'untitled' }));
        const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
        await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
        const language = flavour === 'pytest' ? 'python' : flavour === 'node-test-js' ? 'javascript' : 'typescript';
        if (document.languageId !== language) await vscode.languages.setTextDocumentLanguage(document, language);
        return document;
      } finally {
        await states.close();
      }
    }),
    registerCommand(services.log, COMMANDS.goToEventCode, 'find the code of the event type', async (eventType?: string, options?: { pick?: boolean }): Promise<CodeLocation[] | undefined> => {
      const type = typeof eventType === 'string' && eventType !== '' ? eventType : await vscode.window.showInputBox({ title: 'Go to the code of which event type?', placeHolder: 'OrderCreated' });
      if (!type) return undefined;
      const locations = await findEventTypeCode(type);
      if (options?.pick === false) return locations;
      if (locations.length === 0) {
        void vscode.window.showInformationMessage(`No code in the workspace names ${type}.`);
        return locations;
      }
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
      const picked = await vscode.window.showQuickPick(
        locations.map((location) => ({
          label: `${location.kind === 'symbol' ? '$(symbol-class)' : '$(search)'} ${path.relative(root, location.file) || location.file}:${location.line}`,
          description: location.text,
          location,
        })),
        { title: `Code that defines or handles ${type}`, matchOnDescription: true },
      );
      if (picked) {
        const position = new vscode.Position(picked.location.line - 1, picked.location.column - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(picked.location.file), { selection: new vscode.Range(position, position) });
      }
      return locations;
    }),
  ];
}

async function pickRange(labels: string[]): Promise<{ from: number; to: number } | undefined> {
  const items = labels.map((label, index) => ({ label, index }));
  const first = await vscode.window.showQuickPick(items, { title: 'The slice starts at which event? (the events before it are the "given")' });
  if (!first) return undefined;
  const last = await vscode.window.showQuickPick(items.slice(first.index), { title: 'The slice ends at which event?' });
  return last ? { from: first.index, to: last.index } : undefined;
}

/** Beside the reducer, or in the workspace's tests folder: the user says where the test goes. */
type TestLocation = 'beside' | 'tests';

async function pickTestLocation(root: string, reducerFile: string, name: string, flavour: TestFlavour, given?: TestLocation): Promise<string | undefined> {
  const choices = [
    { label: 'Beside the reducer', location: 'beside', description: path.relative(root, path.join(path.dirname(reducerFile), name)), file: path.join(path.dirname(reducerFile), name) },
    { label: "In the workspace's tests folder", location: 'tests', description: path.relative(root, path.join(testsFolder(root, flavour), name)), file: path.join(testsFolder(root, flavour), name) },
  ];
  // A caller (a script, a test) may say where; the user is asked otherwise.
  const chosen = choices.find((choice) => choice.location === given);
  if (chosen) return chosen.file;
  const picked = await vscode.window.showQuickPick(choices, { title: 'Where should the generated test go?' });
  return picked?.file;
}
