import * as assert from 'node:assert/strict';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import type { FlowEvent } from '../../../src/core/envelope';
import { logPositionOf, missingValueOf, placeOf, registerSourceDescriber, routedPlaceOf } from '../../../src/core/sourceDescribers';

const record = (value: Buffer | null, key: Buffer | null): FlowEvent =>
  recordToEvent('orders', 2, { offset: '9007199254740993', timestamp: '0', key, value, headers: {} });

describe('source describers: each kind says how its sources read', () => {
  it('a Kafka record: its place, its log position (big offsets as text, a binary key as base64) and a tombstone as a missing value', () => {
    const event = record(Buffer.from('{}'), Buffer.from([0xff, 0x00]));
    assert.equal(placeOf(event), 'orders [2] @ 9007199254740993');
    assert.deepEqual(logPositionOf(event.source), { partition: 2, offset: '9007199254740993', key: '/wA=', keyEncoding: 'base64' });
    assert.equal(missingValueOf(event.source), undefined);
    const tombstone = record(null, Buffer.from('Order-1'));
    assert.equal(missingValueOf(tombstone.source)?.label, 'tombstone (null value)');
    assert.match(missingValueOf(tombstone.source)?.note ?? '', /not an empty value/);
  });

  it('a RabbitMQ message: its queue and position, and no log position', () => {
    const { event } = toPeekedMessage({ content: Buffer.from('{}'), fields: { exchange: 'orders', routingKey: 'order.created' }, properties: {} }, { vhost: '/', queue: 'orders.audit', position: 3 }).message;
    assert.equal(placeOf(event), 'orders.audit #3');
    assert.equal(logPositionOf(event.source), undefined);
    assert.equal(routedPlaceOf(event), 'orders → orders.audit #3 (key order.created)');
    const streamed = toPeekedMessage({ content: Buffer.from('{}'), fields: { exchange: '', routingKey: '' }, properties: {} }, { vhost: '/', queue: 'audit', position: 0, streamOffset: '42' }).message.event;
    assert.equal(routedPlaceOf(streamed), '(default) → audit @ 42');
    assert.equal(routedPlaceOf(record(Buffer.from('{}'), null)), 'orders [2] @ 9007199254740993', 'a kind that does not route reads as its place');
  });

  it('a kind that registered no describer reads as the event id; one that registers later is asked from then on', () => {
    const event: FlowEvent = { id: 'e-1', type: 't', timestamp: '', data: null, metadata: {}, source: { system: 'test-kind-of-its-own', lane: 'a', at: 4 } };
    assert.equal(placeOf(event), 'e-1');
    assert.equal(missingValueOf(event.source), undefined);
    registerSourceDescriber({ system: 'test-kind-of-its-own', place: (source) => `${JSON.stringify(source.lane)}:${JSON.stringify(source.at)}` });
    assert.equal(placeOf(event), '"a":4');
  });
});
