/**
 * A Kafka topic's records per type, as a monitor's sampler reads them from the real broker: the types of
 * records produced after counting began (from headers, and from the value where no header names one), and
 * their rates from two readings; a burst read a bounded amount per reading; no consumer group made.
 */
import * as assert from 'node:assert/strict';
import { MAX_BYTES_PER_READING, MAX_RECORDS_PER_READING } from '../../src/connectors/kafka/appendedTopicTypes';
import type { Figures, SourceFigures } from '../../src/connectors/reads/figures';
import type { FiguresSample } from '../../src/connectors/reads/samplerRegistry';
import { drivenSampler } from './support/drivenSampler';
import { KafkaFixture } from './support/kafkaFixture';

function sourceOf(sample: FiguresSample, topic: string): SourceFigures {
  const figures: Figures | undefined = sample.value.figures;
  if (figures === undefined) throw sample.value.error instanceof Error ? sample.value.error : new Error(String(sample.value.error));
  const source = figures.sources.find((s) => s.name === topic);
  assert.ok(source, `${topic} has no figures`);
  return source;
}

const sorted = (entries: readonly [string, number][] | undefined): [string, number][] => [...(entries ?? [])].sort((a, b) => a[0].localeCompare(b[0]));
const total = (entries: readonly [string, number][] | undefined): number => (entries ?? []).reduce((sum, [, count]) => sum + count, 0);

describe('Kafka: a topic\'s records per type for the monitor, from the real broker', function () {
  this.timeout(60_000);
  const fixture = new KafkaFixture();
  before(() => fixture.start());
  after(() => fixture.dispose());

  it('counts the types of records produced since counting began, from headers or the value, with their rates, and makes no consumer group', async () => {
    const topic = await fixture.topic('efx-it-types', 2);
    const producer = fixture.kafka.producer();
    await producer.connect();
    const groupsBefore = new Set((await fixture.admin.listGroups()).groups.map((g) => g.groupId));
    const sampler = drivenSampler(fixture.broker(), () => ({ sources: [{ name: topic }], groups: [], lagOf: [], eventTypesOf: [{ name: topic }] }));
    try {
      await producer.send({ topic, messages: [{ partition: 0, value: '{}', headers: { 'event-type': 'BeforeCounting' } }] });
      const first = sourceOf(await sampler.sample(), topic);
      assert.deepEqual(first.eventTypes, [], 'what the topic held before counting began is not counted');
      assert.equal(first.eventTypeRates, undefined);
      const placed = Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, key: `Order-${i}`, value: JSON.stringify({ orderId: `Order-${i}` }), headers: { 'event-type': 'OrderPlaced' } }));
      const paid = Array.from({ length: 3 }, (_, i) => ({ partition: i % 2, value: JSON.stringify({ orderId: `Order-${i}` }), headers: { event_type: 'OrderPaid' } }));
      const inValue = Array.from({ length: 2 }, (_, i) => ({ partition: 1, value: JSON.stringify({ type: 'ItemAdded', orderId: `Order-${i}` }) }));
      await producer.send({ topic, messages: [...placed, ...paid, ...inValue] });
      const second = sourceOf(await sampler.sample(), topic);
      assert.deepEqual(sorted(second.eventTypes), [['ItemAdded', 2], ['OrderPaid', 3], ['OrderPlaced', 6]]);
      assert.deepEqual(sorted(second.eventTypeRates).map(([type]) => type), ['ItemAdded', 'OrderPaid', 'OrderPlaced']);
      const rate = (type: string): number => second.eventTypeRates?.find(([t]) => t === type)?.[1] ?? Number.NaN;
      assert.ok(rate('OrderPlaced') > 0 && Math.abs(rate('OrderPlaced') / rate('OrderPaid') - 2) < 1e-9, `rates ${JSON.stringify(second.eventTypeRates)}: 6 OrderPlaced to 3 OrderPaid over the same seconds`);
      await producer.send({ topic, messages: [{ partition: 0, value: '{}', headers: { 'event-type': 'OrderPaid' } }] });
      const third = sourceOf(await sampler.sample(), topic);
      assert.deepEqual(sorted(third.eventTypes), [['ItemAdded', 2], ['OrderPaid', 4], ['OrderPlaced', 6]], 'each record counted once');
      assert.equal(third.eventTypeRates?.find(([t]) => t === 'OrderPlaced')?.[1], 0);
      const made = (await fixture.admin.listGroups()).groups.map((g) => g.groupId).filter((id) => !groupsBefore.has(id) && id.includes(topic));
      assert.deepEqual(made, [], 'no consumer group read the topic');
    } finally {
      sampler.dispose();
      await producer.disconnect();
    }
  });

  it('reads a burst a bounded number of records per reading, and counts it in full over the next readings', async () => {
    const topic = await fixture.topic('efx-it-types-burst', 3);
    const producer = fixture.kafka.producer();
    await producer.connect();
    const sampler = drivenSampler(fixture.broker(), () => ({ sources: [{ name: topic }], groups: [], lagOf: [], eventTypesOf: [{ name: topic }] }));
    try {
      await sampler.sample();
      const burst = 2 * MAX_RECORDS_PER_READING + 1234;
      for (let sent = 0; sent < burst; sent += 2000) {
        await producer.send({ topic, messages: Array.from({ length: Math.min(2000, burst - sent) }, (_, i) => ({ partition: (sent + i) % 3, value: `{"n":${sent + i}}`, headers: { 'event-type': (sent + i) % 10 === 0 ? 'Rare' : 'Common' } })) });
      }
      const counted: number[] = [];
      for (let reading = 0; reading < 4; reading += 1) counted.push(total(sourceOf(await sampler.sample(), topic).eventTypes));
      assert.deepEqual(counted, [MAX_RECORDS_PER_READING, 2 * MAX_RECORDS_PER_READING, burst, burst], 'each reading takes at most its share');
      const last = sourceOf(await sampler.sample(), topic);
      assert.deepEqual(sorted(last.eventTypes), [['Common', burst - Math.ceil(burst / 10)], ['Rare', Math.ceil(burst / 10)]]);
    } finally {
      sampler.dispose();
      await producer.disconnect();
    }
  });

  it('stops a reading after the record that passes its bytes, when the records are large', async () => {
    const topic = await fixture.topic('efx-it-types-large', 1, { 'max.message.bytes': String(2 * 1024 * 1024) });
    const producer = fixture.kafka.producer();
    await producer.connect();
    const sampler = drivenSampler(fixture.broker(), () => ({ sources: [{ name: topic }], groups: [], lagOf: [], eventTypesOf: [{ name: topic }] }));
    try {
      await sampler.sample();
      const size = 700_000;
      for (let i = 0; i < 10; i += 1) await producer.send({ topic, messages: [{ value: `"${'x'.repeat(size - 2)}"`, headers: { 'event-type': 'Large' } }] });
      const first = total(sourceOf(await sampler.sample(), topic).eventTypes);
      assert.equal(first, Math.ceil(MAX_BYTES_PER_READING / size), 'the reading ends with the record that took it past its bytes');
      assert.equal(total(sourceOf(await sampler.sample(), topic).eventTypes), 10);
    } finally {
      sampler.dispose();
      await producer.disconnect();
    }
  });
});
