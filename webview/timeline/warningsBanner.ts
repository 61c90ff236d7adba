/** The integrity banner: gaps, duplicates and clock skew in the stream, each a link to its event. */
import type { IntegrityIssue } from '../../src/protocol/common';
import type { SourceLink } from '../../src/protocol/timeline';
import { el, formatCount } from '../shared/dom';
import { icon } from '../shared/icons';
import { sourceLinkButton } from './sourceLink';

const SHOWN = 3;

export class WarningsBanner {
  readonly element: HTMLElement;

  constructor(
    private readonly select: (index: number) => void,
    private readonly open: (location: SourceLink) => void,
  ) {
    this.element = el('div', { id: 'warnings', className: 'warnings', attributes: { role: 'status' } });
    this.element.hidden = true;
  }

  show(issues: readonly IntegrityIssue[]): void {
    this.element.hidden = issues.length === 0;
    if (issues.length === 0) {
      this.element.replaceChildren();
      return;
    }
    const list = el(
      'ul',
      { className: 'warnings-list' },
      issues.slice(0, SHOWN).map((issue) => {
        const item = el('li', { className: `warning warning-${issue.kind}` }, [el('span', { className: 'warning-text', text: issue.message })]);
        if (issue.location !== undefined) item.append(' · ', sourceLinkButton(issue.location, this.open));
        if (issue.index >= 0) {
          const place = issue.version !== undefined ? `v${issue.version}` : `event #${issue.index + 1}`;
          const link = el('button', { className: 'link-button', text: 'Show event', attributes: { type: 'button' }, title: `Select ${place} of the stream` });
          link.addEventListener('click', () => this.select(issue.index));
          item.append(' · ', link);
        }
        return item;
      }),
    );
    const more = issues.length > SHOWN ? [el('div', { className: 'muted', text: `and ${formatCount(issues.length - SHOWN)} more, marked in the list` })] : [];
    const title = issues.length === 1 ? '1 integrity warning' : `${formatCount(issues.length)} integrity warnings`;
    this.element.replaceChildren(icon('warning'), el('div', { className: 'warnings-body' }, [el('strong', { text: title }), list, ...more]));
  }
}
