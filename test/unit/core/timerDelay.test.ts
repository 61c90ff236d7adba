import * as assert from 'node:assert/strict';
import { withDeadline } from '../../../src/connectors/kafka/deadline';
import { MAX_TIMER_DELAY_MS, timerDelay } from '../../../src/core/timerDelay';
import { recordingTimers } from '../../support/timers';

const valid = (delay: unknown): boolean => typeof delay === 'number' && Number.isInteger(delay) && delay >= 0 && delay <= MAX_TIMER_DELAY_MS;

describe('timer delays: never negative, NaN or past what Node takes', () => {
  it('timerDelay turns an unset or past deadline into 0 and caps a far one', () => {
    const unsetDeadline = 0;
    assert.equal(timerDelay(unsetDeadline - Date.now()), 0);
    assert.equal(timerDelay(Number.NaN), 0);
    assert.equal(timerDelay(Number.POSITIVE_INFINITY), 0);
    assert.equal(timerDelay(-5), 0);
    assert.equal(timerDelay(1.2), 2);
    assert.equal(timerDelay(1e13), MAX_TIMER_DELAY_MS);
  });

  it('withDeadline gives its timer a valid delay whatever timeout it is handed, and times out at once for none', async () => {
    for (const timeoutMs of [Number.NaN, -1_796_544_681_806, 0]) {
      const { delays } = await recordingTimers(() =>
        assert.rejects(
          withDeadline('Reading', timeoutMs, undefined, () => new Promise(() => undefined)),
          (error: Error) => /did not finish/.test(error.message),
        ),
      );
      assert.ok(delays.length > 0 && delays.every(valid), `timeout ${timeoutMs}: delays ${delays.join(', ')}`);
    }
    const { result, delays } = await recordingTimers(() => withDeadline('Reading', 1e13, undefined, () => Promise.resolve('read')));
    assert.equal(result, 'read');
    assert.deepEqual(delays, [MAX_TIMER_DELAY_MS]);
  });
});
