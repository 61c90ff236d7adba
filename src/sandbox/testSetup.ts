/** What a workspace has for tests, read from its files: TypeScript or not, its runner, its tests folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceTestSetup } from './testGeneration';
import type { TestFlavour } from './testSlice';

export function detectTestSetup(root: string): WorkspaceTestSetup {
  const dependencies = packageDependencies(root);
  const typescript = fs.existsSync(path.join(root, 'tsconfig.json')) || dependencies.has('typescript');
  const runner = dependencies.has('vitest') ? 'vitest' : dependencies.has('mocha') ? 'mocha' : undefined;
  return runner ? { typescript, runner } : { typescript };
}

/** The workspace's tests folder: `tests` or `test` when one exists, else the language's usual one. */
export function testsFolder(root: string, flavour: TestFlavour): string {
  const existing = ['tests', 'test'].find((name) => fs.statSync(path.join(root, name), { throwIfNoEntry: false })?.isDirectory());
  return path.join(root, existing ?? (flavour === 'pytest' ? 'tests' : 'test'));
}

function packageDependencies(root: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    // A package.json that does not parse names no dependency; the test then needs none.
    return new Set();
  }
  const names = new Set<string>();
  if (typeof manifest !== 'object' || manifest === null) return names;
  for (const key of ['dependencies', 'devDependencies']) {
    const deps = (manifest as Record<string, unknown>)[key];
    if (typeof deps === 'object' && deps !== null) for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}
