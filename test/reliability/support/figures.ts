/**
 * Every measured figure is printed as one `name: value` line, so a run's output can be grepped and the
 * README's table copied from it. Printing is separate from asserting: the test asserts, then reports.
 */
export function figure(name: string, value: string | number): void {
  console.log(`      ${name}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`);
}
