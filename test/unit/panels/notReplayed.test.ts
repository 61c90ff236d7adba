import * as assert from 'node:assert/strict';
import { describeFailure } from '../../../src/sandbox/types';
import { failingReducerTimeline } from './failingReducerSession';

describe('timeline session: a workspace reducer that throws stops replay, and says so for every later event', function () {
  this.timeout(20_000);

  it('marks v3 and each event after it "not replayed", counts them in init, and names the failure by version', async () => {
    const timeline = await failingReducerTimeline();
    try {
      const { session } = timeline;
      const init = session.init();
      assert.deepEqual(init.notReplayed, { count: 4, failedAt: 'v3' });
      const rows = session.rows(0, 10);
      assert.deepEqual(
        rows.map((row) => row.notReplayed ?? null),
        [null, null, 'not replayed: the reducer failed at this event (v3)', 'not replayed: the reducer failed at v3', 'not replayed: the reducer failed at v3', 'not replayed: the reducer failed at v3'],
      );
      const failure = init.warnings.find((issue) => issue.kind === 'reducer');
      assert.equal(failure?.index, 2);
      assert.equal(failure?.version, 3);
      assert.deepEqual({ file: failure?.location?.file, line: failure?.location?.line }, { file: timeline.file, line: 5 });
      const later = session.select(4);
      assert.equal(later.notReplayed, 'not replayed: the reducer failed at v3');
      assert.deepEqual(later.state, session.select(1).state, 'the state shown is the last one replay reached');
      assert.equal(session.select(1).notReplayed, undefined);
      assert.equal(session.isShownLocation({ file: timeline.file, line: 5 }), true);
      assert.equal(session.isShownLocation({ file: '/etc/passwd', line: 1 }), false);
    } finally {
      await timeline.dispose();
    }
  });

  it('names a failing event by its version in every message a user reads', () => {
    assert.equal(describeFailure({ kind: 'threw', message: 'boom', eventIndex: 2, eventVersion: 3, eventType: 'ItemAdded' }), 'boom at v3 (ItemAdded)');
    assert.equal(describeFailure({ kind: 'threw', message: 'boom', eventIndex: 2 }), 'boom at event #3');
  });
});
