/**
 * A RabbitMQ stream's messages per type, as a monitor's sampler reads them from the real broker (in a vhost
 * of its own): the types of messages published after counting began (from the AMQP type, a header, or the
 * body), their rates from two readings, bounded to 50 types with the rest as "other"; a classic queue beside
 * it gets no types and keeps its messages; a stream no longer asked leaves no consumer on the server. A burst
 * past a reading's bound is counted up to the bound, said so, and leaves no consumer or channel behind.
 */
import * as assert from 'node:assert/strict';
import type { Figures, FiguresRequest, SourceFigures } from '../../src/connectors/reads/figures';
import type { FiguresSample } from '../../src/connectors/reads/samplerRegistry';
import { MAX_MESSAGES_PER_READING } from '../../src/connectors/rabbitmq/appendedStreamTypes';
import { OTHER_PART } from '../../src/core/seriesStore';
import { drivenSampler } from './support/drivenSampler';
import { until, useStreamVhost } from './support/streamVhost';

function sourceOf(sample: FiguresSample, name: string): SourceFigures {
  const figures: Figures | undefined = sample.value.figures;
  if (figures === undefined) throw sample.value.error instanceof Error ? sample.value.error : new Error(String(sample.value.error));
  const source = figures.sources.find((s) => s.name === name);
  assert.ok(source, `${name} has no figures`);
  return source;
}

const sorted = (entries: readonly [string, number][] | undefined): [string, number][] => [...(entries ?? [])].sort((a, b) => a[0].localeCompare(b[0]));
const total = (entries: readonly [string, number][] | undefined): number => (entries ?? []).reduce((sum, [, count]) => sum + count, 0);

