/** The integrity banner: gaps, duplicates and clock skew in the stream, each a link to its event. */
import type { IntegrityIssue } from '../../src/protocol/common';
import { el, formatCount } from '../shared/dom';
import { icon } from '../shared/icons';

const SHOWN = 3;

export class WarningsBanner {
  readonly element: HTMLElement;

  constructor(private readonly select: (index: number) => void) {
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
        const item = el('li', { className: `warning warning-${issue.kind}` }, [el('span', { text: issue.message })]);
        if (issue.index >= 0) {
          const link = el('button', { className: 'link-button', text: 'Show event', attributes: { type: 'button' }, title: `Select event ${issue.index + 1} of the stream` });
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
