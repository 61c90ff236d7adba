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

/** Sets the text only when it differs: an equal write still replaces the text node and dirties layout. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
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

/**
 * Makes `parent`'s children equal to `next` (freshly built, detached) while keeping the nodes that are
 * already there where the two agree: only changed text, attributes and nodes are touched, so the browser
 * restyles and relays out only what changed. Nodes in `next` carry no listeners that matter (the panes
 * that use this delegate their events), since kept nodes keep their own.
 */
export function patchChildren(parent: Node, next: readonly Node[]): void {
  const current = parent.childNodes;
  for (let i = 0; i < next.length; i++) {
    const existing = current[i] as Node | undefined;
    if (existing === undefined) {
      parent.appendChild(next[i]);
    } else {
      patchNode(existing, next[i]);
    }
  }
  while (current.length > next.length) parent.removeChild(current[current.length - 1]);
}

function patchNode(existing: Node, next: Node): void {
  if (existing.nodeType !== next.nodeType || existing.nodeName !== next.nodeName) {
    existing.parentNode?.replaceChild(next, existing);
    return;
  }
  if (existing.nodeType !== Node.ELEMENT_NODE) {
    if (existing.nodeValue !== next.nodeValue) existing.nodeValue = next.nodeValue;
    return;
  }
  const from = existing as Element;
  const to = next as Element;
  for (const attribute of Array.from(to.attributes)) {
    if (from.getAttribute(attribute.name) !== attribute.value) from.setAttribute(attribute.name, attribute.value);
  }
  for (const attribute of Array.from(from.attributes)) {
    if (!to.hasAttribute(attribute.name)) from.removeAttribute(attribute.name);
  }
  patchChildren(from, Array.from(to.childNodes));
}
