/**
 * Ids, types and keys as someone who wants to break a generator would write them: every way text can end a
 * comment, a string, a template, a line or a Markdown span, around a payload that leaves a trace (a file)
 * if it ever runs. Shared by the generators' property tests and the reliability suite's count.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';

/** The pieces that end or open something in JS, JSON, Markdown, HTML or a line-based document. */
export const BREAKERS = [
  '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c', '\u0000',
  '*/', '/*', '//', '`', '${', '}', '"', "'", '\\', '</script>', '<!--', '-->',
  '###', 'topic: evil', 'key: k', 'header: a: b', 'format: text', '//x',
  '[link](https://example.invalid/x)', '![img](https://example.invalid/i.png)', '<img src=x>', '**', '_', '|', '#',
  'https://example.invalid', 'a@example.invalid', '&lt;', '$(x)',
] as const;

/** A folder whose only use is to show whether a payload ran: it ran iff a file appears in it. */
export interface Tripwire {
  folder: string;
  /** JS code that, if executed, writes a file into the folder. */
  jsPayload: string;
  /** How many payloads have run so far. */
  fired(): number;
  remove(): void;
}

export function tripwire(): Tripwire {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-tripwire-'));
  const target = JSON.stringify(path.join(folder, 'ran'));
  return {
    folder,
    jsPayload: `require('fs').appendFileSync(${target}, 'x');process.stdout.write('');`,
    fired: () => {
      const file = path.join(folder, 'ran');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').length : 0;
    },
    remove: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

/** Hostile text: breakers and payloads around arbitrary text, never empty. */
export function hostileText(payload: string): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BREAKERS) },
    { weight: 2, arbitrary: fc.constantFrom(payload, `\n${payload}\n`, `*/${payload}/*`, `\u2028${payload}`, `\`;${payload};\``, `\${${payload}}`, `";${payload};"`) },
    { weight: 2, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
  );
  return fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')).filter((text) => text.length > 0);
}

/** The fixed cases every generator also gets, whatever fast-check draws: each breaker around the payload. */
export function hostileSamples(payload: string): string[] {
  return BREAKERS.flatMap((breaker) => [`id${breaker}${payload}`, `${breaker}${payload}${breaker}`]);
}
