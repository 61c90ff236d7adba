import type * as Protobuf from 'protobufjs';
import { reasonOf } from './decoding';
import { MAX_IMPORTED_SCHEMAS } from './schemaReferences';

/** One imported file as the caller found it (its text, and where, so its own imports are found from there), or why not. */
export type ImportedFile = { ok: true; text: string; file: string } | { ok: false; error: string };

/**
 * The text of every file a `.proto` file imports, directly or through another import, by the name it is
 * imported by (what `compileProtobuf` takes). `read` finds a name from the file that imports it; each name and
 * each file is taken once (shared and circular imports end), at most `MAX_IMPORTED_SCHEMAS`. Google's well-known types
 * (`google/protobuf/…`) are built in and not read. Throws with the first import that cannot be had.
 */
export async function protoImportsOf(protobuf: typeof Protobuf, protoText: string, file: string, read: (name: string, importer: string) => Promise<ImportedFile>): Promise<Map<string, string>> {
  // A Map: import names are the file's data, never an object's own keys.
  const imports = new Map<string, string>();
  const pending: { text: string; file: string }[] = [{ text: protoText, file }];
  // A file reached again by another name (the importing file itself, in a loop) is parsed once: its types are there.
  const files = new Set([file]);
  for (let next = pending.shift(); next; next = pending.shift()) {
    for (const name of importNamesOf(protobuf, next.text, next.file)) {
      if (imports.has(name) || name.startsWith('google/protobuf/')) continue;
      if (imports.size >= MAX_IMPORTED_SCHEMAS) throw new Error(`${file} imports more than ${MAX_IMPORTED_SCHEMAS} files (through its imports)`);
      const found = await read(name, next.file);
      if (!found.ok) throw new Error(found.error);
      if (files.has(found.file)) continue;
      files.add(found.file);
      imports.set(name, found.text);
      pending.push({ text: found.text, file: found.file });
    }
  }
  return imports;
}

function importNamesOf(protobuf: typeof Protobuf, text: string, file: string): string[] {
  try {
    const parsed = protobuf.parse(text, { keepCase: true });
    return [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  } catch (error) {
    throw new Error(`${file} is not a valid .proto file: ${reasonOf(error)}`);
  }
}
