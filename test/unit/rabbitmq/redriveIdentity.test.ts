// What a dry run and the redrive after it agree a message is: its id, else its x-death record and a hash
// of its body, never its position; listed identities are taken one match at a time.
import * as assert from 'node:assert/strict';
import type { DeathRecord } from '../../../src/connectors/rabbitmq/deadLetters';
import { FIRST_BYTES_KEPT } from '../../../src/connectors/rabbitmq/messages';
import { describeIdentity, ListedMessages, redriveIdentity } from '../../../src/connectors/rabbitmq/redriveIdentity';
import type { RedriveReport } from '../../../src/connectors/rabbitmq/redrive';
import { summariseRedrive } from '../../../src/connectors/rabbitmq/redriveSummary';

const death: DeathRecord = { reason: 'rejected', queue: 'orders.created', exchange: 'orders', routingKeys: ['order.created'], count: 1, time: '2026-12-06T09:00:00.000Z' };
const body = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('redrive identities', () => {
  it('the message id when there is one; else the latest death and the body, both of which must match', () => {
    assert.equal(redriveIdentity({ messageId: 'm-1', deaths: [death], body: body('a') }), 'id:m-1');
    const anonymous = redriveIdentity({ deaths: [death], body: body('a') });
    assert.equal(redriveIdentity({ deaths: [death], body: body('a') }), anonymous);
    assert.notEqual(redriveIdentity({ deaths: [death], body: body('b') }), anonymous, 'another body');
    assert.notEqual(redriveIdentity({ deaths: [{ ...death, count: 2 }], body: body('a') }), anonymous, 'died again since');
    assert.notEqual(redriveIdentity({ deaths: [], body: body('a') }), anonymous, 'no x-death');
    assert.match(describeIdentity(anonymous), /^no id \(rejected in orders\.created, body sha256 [0-9a-f]{8}…\)$/);
    assert.equal(describeIdentity('id:m-1'), 'm-1');
  });

  it('a body a peek kept only as its first bytes has the identity of the whole body the redrive reads', () => {
    const whole = new Uint8Array(300 * 1024).map((_, i) => (i * 7) % 251);
    const cut = whole.slice(0, FIRST_BYTES_KEPT - 2);
    assert.equal(redriveIdentity({ deaths: [death], body: cut, wholeSize: whole.byteLength }), redriveIdentity({ deaths: [death], body: whole }));
    assert.notEqual(redriveIdentity({ deaths: [death], body: cut, wholeSize: whole.byteLength + 1 }), redriveIdentity({ deaths: [death], body: whole }), 'another size');
    const other = whole.slice();
    other[10] ^= 1;
    assert.notEqual(redriveIdentity({ deaths: [death], body: other }), redriveIdentity({ deaths: [death], body: whole }), 'another first byte');
  });

  it('each listed identity is taken once: copies beyond those listed are not', () => {
    const listed = new ListedMessages(['id:a', 'id:a', 'id:b']);
    assert.deepEqual([listed.take('id:a'), listed.take('id:a'), listed.take('id:a'), listed.take('id:c')], [true, true, false, false]);
    assert.equal(listed.allFound, false);
    assert.deepEqual(listed.missing(), ['id:b']);
    assert.equal(listed.take('id:b'), true);
    assert.equal(listed.allFound, true);
  });

  it('the summary says what moved where, what stayed and why, and what was not found', () => {
    const report: RedriveReport = {
      moved: 2,
      skipped: [{ position: 4, reason: 'redriven 3 times and dead again (limit 3): left here so it does not loop' }],
      kept: 0,
      scanned: 5,
      byTarget: {},
      sentTo: [{ exchange: '', routingKey: 'orders.payments' }],
      possiblyDuplicated: 0,
      listed: 4,
      notFound: ['id:m-9'],
    };
    const summary = summariseRedrive(report);
    assert.equal(summary.text, 'Redrove 2 of 4 to orders.payments; 1 stayed; 1 not found.');
    assert.deepEqual(summary.queues, ['orders.payments']);
    assert.match(summary.details.join('\n'), /1 stayed: redriven 3 times/);
    assert.match(summary.details.join('\n'), /no longer in the queue .*: m-9/);
  });
});
