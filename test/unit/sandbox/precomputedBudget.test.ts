import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { MAX_PRECOMPUTED_BYTES, precomputeReducer, StatesTooLargeError } from '../../../src/sandbox/precomputedReducer';

function events(count: number): FlowEvent[] {
  return Array.from({ length: count }, (_, i) => ({ id: `e${i}`, type: 'Ticked', timestamp: '', data: {}, version: i + 1, metadata: {}, source: { system: 'local' as const, file: 'events.ndjson', line: i + 1 } }));
}

/** A stream whose state after event i is `state(i)`, counting what it handed out. */
function streamOf(state: (index: number) => JsonValue): { stateAt(index: number): Promise<JsonValue>; states(from: number, to: number): Promise<JsonValue[]>; handedOut: number } {
  const stream = {
    handedOut: 0,
    stateAt: (index: number) => Promise.resolve(state(index)),
    states(from: number, to: number) {
      const out = Array.from({ length: to - from + 1 }, (_, i) => state(from + i));
      stream.handedOut += out.length;
      return Promise.resolve(out);
    },
  };
  return stream;
}

describe('sandbox: the states the timeline precomputes are bounded by bytes', () => {
  it('refuses a few events whose states are large, before holding more than the budget and one chunk', async () => {
    const stream = streamOf((i) => ({ blob: 'x'.repeat(400_000), i }));
    const error = await precomputeReducer(stream, events(10), 'workspace:big.js', 2, 1_000_000).then(
      () => assert.fail('ten 400 kB states do not fit in 1 MB'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StatesTooLargeError, String(error));
    assert.equal(error.atEvent, 1);
    assert.equal(error.maxBytes, 1_000_000);
    assert.ok(error.heldBytes > 1_000_000 && error.heldBytes < 1_300_000, `${error.heldBytes}`);
    assert.equal(stream.handedOut, 2, 'stopped at the first chunk over the budget');
  });

  it('keeps many small states, more than the 200,000 a count allowed', async () => {
    const count = 250_000;
    const stream = streamOf((i) => ({ n: i + 1 }));
    const list = events(count);
    const { reducer, problems } = await precomputeReducer(stream, list, 'workspace:small.js');
    assert.deepEqual(problems, []);
    assert.deepEqual(reducer.apply({ n: 0 }, list[count - 1]), { n: count });
    assert.ok(MAX_PRECOMPUTED_BYTES >= 16 * 1024 * 1024);
  });
});
