import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../../../src/core/envelope';
import { ReducerSandbox } from '../../../src/sandbox/reducerSandbox';
import { SandboxError } from '../../../src/sandbox/types';

const event = (type: string, version: number): FlowEvent => ({ id: `e${version}`, type, timestamp: '2026-01-01T00:00:00Z', data: {}, version, metadata: {}, source: { system: 'local', file: 'events.ndjson', line: version } });

describe('sandbox: breakpoint conditions over states the host folded', function () {
  this.timeout(20_000);
  let sandbox: ReducerSandbox;

  beforeEach(() => {
    sandbox = new ReducerSandbox({ timeLimitMs: 500 });
  });

  afterEach(async () => {
    await sandbox.dispose();
  });

  it('finds the first pair for which the condition holds, over state and event', async () => {
    const pairs = [0, 5, -3, -4].map((total, i) => ({ state: { total }, event: event(i === 3 ? 'Refunded' : 'ItemAdded', i + 1) }));
    assert.equal(await sandbox.evaluate('state.total < 0', pairs), 2);
    assert.equal(await sandbox.evaluate('state.total < 0 && event.type === "Refunded"', pairs), 3);
    assert.equal(await sandbox.evaluate('state.total > 100', pairs), -1);
    assert.equal(sandbox.workerStarts, 1);
  });

  it('refuses what is not an expression, and a condition cannot change the state it reads', async () => {
    await assert.rejects(sandbox.evaluate('state.total <', [{ state: {}, event: event('X', 1) }]), /not an expression/);
    await assert.rejects(sandbox.evaluate('(state.total = 5)', [{ state: { total: 1 }, event: event('X', 1) }]), /breakpoint condition failed/);
  });

  it('reports a syntax error in the text the user typed, with its column, never a ) it did not type', async () => {
    const error = (expression: string): Promise<string> =>
      sandbox.evaluate(expression, [{ state: {}, event: event('X', 1) }]).then(
        () => 'no error',
        (failure: unknown) => (failure instanceof Error ? failure.message : String(failure)),
      );
    assert.equal(await error('state.total <'), 'The breakpoint condition "state.total <" is not an expression: Unexpected end of input at column 14');
    assert.equal(await error('state.total < 0)'), 'The breakpoint condition "state.total < 0)" is not an expression: Unexpected token \')\' at column 16');
    assert.equal(await error('state.items.find(i => i.sku = )'), 'The breakpoint condition "state.items.find(i => i.sku = )" is not an expression: Unexpected token \')\' at column 31');
    assert.equal(await error('state.total; event.type'), 'The breakpoint condition "state.total; event.type" is not an expression but statements: write one expression over state and event');
    assert.equal(await sandbox.evaluate('state.total > 1 // a note', [{ state: { total: 2 }, event: event('X', 1) }]), 0, 'a trailing comment does not swallow the wrapping');
  });

  it('stops a condition that never returns within the time limit', async () => {
    const started = Date.now();
    const error = await sandbox.evaluate('(() => { for (;;) {} })()', [{ state: {}, event: event('X', 1) }]).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof SandboxError && error.failure.kind === 'timeout', String(error));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(await sandbox.evaluate('true', [{ state: {}, event: event('X', 1) }]), 0, 'the next request runs in a new worker');
  });
});
