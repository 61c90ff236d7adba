import * as assert from 'node:assert/strict';
import { draftTemplate, parseEventDraft } from '../../../src/commands/eventDocument';

describe('event drafts', () => {
  it('parses the template once the user fills it in', () => {
    const text = draftTemplate('Order-7', 'Order', 3, 'ItemAdded').replace('"data": {}', '"data": {"sku":"A-1","quantity":2}');
    const result = parseEventDraft(text);
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.deepEqual(result.draft, {
      aggregateId: 'Order-7',
      aggregateType: 'Order',
      expectedVersion: 3,
      event: { type: 'ItemAdded', data: { sku: 'A-1', quantity: 2 }, metadata: {} },
    });
  });

  it('says where the JSON is broken', () => {
    const result = parseEventDraft('{"aggregateId": "Order-7",, }');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /position|line|column/i);
  });

  it('names the field that is wrong', () => {
    const result = parseEventDraft({ aggregateId: 'Order-7', aggregateType: 'Order', expectedVersion: -1, type: 'X', data: {} });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /expectedVersion/);
  });

  it('refuses unknown fields rather than dropping them', () => {
    const result = parseEventDraft({ aggregateId: 'A-1', aggregateType: 'A', expectedVersion: 0, type: 'X', data: {}, extra: 1 });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /extra/);
  });

  it('keeps non-empty metadata and drops empty ids', () => {
    const result = parseEventDraft({
      aggregateId: 'A-1', aggregateType: 'A', expectedVersion: 0, type: 'X', data: [1, 'two', null],
      metadata: { correlationId: 'corr-1', causationId: '' },
    });
    assert.ok(result.ok);
    assert.deepEqual(result.draft.event.metadata, { correlationId: 'corr-1' });
    assert.deepEqual(result.draft.event.data, [1, 'two', null]);
  });
});
