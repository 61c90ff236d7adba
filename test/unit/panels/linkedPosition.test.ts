import * as assert from 'node:assert/strict';
import { genericReducer } from '../../../src/core/reducers';
import { parseTimelineLink } from '../../../src/deepLinks/deepLink';
import { linkedPositionReplies, positionOf } from '../../../src/panels/timeline/linkedPosition';
import { TimelineSession } from '../../../src/panels/timeline/timelineSession';
import { generatedStream } from './timelineEvents';

function counterSession(): TimelineSession {
  return new TimelineSession({ storeLabel: 'Local', aggregateId: 'Counter-1', aggregateType: 'Counter', events: generatedStream(20), reducer: genericReducer });
}

describe('deep links: the timeline opens at the link\'s version, with its filter', () => {
  it('a parsed link keeps its version and filter, and they put the session there: filter first, then the event', () => {
    const parsed = parseTimelineLink('/timeline', 'connection=local&aggregate=Counter-1&version=9&filter=CounterIncremented,LabelChanged', new Set(['local']));
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.link.version, parsed.link.filter], [9, ['CounterIncremented', 'LabelChanged']]);
    const session = counterSession();
    const replies = linkedPositionReplies(session, { version: parsed.link.version!, filter: parsed.link.filter! }, { type: 'step', to: 'last' });
    assert.deepEqual(replies.map((reply) => reply.type), ['filtered', 'selected']);
    assert.deepEqual(session.filter, ['CounterIncremented', 'LabelChanged']);
    assert.equal(session.selectedIndex, 8);
    const selected = replies[1];
    assert.ok(selected.type === 'selected');
    assert.equal(selected.detail.version, 9);
    // Version 9 is a CounterIncremented or LabelChanged event, so it is in the filtered view.
    assert.ok(selected.detail.position >= 0);
    assert.equal(session.viewLength, 16);
  });

  it('takes where a session stands to a reloaded one: the same filter and the event of the same version', () => {
    const before = counterSession();
    assert.equal(positionOf(before), undefined, 'nothing selected yet');
    linkedPositionReplies(before, { version: 9, filter: ['CounterIncremented', 'LabelChanged'] }, { type: 'step', to: 'last' });
    const position = positionOf(before);
    assert.deepEqual(position, { version: 9, filter: ['CounterIncremented', 'LabelChanged'] });

    const reloaded = counterSession();
    linkedPositionReplies(reloaded, position, { type: 'step', to: 'last' });
    assert.equal(reloaded.selectedIndex, 8);
    assert.deepEqual(reloaded.filter, ['CounterIncremented', 'LabelChanged']);
  });

  it("answers the page's own request when the link names a version the stream lacks, and says so", () => {
    const session = counterSession();
    const replies = linkedPositionReplies(session, { version: 999, filter: ['NoSuchType'] }, { type: 'step', to: 'last' });
    assert.deepEqual(replies.map((reply) => reply.type), ['selected', 'notice']);
    assert.equal(session.selectedIndex, 19);
    assert.deepEqual(session.filter, []);
    const notice = replies[1];
    assert.ok(notice.type === 'notice');
    assert.match(notice.message, /filter names event types this stream does not have \(NoSuchType\); the link's version 999 is not in this stream/);
  });

  it('with only a filter, keeps the page at the event it asked for', () => {
    const session = counterSession();
    const replies = linkedPositionReplies(session, { filter: ['LabelChanged'] }, { type: 'step', to: 'last' });
    assert.deepEqual(replies.map((reply) => reply.type), ['filtered', 'selected']);
    assert.equal(session.viewLength, 4);
    const selected = replies[1];
    assert.ok(selected.type === 'selected');
    assert.equal(selected.detail.type, 'LabelChanged');
  });
});
