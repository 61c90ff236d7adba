/**
 * Data written into things that are read again as structure: a program, a Markdown tooltip or report.
 * Ids, types, keys and payloads come from whoever wrote the event, so they go in only as literals or as
 * escaped plain text, never spliced in as they are (see DESIGN.md, "Data is never code").
 */

/**
 * A JavaScript expression that evaluates to `value`: its JSON, with U+2028 and U+2029 escaped (JSON allows
 * them raw inside strings, older JavaScript grammars end a line there) and `<`, `>` escaped too so the
 * literal cannot close a `<script>` or open an HTML comment if the program is ever embedded in a page.
 * `undefined` (which has no JSON) becomes `undefined`. `indent` spaces nest objects over lines, as in JSON.stringify.
 */
export function jsLiteral(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent) as string | undefined;
  if (json === undefined) return 'undefined';
  const literal = json.replace(/[\u2028\u2029<>]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // In an object literal a "__proto__" key sets the prototype instead of a property: such data is parsed, not written as a literal.
  return json.includes('"__proto__"') ? `JSON.parse(${jsLiteral(json)})` : literal;
}

/** Line breaks of every kind a reader may honour: CR, LF, NEL, LS, PS (and the vertical tab and form feed). */
// eslint-disable-next-line no-control-regex -- the vertical tab and form feed are what this looks for
export const LINE_BREAK = /[\r\n\u000b\u000c\u0085\u2028\u2029]/;

/**
 * `text` as a Markdown code span: nothing inside a code span renders (no link, image, emphasis, HTML or
 * entity), and it stays readable in the Markdown source. The fence is one backtick longer than the longest
 * run of backticks in the text, with a space inside each end (which CommonMark strips), and line breaks and
 * control characters are shown escaped so the span cannot end its line. In a GFM table cell `|` must be
 * written `\|` even inside a span (`inTable`).
 */
export function markdownCode(text: string, options: { inTable?: boolean } = {}): string {
  const shown = visibleControls(text);
  const longest = (shown.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const inner = options.inTable ? shown.replace(/\|/g, '\\|') : shown;
  return `${fence} ${inner} ${fence}`;
}

/**
 * `text` on one line: line breaks, other control characters and the bidirectional overrides (which can make
 * text read in another order than it is) shown as `\n`, `\u2028`, … rather than obeyed.
 */
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
