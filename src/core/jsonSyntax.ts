/**
 * Finds where JSON text stops being valid. V8's own messages for JSON.parse often omit the position
 * ("Unexpected token '}', "{"a":}" is not valid JSON"), and a user staring at a 2 MB message needs the line
 * and column. This scanner runs only after JSON.parse has already failed, in one linear pass, and keeps its
 * nesting on an explicit stack so deep input cannot overflow the call stack.
 */
export interface JsonSyntaxError {
  /** Offset into the text (UTF-16 code units, as JavaScript counts). */
  position: number;
  line: number;
  column: number;
  problem: string;
}

type Container = 'object' | 'array';
type Expect = 'value' | 'key' | 'after-value';

class SyntaxProblem extends Error {
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** Returns the first syntax error in `text`, or undefined when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const { line, column } = lineAndColumn(text, error.position);
    return { position: error.position, line, column, problem: error.problem };
  }
}

function scan(text: string): void {
  const stack: Container[] = [];
  let pos = 0;
  let expect: Expect = 'value';
  for (;;) {
    pos = skipWhitespace(text, pos);
    if (expect === 'value') {
      if (pos >= text.length) throw new SyntaxProblem(pos, 'unexpected end of input, expected a value');
      const ch = text[pos];
      if (ch === '{' || ch === '[') {
        const closing = ch === '{' ? '}' : ']';
        pos = skipWhitespace(text, pos + 1);
        if (text[pos] === closing) {
          pos += 1;
          expect = 'after-value';
        } else {
          stack.push(ch === '{' ? 'object' : 'array');
          expect = ch === '{' ? 'key' : 'value';
        }
      } else {
        pos = scanScalar(text, pos);
        expect = 'after-value';
      }
    } else if (expect === 'key') {
      if (text[pos] !== '"') throw unexpected(text, pos, 'expected a property name in double quotes');
      pos = skipWhitespace(text, scanString(text, pos));
      if (text[pos] !== ':') throw unexpected(text, pos, "expected ':' after the property name");
      pos += 1;
      expect = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (pos < text.length) throw unexpected(text, pos, 'unexpected content after the JSON value');
        return;
      }
      const ch = text[pos];
      const closing = top === 'object' ? '}' : ']';
      if (ch === ',') {
        pos += 1;
        expect = top === 'object' ? 'key' : 'value';
      } else if (ch === closing) {
        pos += 1;
        stack.pop();
      } else {
        throw unexpected(text, pos, `expected ',' or '${closing}'`);
      }
    }
  }
}

function scanScalar(text: string, pos: number): number {
  const ch = text[pos];
  if (ch === '"') return scanString(text, pos);
  if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return scanNumber(text, pos);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, pos)) return pos + literal.length;
  }
  throw unexpected(text, pos, 'expected a value');
}

function scanString(text: string, start: number): number {
  let pos = start + 1;
  while (pos < text.length) {
    const code = text.charCodeAt(pos);
    if (code === 0x22) return pos + 1;
    if (code < 0x20) throw new SyntaxProblem(pos, 'unescaped control character in string');
    if (code === 0x5c) {
      const escape = text[pos + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          throw new SyntaxProblem(pos, 'bad \\u escape in string (needs four hex digits)');
        }
        pos += 6;
        continue;
      }
      if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
        throw new SyntaxProblem(pos, 'bad escape sequence in string');
      }
      pos += 2;
      continue;
    }
    pos += 1;
  }
  throw new SyntaxProblem(start, 'unterminated string');
}

function scanNumber(text: string, start: number): number {
  const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  match.lastIndex = start;
  const found = match.exec(text);
  if (found === null) throw unexpected(text, start, 'malformed number');
  const end = start + found[0].length;
  // "01", "1." and "1e" match a valid prefix; the leftover digit or dot is the real mistake.
  const next = text[end];
  if (next !== undefined && /[0-9.eE+-]/.test(next)) throw unexpected(text, end, 'malformed number');
  return end;
}

function skipWhitespace(text: string, pos: number): number {
  let at = pos;
  while (at < text.length) {
    const ch = text[at];
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') break;
    at += 1;
  }
  return at;
}

function unexpected(text: string, pos: number, expectation: string): SyntaxProblem {
  if (pos >= text.length) return new SyntaxProblem(pos, `unexpected end of input, ${expectation}`);
  return new SyntaxProblem(pos, `unexpected ${describeCharacter(text, pos)}, ${expectation}`);
}

/**
 * The character at `pos` as a reader can make it out: quoted when it is visible, by its code point when
 * it is a space, a control or a line separator that would show as nothing (or break the message's line).
 */
function describeCharacter(text: string, pos: number): string {
  const codePoint = text.codePointAt(pos) ?? 0;
  const character = String.fromCodePoint(codePoint);
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]+$/u.test(character) ? JSON.stringify(character) : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < position; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: position - lineStart + 1 };
}
