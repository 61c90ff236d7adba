import { transform } from 'sucrase';
import type { SourceLocation } from './types';

export interface Transpiled {
  code: string;
  /** A source map (v3) from `code` back to the file, when the code was transformed. */
  sourceMap?: SourceMapPayload;
}

export interface SourceMapPayload {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  file: string;
}

/** `import` / `export` at the start of a line: an ES module, which the CommonJS loader needs transformed. */
const ES_MODULE_SYNTAX = /^\s*(import\s|import\{|export\s|export\{|export\*)/m;

/**
 * Turns a workspace reducer or bus file into CommonJS the sandbox can run. TypeScript loses its types
 * (sucrase: pure JavaScript, no native binary in the package, keeps line numbers); ES module syntax
 * becomes `exports`. Plain CommonJS runs as written, so its positions need no mapping at all.
 */
export function transpileWorkspaceModule(source: string, filePath: string): Transpiled {
  const isTypeScript = /\.(c|m)?tsx?$/i.test(filePath);
  if (!isTypeScript && !ES_MODULE_SYNTAX.test(source)) return { code: source };
  let result: ReturnType<typeof transform>;
  try {
    result = transform(source, {
      transforms: isTypeScript ? ['typescript', 'imports'] : ['imports'],
      filePath,
      sourceMapOptions: { compiledFilename: filePath },
      // The user's file runs in Node 18+: keep modern syntax as it is.
      disableESTransforms: true,
    });
  } catch (error) {
    throw TranspileError.from(error, filePath);
  }
  const map = result.sourceMap;
  return map ? { code: result.code, sourceMap: { version: map.version, sources: map.sources, names: map.names, mappings: map.mappings, file: map.file } } : { code: result.code };
}

/** A file sucrase could not parse, with the place it names (`Unexpected token (2:49)`, 1-based line, 0-based column). */
export class TranspileError extends SyntaxError {
  constructor(
    message: string,
    readonly location: SourceLocation,
  ) {
    super(message);
  }

  static from(error: unknown, file: string): TranspileError {
    const message = error instanceof Error ? error.message : String(error);
    const at = /\((\d+):(\d+)\)\s*$/.exec(message);
    return new TranspileError(message, at ? { file, line: Number(at[1]), column: Number(at[2]) + 1 } : { file, line: 1 });
  }
}
