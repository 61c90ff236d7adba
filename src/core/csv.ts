/**
 * One CSV field, for every CSV the extension writes. Cells come from message keys, headers and bodies that
 * someone else wrote, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or
 * carriage return before one) as a formula: `=HYPERLINK(…)`, `@SUM(…)`, `-2+3+cmd|' /C calc'!A0`. Such a
 * cell gets a leading `'`, which spreadsheets read as "this is text" (OWASP's CSV injection advice). A plain
 * number (`-5`, `+1.5e3`) cannot be a formula and stays as it is. Then RFC 4180 quoting.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}