describe("RabbitMQ: a stream's messages per type for the monitor, from the real broker", function () {
  this.timeout(120_000);
  const rig = useStreamVhost("a stream's messages per type", 'stream-types');
  const { stream, classic } = rig;
  const consumersOfStream = async (): Promise<number> => (await rig.onServer()).consumers.filter((queue) => queue === stream).length;

  async function publish(queue: string, messages: { body: unknown; type?: string; headers?: Record<string, string> }[]): Promise<void> {
    const channel = await rig.connection().createConfirmChannel();
    try {
      for (const m of messages) channel.sendToQueue(queue, Buffer.from(JSON.stringify(m.body)), { ...(m.type ? { type: m.type } : {}), ...(m.headers ? { headers: m.headers } : {}) });
      await channel.waitForConfirms();
    } finally {
      await channel.close();
    }
  }

  const request = (): FiguresRequest => ({ sources: [{ name: stream }, { name: classic }], groups: [], lagOf: [], eventTypesOf: [{ name: stream }, { name: classic }] });

  it('counts the types of messages published since counting began, with their rates; a classic queue gets none and keeps its messages', async () => {
    await publish(stream, [{ body: {}, type: 'BeforeCounting' }]);
    await publish(classic, [{ body: { id: 'a-1' }, type: 'Audited' }]);
    const sampler = drivenSampler(rig.broker(), request);
    try {
      const first = await sampler.sample();
      assert.deepEqual(sourceOf(first, stream).eventTypes, [], 'what the stream held before counting began is not counted');
      assert.equal(sourceOf(first, classic).eventTypes, undefined, 'a classic queue cannot be read without effect: no types');
      await until('the stream consumer', async () => (await consumersOfStream()) === 1);

      await publish(stream, [
        ...Array.from({ length: 6 }, (_, i) => ({ body: { orderId: `Order-${i}` }, type: 'OrderPlaced' })),
        ...Array.from({ length: 3 }, (_, i) => ({ body: { orderId: `Order-${i}` }, headers: { 'event-type': 'OrderPaid' } })),
        ...Array.from({ length: 2 }, (_, i) => ({ body: { type: 'ItemAdded', orderId: `Order-${i}` } })),
      ]);
      let latest = sourceOf(await sampler.sample(), stream);
      await until('the 11 messages counted', async () => total((latest = sourceOf(await sampler.sample(), stream)).eventTypes) === 11);
      assert.deepEqual(sorted(latest.eventTypes), [['ItemAdded', 2], ['OrderPaid', 3], ['OrderPlaced', 6]]);

      await publish(stream, Array.from({ length: 4 }, () => ({ body: {}, type: 'OrderPaid' })));
      await until('the 4 more counted', async () => total((latest = sourceOf(await sampler.sample(), stream)).eventTypes) === 15);
      assert.deepEqual(sorted(latest.eventTypes), [['ItemAdded', 2], ['OrderPaid', 7], ['OrderPlaced', 6]], 'each message counted once');
      const rate = (type: string): number | undefined => latest.eventTypeRates?.find(([t]) => t === type)?.[1];
      assert.ok((rate('OrderPaid') ?? 0) > 0, `rates ${JSON.stringify(latest.eventTypeRates)}: OrderPaid moved`);
      assert.equal(rate('OrderPlaced'), 0);

      const channel = await rig.connection().createChannel();
      try {
        const checked = await channel.checkQueue(classic);
        assert.deepEqual([checked.messageCount, checked.consumerCount], [1, 0], 'the classic queue was read');
      } finally {
        await channel.close();
      }
    } finally {
      sampler.dispose();
    }
    // Asked no more: its consumer leaves the stream.
    await rig.broker().sampleFigures({ sources: [{ name: stream }], groups: [], lagOf: [] });
    await until('no consumer left on the stream', async () => (await consumersOfStream()) === 0);
  });

  it('keeps 50 types of a stream with 60 and counts the rest as "other"', async () => {
    const sampler = drivenSampler(rig.broker(), request);
    try {
      await sampler.sample();
      await until('the stream consumer', async () => (await consumersOfStream()) === 1);
      await publish(stream, Array.from({ length: 60 }, (_, i) => ({ body: {}, type: `Type${String(i).padStart(2, '0')}` })));
      let latest = sourceOf(await sampler.sample(), stream);
      await until('the 60 messages counted', async () => total((latest = sourceOf(await sampler.sample(), stream)).eventTypes) === 60);
      const types = latest.eventTypes ?? [];
      assert.equal(types.length, 50);
      assert.deepEqual(types.find(([type]) => type === OTHER_PART), [OTHER_PART, 11]);
    } finally {
      sampler.dispose();
    }
  });

  it('counts a burst past the bound only up to it, says the reading was a sample, and leaves no consumer or channel once no longer asked', async () => {
    const burst = MAX_MESSAGES_PER_READING + 2_000;
    // The stream counted afresh: the types of the tests before would fold this one's into "other".
    await rig.broker().sampleFigures({ sources: [{ name: stream }], groups: [], lagOf: [] });
    await until('no consumer left from the tests before', async () => (await consumersOfStream()) === 0);
    const sampler = drivenSampler(rig.broker(), request);
    try {
      const before = total(sourceOf(await sampler.sample(), stream).eventTypes);
      await until('the stream consumer', async () => (await consumersOfStream()) === 1);
      await publish(stream, Array.from({ length: burst }, (_, i) => ({ body: { n: i }, type: 'Burst' })));
      // At the bound the tail cancels its consumer: the rest of the burst is not sent to the extension host.
      await until('the tail stopped at the bound', async () => (await consumersOfStream()) === 0);
      const bounded = sourceOf(await sampler.sample(), stream);
      assert.equal(total(bounded.eventTypes) - before, MAX_MESSAGES_PER_READING, `counted ${JSON.stringify(bounded.eventTypes)} of ${burst} published`);
      assert.match(bounded.eventTypesNote ?? '', /A sample: the stream had more than 5,000 messages/);

      await until('the tail opened again from next', async () => (await consumersOfStream()) === 1);
      await publish(stream, [{ body: {}, type: 'AfterBurst' }]);
      let calm = sourceOf(await sampler.sample(), stream);
      await until('the message after the burst counted', async () => ((calm = sourceOf(await sampler.sample(), stream)).eventTypes ?? []).some(([type]) => type === 'AfterBurst'));
      assert.equal(total(calm.eventTypes) - before, MAX_MESSAGES_PER_READING + 1, 'what the burst had left is not counted: the tail opened again at next');
      assert.equal(calm.eventTypesNote, undefined, 'a reading within the bound is not a sample');
    } finally {
      sampler.dispose();
    }
    await rig.broker().sampleFigures({ sources: [{ name: stream }], groups: [], lagOf: [] });
    await until('no consumer left on the stream', async () => (await consumersOfStream()) === 0);
    await until('no channel left in the vhost', async () => (await rig.onServer()).channels === 0);
  });
});
