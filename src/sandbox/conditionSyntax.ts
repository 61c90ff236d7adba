import * as vm from 'node:vm';

/**
 * Why a "stop when" expression does not parse, in terms of what the user typed. The condition is
 * compiled wrapped (`return (…);`), so the engine's own message can name a `)` the user never typed;
 * this parses the text alone and reads the column off the engine's caret line.
 */
export function describeConditionSyntax(expression: string): string {
  const quoted = JSON.stringify(expression);
  try {
    new vm.Script(expression, { filename: 'stop when' });
  } catch (error) {
    if (error instanceof SyntaxError) {
      const column = caretColumn(error.stack ?? '', expression);
      return `${quoted} is not an expression: ${error.message}${column === undefined ? '' : ` at column ${column}`}`;
    }
  }
  // Parses alone but not as one expression: statements (`a; b`) or a declaration.
  return `${quoted} is not an expression but statements: write one expression over state and event`;
}

/** The 1-based column the engine's caret (`^`) points at on the source line of its stack; past the end when it points nowhere. */
function caretColumn(stack: string, expression: string): number | undefined {
  const lines = stack.split('\n');
  const sourceLine = lines.findIndex((line, index) => index > 0 && expression.includes(line) && line.length > 0);
  if (sourceLine < 0) return undefined;
  const carets = lines[sourceLine + 1] ?? '';
  const at = carets.indexOf('^');
  return at >= 0 ? at + 1 : carets.length + 1;
}
