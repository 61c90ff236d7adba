/**
 * Checks, by CommonMark's rules, that some Markdown is one code span showing exactly a text: a fence of N
 * backticks, a space, the text with no run of exactly N backticks and no line break, a space, the same fence.
 * Inside a code span nothing renders (no link, image, emphasis, HTML or entity), so what passes shows as text.
 */
import * as assert from 'node:assert/strict';

export function assertCodeSpanShows(markdown: string, expected: string, options: { inTable?: boolean } = {}): void {
  const fence = /^`+/.exec(markdown)?.[0] ?? '';
  assert.ok(fence.length > 0, `not a code span: ${JSON.stringify(markdown)}`);
  assert.ok(markdown.length >= fence.length * 2 + 2 && markdown.endsWith(` ${fence}`) && markdown[fence.length] === ' ', `the span is not closed by its fence: ${JSON.stringify(markdown)}`);
  const inner = markdown.slice(fence.length + 1, markdown.length - fence.length - 1);
  assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(inner), `a line break in ${JSON.stringify(markdown)}`);
  for (const run of inner.match(/`+/g) ?? []) assert.notEqual(run.length, fence.length, `a backtick run closes the span early: ${JSON.stringify(markdown)}`);
  if (options.inTable) assert.ok(!/(^|[^\\])\|/.test(inner), `an unescaped | would split the table cell: ${JSON.stringify(markdown)}`);
  assert.equal(options.inTable ? inner.replace(/\\\|/g, '|') : inner, expected);
}
