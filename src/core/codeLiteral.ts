/**
 * A value as a literal in generated code: JSON (valid JavaScript, TypeScript and, inside a string, Python)
 * with U+2028 and U+2029 escaped, so no id, type or payload can end a line, a comment or a string early.
 * Data is never code: generated programs take user data only through this.
 */
export function codeLiteral(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) return 'null';
  return text.replace(/[\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}
