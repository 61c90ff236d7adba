/**
 * What the timeline says about its reducer: a banner for each workspace reducer file of this type that
 * did not load (with the reducer used instead and a link to the failing line), and under the header which
 * of two files exporting the type is used and why. Both go away when the host's next init has none.
 */
import type { ReducerNote, SourceLink } from '../../src/protocol/timeline';
import { el } from '../shared/dom';
import { icon } from '../shared/icons';
import { sourceLinkButton } from './sourceLink';

export class ReducerNotes {
  /** The load failures: a banner above the list. */
  readonly banner = el('div', { id: 'reducer-load-failures', className: 'reducer-banner', attributes: { role: 'alert' } });
  /** Which reducer is used when two files export the type: a line under the header's facts. */
  readonly choice = el('div', { id: 'reducer-choice', className: 'reducer-choice' });

  constructor(private readonly open: (location: SourceLink) => void) {
    this.banner.hidden = true;
    this.choice.hidden = true;
  }

  show(notes: readonly ReducerNote[]): void {
    const failures = notes.filter((note) => note.kind === 'load-failed');
    const choices = notes.filter((note) => note.kind === 'choice');
    this.banner.hidden = failures.length === 0;
    this.banner.replaceChildren(
      ...failures.map((note) =>
        el('div', { className: 'reducer-failure' }, [icon('warning'), el('span', { className: 'reducer-failure-text', text: note.message }), ...this.link(note)]),
      ),
    );
    this.choice.hidden = choices.length === 0;
    this.choice.replaceChildren(...choices.map((note) => el('div', { className: 'reducer-choice-note' }, [el('span', { text: note.message }), ...this.link(note)])));
  }

  private link(note: ReducerNote): Node[] {
    return note.location ? [document.createTextNode(' · '), sourceLinkButton(note.location, this.open)] : [];
  }
}
