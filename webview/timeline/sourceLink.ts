/** A place in a workspace file as a link: `order.ts:16`, which asks the host to open the file there. */
import type { SourceLink } from '../../src/protocol/timeline';
import { el } from '../shared/dom';

export function sourceLinkButton(location: SourceLink, open: (location: SourceLink) => void): HTMLButtonElement {
  const name = location.file.split(/[\\/]/).pop() ?? location.file;
  const text = `${name}:${location.line}${location.column !== undefined ? `:${location.column}` : ''}`;
  const link = el('button', { className: 'link-button source-link', text, title: `Open ${location.file} at line ${location.line}`, attributes: { type: 'button' } });
  link.addEventListener('click', () => open(location));
  return link;
}
