import { SourceMap } from 'node:module';
import type { SourceMapPayload } from './transpile';
import type { SourceLocation } from './types';

/** One stack frame position: `(file:line:column)` or `at file:line:column`. */
const FRAME = /^(\s*at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/;

/**
 * Maps positions in transpiled workspace files back to what the user wrote, and finds in a stack the frame
 * that belongs to the user's code (the timeline points there, not at the sandbox's own frames).
 */
export class SourceLocations {
  private readonly maps = new Map<string, SourceMap>();
  private readonly files = new Set<string>();

  register(file: string, sourceMap: SourceMapPayload | undefined): void {
    this.files.add(file);
    if (sourceMap) this.maps.set(file, new SourceMap({ ...sourceMap, sourceRoot: '', sourcesContent: [] }));
    else this.maps.delete(file);
  }

  forget(file: string): void {
    this.files.delete(file);
    this.maps.delete(file);
  }

  /** 1-based line and column in the running code → 1-based in the user's file. */
  map(file: string, line: number, column: number): SourceLocation {
    const sourceMap = this.maps.get(file);
    if (!sourceMap) return { file, line, column };
    const entry = sourceMap.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
    if (typeof entry.originalLine !== 'number' || typeof entry.originalColumn !== 'number') return { file, line, column };
    return { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }

  /** The stack with every workspace frame mapped, and the innermost workspace frame. */
  mapStack(stack: string): { stack: string; location?: SourceLocation } {
    let location: SourceLocation | undefined = this.syntaxErrorHeader(stack);
    const lines = stack.split('\n').map((text) => {
      const match = FRAME.exec(text);
      if (!match || !this.files.has(match[2])) return text;
      const mapped = this.map(match[2], Number(match[3]), Number(match[4]));
      location ??= mapped;
      return `${match[1]}${mapped.file}:${mapped.line}:${mapped.column ?? 0}${match[5]}`;
    });
    return location ? { stack: lines.join('\n'), location } : { stack: lines.join('\n') };
  }

  /** V8 starts a compile error's stack with `file:line`, the source line and a caret under the column. */
  private syntaxErrorHeader(stack: string): SourceLocation | undefined {
    const [first, , caret] = stack.split('\n', 3);
    const match = /^(.+):(\d+)$/.exec(first ?? '');
    if (!match || !this.files.has(match[1])) return undefined;
    const column = caret !== undefined && /^\s*\^/.test(caret) ? caret.indexOf('^') + 1 : 1;
    return this.map(match[1], Number(match[2]), column);
  }
}
