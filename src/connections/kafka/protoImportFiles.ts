import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ImportedFile } from '../../connectors/kafka/decoding/protoImports';

/**
 * Finds a `.proto` file's import in the workspace folder: relative to the importing file, then to the folder.
 * A name that leads outside the folder (`../../etc/x.proto`, an absolute path, or a link pointing out) is
 * refused and said, never read: a schema file is no way to read the rest of the disk.
 */
export function workspaceProtoImports(root: string | undefined): (name: string, importer: string) => Promise<ImportedFile> {
  return async (name, importer) => {
    if (root === undefined) return { ok: false, error: `${importer} imports ${JSON.stringify(name)}: imports are read from a workspace folder, and none is open` };
    if (path.isAbsolute(name) || path.win32.isAbsolute(name)) return refused(name, importer, root);
    const folder = await fs.realpath(root).catch(() => path.resolve(root));
    const importerDir = path.dirname(path.isAbsolute(importer) ? importer : path.join(root, importer));
    const candidates = [...new Set([path.resolve(importerDir, name), path.resolve(root, name)])];
    let outside = false;
    for (const candidate of candidates) {
      if (!inside(path.resolve(root), candidate)) {
        outside = true;
        continue;
      }
      const real = await fs.realpath(candidate).catch(() => undefined);
      if (real === undefined) continue;
      if (!inside(folder, real)) {
        outside = true;
        continue;
      }
      try {
        return { ok: true, text: await fs.readFile(real, 'utf8'), file: path.relative(root, candidate) };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return { ok: false, error: `${importer} imports ${JSON.stringify(name)}, which could not be read (${typeof code === 'string' ? code : String(error)})` };
      }
    }
    if (outside) return refused(name, importer, root);
    return { ok: false, error: `${importer} imports ${JSON.stringify(name)}, which is not in the workspace folder (looked for ${candidates.map((c) => path.relative(root, c)).join(' and ')})` };
  };
}

function inside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function refused(name: string, importer: string, root: string): ImportedFile {
  return { ok: false, error: `${importer} imports ${JSON.stringify(name)}, which is outside the workspace folder ${root}: refused (imports are read from inside the folder only)` };
}
