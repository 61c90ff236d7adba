// Where a topic's or queue's statistics examples are: each kind's message says its place (a Kafka partition
// and offset, a stream's offset, a queue's place as peeked), the variants' references carry it, the view
// names the example by it, and the peeked messages the examples name are kept (bounded) and given back.
import { strict as assert } from 'node:assert';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import { readOnlyPlan, type SourcePlan } from '../../../src/connectors/reads/readPlan';
import { ExampleGoneError, keptExamplesOf, SourceExamples } from '../../../src/connectors/reads/sourceExamples';
import { sourceStatisticsOf } from '../../../src/connectors/reads/sourceStatistics';
import type { Broker } from '../../../src/connectors/broker';
import type { FlowEvent } from '../../../src/core/envelope';
import { describeMessagePlace, samePlace } from '../../../src/core/messagePlace';
import { messagePlaceOf } from '../../../src/core/sourceDescribers';
import { exampleLabel, typeDetailOf } from '../../../src/panels/statistics/statisticsView';

const peekPlan: SourcePlan = { source: 'orders.q', effect: 'marks-redelivered', alsoDoes: [], note: 'a classic queue' };

function kafkaRecord(partition: number, offset: string, type: string, value: object, at: string): FlowEvent {
  return recordToEvent('orders', partition, { offset, timestamp: String(Date.parse(at)), key: Buffer.from('o-1'), value: Buffer.from(JSON.stringify(value)), headers: { event_type: Buffer.from(type) } });
}

function peeked(position: number, value: object, streamOffset?: string): FlowEvent {
  const place = { vhost: '/', queue: 'orders.q', position, ...(streamOffset === undefined ? {} : { streamOffset }) };
  return toPeekedMessage({ content: Buffer.from(JSON.stringify(value)), fields: { exchange: '', routingKey: 'orders.q' }, properties: { type: 'OrderPlaced', timestamp: 1_764_579_600 + position } }, place).message.event;
}

/** Only what the examples of a peeked queue need: a browse is never asked for. */
const noBroker = {} as Broker;

describe('statistics examples: where each message is', () => {
  it('names a place as a person reads it, digits grouped, and a peeked message as peeked', () => {
    assert.equal(describeMessagePlace({ partition: 2, offset: '1234' }), 'partition 2 · offset 1,234');
    assert.equal(describeMessagePlace({ partition: 0, offset: '9007199254740993' }), 'partition 0 · offset 9,007,199,254,740,993');
    assert.equal(describeMessagePlace({ offset: '42' }), 'offset 42');
    assert.equal(describeMessagePlace({ peeked: 0 }), '#1 from the head, as peeked');
    assert.ok(samePlace({ partition: 1, offset: '5' }, { partition: 1, offset: '5' }));
    assert.ok(!samePlace({ partition: 1, offset: '5' }, { partition: 0, offset: '5' }));
    assert.ok(!samePlace({ offset: '5' }, { peeked: 5 }));
    assert.ok(samePlace({ peeked: 3 }, { peeked: 3 }));
  });

  it("reads each kind's place from its source: Kafka's partition and offset, a stream's offset, a queue's place as peeked", () => {
    assert.deepEqual(messagePlaceOf(kafkaRecord(2, '9007199254740993', 'A', {}, '2026-12-01T10:00:00.000Z').source), { partition: 2, offset: '9007199254740993' });
    assert.deepEqual(messagePlaceOf(peeked(3, {}).source), { peeked: 3 });
    assert.deepEqual(messagePlaceOf(peeked(0, {}, '17').source), { offset: '17' });
    assert.equal(messagePlaceOf({ system: 'local', file: 'events.ndjson', line: 3 }), undefined);
  });

  it("gives a topic's variants an example and a latest at their partition and offset, and the view labels them so", () => {
    const events = [
      kafkaRecord(0, '7', 'OrderPlaced', { id: 1, total: 5 }, '2026-12-01T10:00:00.000Z'),
      kafkaRecord(1, '1234', 'OrderPlaced', { id: 2, total: 6, currency: 'EUR' }, '2026-12-01T11:00:00.000Z'),
      kafkaRecord(0, '8', 'OrderPlaced', { id: 3, total: 7 }, '2026-12-01T12:00:00.000Z'),
    ];
    const statistics = sourceStatisticsOf(events, { source: 'orders', plan: readOnlyPlan('orders', 'read by fetch requests'), maxMessages: 10 });
    const [main, drifted] = statistics.types[0].variants;
    assert.deepEqual([main.example.place, main.latest.place, drifted.example.place], [
      { partition: 0, offset: '7' },
      { partition: 0, offset: '8' },
      { partition: 1, offset: '1234' },
    ]);
    assert.equal(exampleLabel(drifted.example), 'partition 1 · offset 1,234');
    assert.deepEqual(typeDetailOf(statistics, 0)?.variants.map((v) => [v.example.label, v.latest.label]), [
      ['partition 0 · offset 7', 'partition 0 · offset 8'],
      ['partition 1 · offset 1,234', 'partition 1 · offset 1,234'],
    ]);
  });

  it('keeps only the peeked messages the examples name, at most as many as allowed, and gives them back as peeked', async () => {
    const events = [peeked(0, { a: 1 }), peeked(1, { a: 2 }), peeked(2, { a: 3, b: true }), peeked(3, { a: 4 }), peeked(4, { c: 'x' })];
    const statistics = sourceStatisticsOf(events, { source: 'orders.q', plan: peekPlan, maxMessages: 10 });
    const variants = statistics.types[0].variants;
    assert.deepEqual(variants.map((v) => [v.events, v.example.place, v.latest.place]), [
      [3, { peeked: 0 }, { peeked: 3 }],
      [1, { peeked: 2 }, { peeked: 2 }],
      [1, { peeked: 4 }, { peeked: 4 }],
    ]);
    assert.equal(exampleLabel(variants[0].latest), '#4 from the head, as peeked');

    const kept = keptExamplesOf(events, statistics);
    assert.deepEqual([...kept.keys()].sort(), [0, 2, 3, 4], 'the message no example names (#2) is not kept');
    const examples = new SourceExamples(noBroker, 'orders.q', kept);
    assert.deepEqual((await examples.read(variants[1].example)).data, { a: 3, b: true });
    assert.equal(await examples.read(variants[0].latest), events[3]);

    const bounded = new SourceExamples(noBroker, 'orders.q', keptExamplesOf(events, statistics, 2));
    assert.equal(bounded.keptCount, 2);
    await assert.rejects(bounded.read(variants[2].example), (error: unknown) => error instanceof ExampleGoneError && /was not kept .*read the statistics again/.test(error.message));
    await assert.rejects(examples.read({ timestamp: '' }), ExampleGoneError);
  });
});
