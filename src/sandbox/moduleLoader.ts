import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { SourceLocations } from './sourceLocations';
import { transpileWorkspaceModule } from './transpile';

/**
 * Loads a workspace file (reducer or bus) as a CommonJS module, fresh on every call: a reload after a save
 * must see the new code, also in files it requires from the same folder. The code is compiled with the
 * file's own name, so stack frames already point at it (and through the source map for TypeScript).
 * `resolveAs` loads a copy of a file (an old version) as if it were at that path: its `require`s, `__filename`
 * and `__dirname` are the working copy's, so a bare `require('x')` finds the workspace's `node_modules`, never
 * one beside the copy.
 */
export function loadWorkspaceModule(file: string, locations: SourceLocations, resolveAs?: string): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const { code, sourceMap } = transpileWorkspaceModule(source, file);
  locations.register(file, sourceMap);
  const home = resolveAs ?? file;
  const folder = path.dirname(home);
  const requireFromFile = createRequire(home);
  forgetCachedModulesUnder(requireFromFile, folder);
  const module = { exports: {} as unknown };
  const run = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file }) as (
    exports: unknown,
    require: NodeRequire,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, requireFromFile, module, home, folder);
  return unwrapDefault(module.exports);
}

/** An ES module's `export default { … }` arrives as `exports.default`. */
function unwrapDefault(exported: unknown): unknown {
  if (typeof exported === 'object' && exported !== null && 'default' in exported) {
    const keys = Object.keys(exported).filter((key) => key !== 'default' && key !== '__esModule');
    if (keys.length === 0) return (exported).default;
  }
  return exported;
}

/** Helpers the workspace file requires from its own folder are read again after a save, not served stale. */
function forgetCachedModulesUnder(requireFromFile: NodeRequire, folder: string): void {
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  for (const key of Object.keys(requireFromFile.cache)) {
    if (key.startsWith(prefix) && !key.includes(`${path.sep}node_modules${path.sep}`)) delete requireFromFile.cache[key];
  }
}
