import * as assert from 'node:assert/strict';
import { Sampler, checkSampleInterval } from '../../../src/connectors/reads/sampler';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sampler: one poll per connection, shared, only while watched', () => {
  it('shares one poll among subscribers and stops when the last one leaves', async () => {
    let reads = 0;
    const sampler = new Sampler(() => Promise.resolve(++reads), { intervalMs: 1000 });
    const seenA: number[] = [];
    const seenB: number[] = [];
    const a = sampler.subscribe((s) => seenA.push(s.value));
    const b = sampler.subscribe((s) => seenB.push(s.value));
    await wait(20);
    assert.equal(reads, 1, 'two subscribers, one read');
    assert.deepEqual(seenA, [1]);
    assert.deepEqual(seenB, [1]);
    assert.ok(sampler.last && sampler.last.at > 0, 'the figure says when it was read');
    const late: number[] = [];
    const c = sampler.subscribe((s) => late.push(s.value));
    assert.deepEqual(late, [1], 'a late subscriber gets the last sample at once, no new read');
    assert.equal(reads, 1);
    a.dispose();
    b.dispose();
    c.dispose();
    assert.equal(sampler.subscribers, 0);
    await wait(1100);
    assert.equal(reads, 1, 'nobody watches: no read');
  });

  it('polls on the interval while watched, never two reads at once', async function () {
    this.timeout(5000);
    let inFlight = 0;
    let most = 0;
    const sampler = new Sampler(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await wait(1500);
      inFlight -= 1;
      return 0;
    }, { intervalMs: 1000 });
    const sub = sampler.subscribe(() => undefined);
    await wait(2200);
    sub.dispose();
    assert.equal(most, 1);
    assert.equal(sampler.polls, 2, 'the tick that found a read running was skipped');
  });

  it('refuses an interval below 1 s with a message', () => {
    assert.throws(() => new Sampler(() => Promise.resolve(0), { intervalMs: 1 }), /at most once a second/);
    assert.match(checkSampleInterval(0.001, 'eventFlows.rabbitmq.refreshSeconds').problem ?? '', /more often than every 1 s is refused/);
    assert.equal(checkSampleInterval(0.001, 'x').seconds, -1);
    assert.deepEqual(checkSampleInterval(0, 'x'), { seconds: 0 });
    assert.deepEqual(checkSampleInterval(10, 'x'), { seconds: 10 });
  });
});
