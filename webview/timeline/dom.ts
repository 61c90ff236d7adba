/**
 * Element construction for the webview. Text only ever goes in through `textContent`: event data is
 * untrusted, so nothing here accepts HTML.
 */
export interface ElementOptions {
  id?: string;
  className?: string;
  text?: string;
  title?: string;
  attributes?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.id !== undefined) element.id = options.id;
  if (options.className !== undefined) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.title !== undefined) element.title = options.title;
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    element.setAttribute(name, value);
  }
  for (const child of children) element.append(child);
  return element;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** `100000` → `100,000`. Integers by hand: the first toLocaleString call loads locale data (tens of ms). */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}

/** `2026-11-24T10:15:30.123Z` → `2026-11-24 10:15:30.123`: compact, and still the recorded UTC time. */
export function formatTimestamp(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z?$/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

/** The list's shorter form: to the second, since the detail pane shows the full timestamp. */
export function formatListTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}
