// The shaping of a topic's or queue's statistics from the messages read: types and variants, days, keys as
// the largest aggregates (or left out with a note), producers from headers and AMQP's app_id, and a sample
// note that says how many of how many were read, and from where.
import { strict as assert } from 'node:assert';
import type { EventHeader, FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { ProducerCounter } from '../../../src/core/producers';
import { statisticsCsv } from '../../../src/core/statisticsCsv';
import { readOnlyPlan, type SourcePlan } from '../../../src/connectors/reads/readPlan';
import { sourceStatisticsOf } from '../../../src/connectors/reads/sourceStatistics';

const logPlan = readOnlyPlan('orders', 'read by fetch requests');
const peekPlan: SourcePlan = { source: 'orders.q', effect: 'marks-redelivered', alsoDoes: [], note: 'a classic queue' };

function message(type: string, data: { [key: string]: JsonValue }, at: string, options: { key?: string; headers?: EventHeader[]; appId?: string } = {}): FlowEvent {
  return {
    id: `${type}-${at}-${options.key ?? ''}`,
    type,
    timestamp: at,
    data,
    metadata: options.headers ? { headers: options.headers } : {},
    source: { system: 'test', ...(options.key !== undefined ? { key: options.key } : {}), ...(options.appId !== undefined ? { appId: options.appId } : {}) },
    ...(options.key !== undefined ? { aggregateId: options.key } : {}),
  };
}

describe('source statistics shaping', () => {
  it('counts types, variants per type and days, with keys as the largest aggregates', () => {
    const events = [
      message('OrderPlaced', { id: 1, total: 5 }, '2026-12-01T10:00:00.000Z', { key: 'o-1' }),
      message('OrderPlaced', { id: 2, total: 6 }, '2026-12-01T11:00:00.000Z', { key: 'o-2' }),
      message('OrderPlaced', { id: 3, total: 7, currency: 'EUR' }, '2026-12-02T09:00:00.000Z', { key: 'o-1' }),
      message('OrderPaid', { id: 1 }, '2026-12-02T10:00:00.000Z', { key: 'o-1' }),
    ];
    const statistics = sourceStatisticsOf(events, { source: 'orders', plan: logPlan, maxMessages: 10_000, messages: 4, partitions: 2 });
    assert.equal(statistics.source, 'orders');
    assert.deepEqual(statistics.types.map((t) => [t.type, t.events, t.variants.map((v) => v.events)]), [
      ['OrderPlaced', 3, [2, 1]],
      ['OrderPaid', 1, [1]],
    ]);
    assert.deepEqual(statistics.types[0].variants[1].added, ['data.currency: string']);
    assert.deepEqual(statistics.days, [
      { day: '2026-12-01', events: 2 },
      { day: '2026-12-02', events: 2 },
    ]);
    assert.deepEqual(statistics.largestAggregates, [
      { aggregateId: 'o-1', events: 3 },
      { aggregateId: 'o-2', events: 1 },
    ]);
    assert.deepEqual(statistics.sample, { method: 'all', read: 4, total: 4, note: 'all 4 messages' });
    assert.ok(statistics.notes?.some((n) => n.startsWith('Largest aggregates are the largest message keys (4 of 4')), JSON.stringify(statistics.notes));
  });

  it('says a log sample is the newest messages, spread over the partitions, of how many', () => {
    const events = [message('A', { a: 1 }, '2026-12-01T10:00:00.000Z'), message('A', { a: 2 }, '2026-12-01T10:00:01.000Z')];
    const statistics = sourceStatisticsOf(events, { source: 'orders', plan: logPlan, maxMessages: 2, messages: 12_345, partitions: 2 });
    assert.deepEqual(statistics.sample, { method: 'newest', read: 2, total: 12_345, note: 'the newest 2 messages of 12,345, up to 1 from each of 2 partitions (at most 2 read)' });
  });

  it('says a peeked queue sample is its first messages from the head, and leaves out aggregates no message named', () => {
    const events = [message('A', { a: 1 }, ''), message('A', { a: 1 }, '')];
    const statistics = sourceStatisticsOf(events, { source: 'orders.q', plan: peekPlan, maxMessages: 2, messages: 5 });
    assert.deepEqual(statistics.sample, { method: 'first', read: 2, total: 5, note: "the first 2 messages of 5 from the queue's head (at most 2 read)" });
    assert.deepEqual(statistics.largestAggregates, []);
    assert.ok(statistics.notes?.includes('Largest aggregates left out: no message read carried a key or an aggregate id.'), JSON.stringify(statistics.notes));
    assert.deepEqual(statistics.days, [{ day: 'unknown', events: 2 }]);
  });

  it('says a queue peek that reached the end read all its messages, whatever the figures said', () => {
    const events = [message('A', { a: 1 }, ''), message('A', { a: 1 }, '')];
    const statistics = sourceStatisticsOf(events, { source: 'orders.q', plan: peekPlan, maxMessages: 10, messages: 0, whole: true });
    assert.deepEqual(statistics.sample, { method: 'all', read: 2, total: 2, note: 'all 2 messages' });
  });

  it('counts producers and hosts where headers or app_id name them, and says how many named none', () => {
    const events = [
      message('A', {}, '2026-12-01T10:00:00.000Z', { headers: [{ key: 'Producer', value: 'billing' }, { key: 'host', value: 'pod-1' }] }),
      message('A', {}, '2026-12-01T10:00:00.000Z', { headers: [{ key: 'producer', value: 'billing' }, { key: 'host', value: 'pod-1' }] }),
      message('A', {}, '2026-12-01T10:00:00.000Z', { appId: 'shop-api' }),
      message('A', {}, '2026-12-01T10:00:00.000Z', { headers: [{ key: 'ce_source', value: '/orders' }] }),
      message('A', {}, '2026-12-01T10:00:00.000Z', { headers: [{ key: 'NServiceBus.OriginatingMachine', value: 'box-7' }] }),
      message('A', {}, '2026-12-01T10:00:00.000Z', { headers: [{ key: 'unrelated', value: 'x' }] }),
      message('A', {}, '2026-12-01T10:00:00.000Z'),
    ];
    const statistics = sourceStatisticsOf(events, { source: 'orders', plan: logPlan, maxMessages: 100 });
    assert.deepEqual(statistics.producers, {
      producers: [
        { producer: 'billing', host: 'pod-1', events: 2 },
        { producer: '/orders', events: 1 },
        { producer: 'box-7', events: 1 },
        { producer: 'shop-api', events: 1 },
      ],
      unnamed: 2,
      other: 0,
    });
    assert.ok(statistics.notes?.includes("2 messages named no producer or host (in a header or AMQP's app_id)."), JSON.stringify(statistics.notes));
    const csv = statisticsCsv(statistics);
    assert.ok(csv.includes('producer,,billing,2,,,,,,,,,,,,host pod-1'), csv);
  });

  it('counts at most the producers it was given room for and sums the rest', () => {
    const counter = new ProducerCounter(['header:producer'], [], 2);
    for (const name of ['a', 'b', 'c', 'a', 'd']) counter.observe(message('A', {}, '', { headers: [{ key: 'producer', value: name }] }));
    assert.deepEqual(counter.result(), {
      producers: [
        { producer: 'a', events: 2 },
        { producer: 'b', events: 1 },
      ],
      unnamed: 0,
      other: 2,
    });
  });
});
