import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { EventSource, FlowEvent } from '../../../src/core/envelope';
import { decodeEventBatch, encodeEventBatch } from '../../../src/sandbox/eventBatch';

const roundTrip = (events: FlowEvent[]): FlowEvent[] => decodeEventBatch(encodeEventBatch(events));
/** What crossing as plain JSON gives: the reference the batch text must equal, keys in their order included. */
const asJson = (events: FlowEvent[]): FlowEvent[] => JSON.parse(JSON.stringify(events)) as FlowEvent[];

function localEvent(line: number, overrides: Partial<FlowEvent> = {}): FlowEvent {
  return {
    id: `evt-${line}`,
    type: line % 2 ? 'ItemAdded' : 'OrderPaid',
    timestamp: new Date(Date.UTC(2026, 0, 5, 9, 0, line)).toISOString(),
    data: { sku: `SKU-${line % 3}`, quantity: line, nested: { list: [1, 'two', null, { deep: true }] } },
    aggregateId: 'Order-1',
    aggregateType: 'Order',
    version: line,
    metadata: { correlationId: `corr-${line}` },
    source: { system: 'local', file: 'events.ndjson', line },
    ...overrides,
  };
}

describe('sandbox: event batches across the thread boundary', () => {
  it('gives back the same events, with the shared aggregate and source file written once', () => {
    const events = Array.from({ length: 50 }, (_, i) => localEvent(i + 1));
    const text = encodeEventBatch(events);
    assert.deepStrictEqual(decodeEventBatch(text), asJson(events));
    assert.equal(text.split('events.ndjson').length - 1, 1, 'the file name is written once for the batch');
    assert.equal(text.split('Order-1').length - 1, 1, 'the aggregate id is written once for the batch');
    assert.ok(text.length < JSON.stringify(events).length * 0.75, `${text.length} against ${JSON.stringify(events).length} as plain JSON`);
  });

  it('keeps what differs between events: aggregates, missing versions, payload previews, mixed sources', () => {
    const mongo: EventSource = { system: 'mongo', database: 'shop', collection: 'events' };
    const kafkaKeyed: EventSource = { system: 'kafka', topic: 'orders', partition: 1, offset: '9007199254740993', key: 'Order-2' };
    const kafkaBare: EventSource = { system: 'kafka', topic: 'orders', partition: 0, offset: '7' };
    const events: FlowEvent[] = [
      localEvent(1),
      localEvent(2, { aggregateId: 'Order-2', source: mongo }),
      localEvent(3, { version: undefined, aggregateType: undefined, data: null, source: kafkaKeyed }),
      localEvent(4, { source: kafkaBare, payload: { kind: 'binary', size: 3, preview: '00 ff 10', truncated: false, base64: 'AP8Q' }, data: '00 ff 10' }),
      localEvent(5, { metadata: { headers: [{ key: 'k', value: 'AP8=', encoding: 'base64' }, { key: 'k', value: 'again' }], schemaVersion: 2 } }),
    ];
    const back = roundTrip(events);
    assert.deepStrictEqual(back, asJson(events));
    assert.equal('version' in back[2], false, 'an absent version stays absent');
    assert.equal('aggregateType' in back[2], false);
    assert.deepStrictEqual(Object.keys(back[2].source), Object.keys(kafkaKeyed), 'source keys keep their order');
  });

  it('carries sources of one shape whose values all vary, and one that would set a prototype', () => {
    const kafka = Array.from({ length: 4 }, (_, i) => localEvent(i + 1, { source: { system: 'kafka', topic: `t${i}`, partition: i, offset: String(i) } }));
    assert.deepStrictEqual(roundTrip(kafka), asJson(kafka));
    const hostile = JSON.parse('{"system":"local","__proto__":{"polluted":true},"line":1}') as EventSource;
    const events = [localEvent(1, { source: hostile }), localEvent(2, { source: hostile })];
    const back = roundTrip(events);
    assert.deepStrictEqual(back, asJson(events));
    assert.equal(Object.getPrototypeOf(back[0].source), Object.prototype);
    assert.equal((back[0].source as unknown as { polluted?: boolean }).polluted, undefined);
  });

  it('an empty batch is an empty list', () => {
    assert.deepStrictEqual(roundTrip([]), []);
  });

  it('any events, any JSON payloads: what goes in comes out (1,000 cases)', () => {
    const source = fc.oneof(
      fc.record({ system: fc.constant('local' as const), file: fc.constantFrom('a.ndjson', 'b.ndjson'), line: fc.nat() }),
      fc.record({ system: fc.constant('mongo' as const), database: fc.string(), collection: fc.constantFrom('events', 'other') }),
      fc.record(
        { system: fc.constant('kafka' as const), topic: fc.string(), partition: fc.nat(8), offset: fc.bigInt({ min: 0n, max: 1n << 62n }).map(String), key: fc.string() },
        { requiredKeys: ['system', 'topic', 'partition', 'offset'] },
      ),
    );
    const event = fc.record(
      {
        id: fc.string(),
        type: fc.string(),
        timestamp: fc.string(),
        data: fc.jsonValue(),
        aggregateId: fc.constantFrom('Order-1', 'Order-2'),
        aggregateType: fc.constantFrom('Order', 'Cart'),
        version: fc.nat(),
        metadata: fc.record({ correlationId: fc.string(), schemaVersion: fc.nat(5) }, { requiredKeys: [] }),
        source,
      },
      { requiredKeys: ['id', 'type', 'timestamp', 'data', 'metadata', 'source'] },
    );
    fc.assert(
      fc.property(fc.array(event as fc.Arbitrary<FlowEvent>, { maxLength: 12 }), (events) => {
        assert.deepStrictEqual(roundTrip(events), asJson(events));
      }),
      { numRuns: 1000 },
    );
  });
});
