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

/** "1 event", "2 events", "1,000 dead letters": a count with its noun in the right number. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
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
  let existing = parent.firstChild;
  for (const node of next) {
    if (existing === null) {
      parent.appendChild(node);
    } else {
      const following: ChildNode | null = existing.nextSibling;
      patchNode(existing, node);
      existing = following;
    }
  }
  while (existing !== null) {
    const following: ChildNode | null = existing.nextSibling;
    parent.removeChild(existing);
    existing = following;
  }
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
  const names = to.getAttributeNames();
  for (const name of names) {
    const value = to.getAttribute(name) as string;
    if (from.getAttribute(name) !== value) from.setAttribute(name, value);
  }
  // Every name of `to` is now on `from`: anything more is one to remove.
  if (from.attributes.length > names.length) {
    for (const name of from.getAttributeNames()) {
      if (!to.hasAttribute(name)) from.removeAttribute(name);
    }
  }
  const children = to.childNodes;
  if (children.length === 1 && from.childNodes.length === 1 && children[0].nodeType === Node.TEXT_NODE && from.firstChild?.nodeType === Node.TEXT_NODE) {
    // The common leaf: one text node.
    if (from.firstChild.nodeValue !== children[0].nodeValue) from.firstChild.nodeValue = children[0].nodeValue;
    return;
  }
  patchChildren(from, Array.from(children));
}
