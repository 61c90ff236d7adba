// A destructive command skips its dialog only for a token the extension issued: what a command link or
// another extension can pass (JSON: `true`, strings, copies of a token) never does.
import * as assert from 'node:assert/strict';
import { isPreconfirmed, preconfirm } from '../../../src/ui/confirmation';

describe('confirmations given ahead', () => {
  it('accepts only a token issued by preconfirm, never what arguments can carry', () => {
    const token = preconfirm();
    assert.equal(isPreconfirmed(token), true);
    for (const forged of [true, 'true', 1, {}, { preconfirmed: token.preconfirmed }, JSON.parse(JSON.stringify(token)) as unknown, structuredClone(token), { ...token }, null, undefined]) {
      assert.equal(isPreconfirmed(forged), false, `${JSON.stringify(forged)} passed as a confirmation`);
    }
  });

  it('a command link with `{"confirmed": true}` (its arguments are JSON) does not confirm', () => {
    const args = JSON.parse(decodeURIComponent(encodeURIComponent(JSON.stringify([{ kind: 'rabbitQueue' }, { confirmed: true }])))) as [unknown, { confirmed: unknown }];
    assert.equal(isPreconfirmed(args[1].confirmed), false);
  });
});
