import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Kinds stay apart: adding a kind touches only its own folders (any folder named after it, under src/ or
 * webview/), src/kinds.ts, src/kindCommands.ts and src/kindConnectors.ts. A file outside those neither imports from a kind's folder nor compares
 * against a kind's name; it asks the kind (a source describer, a kind module) instead.
 */

const ROOT = path.join(__dirname, '..', '..', '..', '..');
/** The kinds whose names shared code must not know. */
const KINDS = ['kafka', 'rabbitmq'];

/** Files that may name a kind. */
const ALLOWED = new Set([
  // The one list of kinds, and of their commands (loaded on first use with the features).
  'src/kinds.ts',
  'src/kindCommands.ts',
  'src/kindConnectors.ts',
  // The sample flow that crosses systems is written for named kinds on purpose: Kafka, then RabbitMQ.
  'src/connectors/crossingSample.ts',
  'src/connectors/crossingSamplePublish.ts',
  'src/commands/crossingSampleCommand.ts',
]);

export interface KindLeak {
  file: string;
  what: string;
}

function isAllowed(file: string): boolean {
  return [...ALLOWED].some((allowed) => (allowed.endsWith('/') ? file.startsWith(allowed) : file === allowed));
}

function inKindFolder(file: string): boolean {
  return file.split('/').some((segment) => KINDS.includes(segment));
}

function sourceFiles(root: string, folder: string): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) visit(relative);
      else if (entry.name.endsWith('.ts')) files.push(relative);
    }
  };
  if (fs.existsSync(path.join(root, folder))) visit(folder);
  return files;
}

/** Imports (static, dynamic, re-exports) that reach into a kind's folder, and string literals that are a kind's name. */
function leaksOf(file: string, text: string): KindLeak[] {
  const leaks: KindLeak[] = [];
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    if (imported.fileName.startsWith('.') && inKindFolder(imported.fileName)) leaks.push({ file, what: `imports ${imported.fileName}` });
  }
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && KINDS.includes(node.text) && !ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) {
      leaks.push({ file, what: `names the kind '${node.text}'` });
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  return leaks;
}

/** Every place outside the kinds' folders that knows a kind, in `root` (a checkout). */
export function kindLeaks(root: string): KindLeak[] {
  return ['src', 'webview']
    .flatMap((folder) => sourceFiles(root, folder))
    .filter((file) => !inKindFolder(file) && !isAllowed(file))
    .flatMap((file) => leaksOf(file, fs.readFileSync(path.join(root, file), 'utf8')));
}

describe('layout: kinds apart', () => {
  it('no file outside a kind’s folders imports from one or compares against a kind’s name', () => {
    const leaks = kindLeaks(ROOT);
    assert.deepEqual(
      leaks.map((leak) => `${leak.file}: ${leak.what}`),
      [],
    );
  });

  it('sees an import of a kind’s folder and a comparison with a kind’s name (the check can fail)', () => {
    const text = "import { x } from '../connectors/kafka/records';\nexport const isIt = (s: { system: string }) => s.system === 'rabbitmq'; // 'kafka' in a comment is fine\n";
    assert.deepEqual(
      leaksOf('src/shared.ts', text).map((leak) => leak.what),
      ['imports ../connectors/kafka/records', "names the kind 'rabbitmq'"],
    );
  });
});
