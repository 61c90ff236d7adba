import * as assert from 'node:assert/strict';
import { ConnectAttempt } from '../../../src/connections/connectAttempt';

/** A connect that only ends when told to, and records whether its signal was aborted. */
function slowConnect(): { connect: (signal: AbortSignal) => Promise<string>; finish(value: string): void; aborted(): boolean; calls(): number } {
  let resolveIt: (value: string) => void = () => undefined;
  let seen: AbortSignal | undefined;
  let calls = 0;
  return {
    connect: (signal) => {
      calls += 1;
      seen = signal;
      return new Promise<string>((resolve, reject) => {
        resolveIt = resolve;
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    },
    finish: (value) => resolveIt(value),
    aborted: () => seen?.aborted ?? false,
    calls: () => calls,
  };
}

describe('ConnectAttempt', () => {
  it('shares one attempt between concurrent callers and keeps what it connected', async () => {
    const slow = slowConnect();
    const attempt = new ConnectAttempt(slow.connect);
    const first = attempt.open();
    const second = attempt.open();
    slow.finish('client');
    assert.deepEqual(await Promise.all([first, second]), ['client', 'client']);
    assert.equal(await attempt.open(), 'client');
    assert.equal(slow.calls(), 1);
    assert.equal(attempt.current, 'client');
  });

  it('aborts the attempt itself when its only caller cancels, and starts afresh next time', async () => {
    const slow = slowConnect();
    const attempt = new ConnectAttempt(slow.connect);
    const controller = new AbortController();
    const opening = attempt.open(controller.signal);
    controller.abort();
    await assert.rejects(opening, { name: 'AbortError' });
    assert.equal(slow.aborted(), true, 'the connect under way was told to stop');
    const again = attempt.open();
    assert.equal(slow.calls(), 2);
    slow.finish('second');
    assert.equal(await again, 'second');
  });

  it('keeps the attempt going while another caller still waits for it', async () => {
    const slow = slowConnect();
    const attempt = new ConnectAttempt(slow.connect);
    const controller = new AbortController();
    const cancelled = attempt.open(controller.signal);
    const patient = attempt.open();
    controller.abort();
    await assert.rejects(cancelled, { name: 'AbortError' });
    assert.equal(slow.aborted(), false);
    slow.finish('client');
    assert.equal(await patient, 'client');
  });

  it('reset hands back what was connected (to close it) and aborts an attempt under way', async () => {
    const slow = slowConnect();
    const attempt = new ConnectAttempt(slow.connect);
    const opening = attempt.open();
    const resetting = attempt.reset();
    await assert.rejects(opening, /aborted/);
    assert.equal(await resetting, undefined);
    assert.equal(slow.aborted(), true);
    const next = attempt.open();
    slow.finish('client');
    await next;
    assert.equal(await attempt.reset(), 'client');
    assert.equal(attempt.current, undefined);
  });

  it('refuses at once when the signal is already aborted', async () => {
    const slow = slowConnect();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new ConnectAttempt(slow.connect).open(controller.signal));
    assert.equal(slow.calls(), 0);
  });
});
