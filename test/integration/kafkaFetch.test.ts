// The search's own Fetch reader against the rig's Kafka: the batches a broker really sends (headers, null
// keys and values, no headers, a gzip batch, committed and aborted transactions with their markers) walk
// to exactly the events kafkajs's consumer hands over for the same offsets, READ_COMMITTED like it.
import { strict as assert } from 'node:assert';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import type { FlowEvent } from '../../src/core/envelope';
import { FetchConnection } from '../../src/connectors/kafka/fetchConnection';
import { readWithFetch } from '../../src/connectors/kafka/fetchRead';
import { newReadState } from '../../src/connectors/kafka/partitionReader';
import { isKafkaSource } from '../../src/connectors/kafka/kafkaSource';
import { readBatches } from '../../src/connectors/kafka/recordBatches';
import { ThrowAwayGroups, browseTopic } from '../../src/connectors/kafka/kafkaBrowse';
import { openKafka } from '../../src/connectors/kafka/kafkaClient';
import { searchTopic } from '../../src/connectors/kafka/kafkaSearch';
import { brokerOptions, kafkaSuite, uniqueName } from './support/kafkaFixture';

function offsetOf(event: FlowEvent): string {
  assert.ok(isKafkaSource(event.source));
  return event.source.offset;
}

describe('Kafka fetches of our own', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;
  let connection: FetchConnection | undefined;
  let topic = '';
  /** Offsets of the records sent in the aborted transaction. */
  let abortedOffsets: number[] = [];

  before(async () => {
    topic = await fixture.topic('efx-it-fetch', 1);
    connection = await FetchConnection.open(fixture.kafka);
    const producer = fixture.kafka.producer();
    await producer.connect();
    const transactional = fixture.kafka.producer({ transactionalId: uniqueName('efx-it-fetch-tx'), idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
    try {
      await producer.send({
        topic,
        messages: [
          { key: 'k1', value: JSON.stringify({ n: 1 }), headers: { correlation_id: 'c-1', x: ['a', 'b'], 'event-type': 'OrderPlaced' } },
          { key: null, value: 'plain text', headers: { correlation_id: 'c-2' } },
          { key: 'k1', value: null, headers: { correlation_id: 'c-1' } },
          { key: Buffer.from([0xff, 0xfe, 0x00]), value: Buffer.from([0x00, 0x9f, 0x92, 0x96]), headers: { raw: Buffer.from([0xc3, 0x28]) } },
        ],
      });
      await producer.send({ topic, messages: [{ value: JSON.stringify({ n: 2 }) }] });
      await producer.send({
        topic,
        compression: CompressionTypes.GZIP,
        messages: Array.from({ length: 5 }, (_, i) => ({ key: `g${i}`, value: JSON.stringify({ gzip: i, text: 'y'.repeat(200) }), headers: { correlation_id: i % 2 === 0 ? 'c-gzip' : 'c-other' } })),
      });
      const committed = await transactional.transaction();
      await committed.send({ topic, messages: [{ key: 't1', value: JSON.stringify({ tx: 'committed', i: 1 }), headers: { correlation_id: 'c-tx' } }, { key: 't2', value: JSON.stringify({ tx: 'committed', i: 2 }) }] });
      await committed.commit();
      await markersWritten();
      const aborted = await transactional.transaction();
      const receipts = await aborted.send({ topic, messages: [{ key: 'a1', value: JSON.stringify({ tx: 'aborted', i: 1 }), headers: { correlation_id: 'c-tx' } }, { key: 'a2', value: JSON.stringify({ tx: 'aborted', i: 2 }) }] });
      await aborted.abort();
      await markersWritten();
      abortedOffsets = [Number(receipts[0].baseOffset), Number(receipts[0].baseOffset) + 1];
      // A record after the markers: a partition that ends in markers keeps kafkajs's consumer waiting.
      await producer.send({ topic, messages: [{ key: 'last', value: JSON.stringify({ n: 3 }), headers: { correlation_id: 'c-1' } }] });
    } finally {
      await producer.disconnect();
      await transactional.disconnect();
    }
  });

  after(() => connection?.close());

  /** The coordinator writes a transaction's markers after the commit or abort returns: until then the partition's stable offset lags. */
  async function markersWritten(): Promise<void> {
    assert.ok(connection);
    const [leader] = (await connection.leaders(topic)).values();
    for (let tries = 0; tries < 100; tries++) {
      const response = await connection.fetch(leader, { topic, partitions: [{ partition: 0, offset: 0, maxBytes: 1 }], maxWaitMs: 0, maxBytes: 1 });
      const [part] = response.partitions;
      if (part.lastStableOffset === part.highWatermark) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail('the transaction markers were not written within 10 s');
  }

  async function highWatermark(): Promise<bigint> {
    const [offsets] = await fixture.admin.fetchTopicOffsets(topic);
    return BigInt(offsets.high);
  }

  async function readOwn(from: bigint, to: bigint): Promise<FlowEvent[]> {
    assert.ok(connection);
    const state = newReadState(topic, [{ partition: 0, start: from, end: to }], { limit: 1000, maxScan: 10_000, decode: {} });
    const { handOver } = await readWithFetch(connection, state, { codecs: CompressionCodecs, deadline: Date.now() + 30_000 });
    assert.deepEqual([...handOver], []);
    assert.equal(state.next.get(0), to, 'the read reached the end of its range');
    return state.events;
  }

  it('the broker sends a gzip batch, transactional batches and control batches, and each walks', async () => {
    assert.ok(connection);
    const [leader] = (await connection.leaders(topic)).values();
    const response = await connection.fetch(leader, { topic, partitions: [{ partition: 0, offset: 0, maxBytes: 1024 * 1024 }], maxWaitMs: 100, maxBytes: 1024 * 1024 });
    const [part] = response.partitions;
    assert.equal(part.errorCode, 0);
    const { batches, complete } = readBatches(part.records);
    assert.equal(complete, part.records.length, 'every batch arrived whole');
    assert.deepEqual(batches.map((b) => b.compression), [0, 0, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(batches.map((b) => b.control), [false, false, false, false, true, false, true, false]);
    assert.deepEqual(batches.map((b) => b.transactional), [false, false, false, true, true, true, true, false]);
    assert.deepEqual(part.abortedTransactions.map((a) => a.firstOffset), [abortedOffsets[0]]);
  });

  it('the whole partition reads to the events the consumer hands over, aborted records and markers left out', async () => {
    const high = await highWatermark();
    const page = await suite.broker.browse({ source: topic, start: { from: 'beginning' }, limit: 100 });
    assert.equal(page.reachedEnd, true);
    const own = await readOwn(0n, high);
    assert.deepEqual(own, page.events);
    assert.equal(own.length, 13, '4 + 1 + 5 gzip + 2 committed + 1 after the markers');
    const offsets = own.map((e) => Number(offsetOf(e)));
    for (const aborted of abortedOffsets) assert.ok(!offsets.includes(aborted), `aborted record ${aborted} left out`);
    assert.deepEqual(own.filter((e) => (e.data as { tx?: string } | null)?.tx !== undefined).map((e) => (e.data as { tx: string }).tx), ['committed', 'committed']);
  });

  it('a read from inside a batch (the gzip one) starts at its offset, as the consumer does', async () => {
    const high = await highWatermark();
    const page = await suite.broker.browse({ source: topic, start: { from: 'offset', offset: '7' }, limit: 100 });
    assert.deepEqual(await readOwn(7n, high), page.events);
    assert.deepEqual((await readOwn(7n, 9n)).map((e) => offsetOf(e)), ['7', '8']);
  });

  it('a search by correlation id finds it in plain, gzip and committed batches and makes no group', async () => {
    const result = await suite.broker.search({ source: topic, window: {}, predicate: { field: 'correlationId', value: 'c-gzip' }, limit: 100 });
    assert.deepEqual(result.events.map((e) => (e.data as { gzip: number }).gzip), [0, 2, 4]);
    const tx = await suite.broker.search({ source: topic, window: {}, predicate: { field: 'correlationId', value: 'c-tx' }, limit: 100 });
    assert.deepEqual(tx.events.map((e) => (e.data as { tx: string }).tx), ['committed']);
    const first = await suite.broker.search({ source: topic, window: {}, predicate: { field: 'correlationId', value: 'c-1' }, limit: 100 });
    assert.deepEqual(first.events.map((e) => offsetOf(e)), ['0', '2', String(Number(await highWatermark()) - 1)]);
    assert.equal(first.complete, true);
    assert.equal(first.outcome.temporaryGroups, 0);
    const limited = await suite.broker.search({ source: topic, window: {}, predicate: { field: 'correlationId', value: 'c-1' }, limit: 2 });
    assert.equal(limited.events.length, 2);
    assert.equal(limited.complete, false);
  });

  it('a topic searched and then deleted elsewhere fails no later search', async () => {
    const gone = await fixture.topic('efx-it-fetch-gone', 1);
    const producer = fixture.kafka.producer();
    await producer.connect();
    await producer.send({ topic: gone, messages: [{ value: '{}', headers: { correlation_id: 'c-1' } }] }).finally(() => producer.disconnect());
    assert.equal((await suite.broker.search({ source: gone, window: {}, predicate: { field: 'correlationId', value: 'c-1' }, limit: 10 })).events.length, 1);
    await fixture.admin.deleteTopics({ topics: [gone] });
    const after = await suite.broker.search({ source: topic, window: {}, predicate: { field: 'correlationId', value: 'c-gzip' }, limit: 100 });
    assert.equal(after.events.length, 3);
  });

  it('a cancelled search says so', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(suite.broker.search({ source: topic, window: {}, predicate: { field: 'correlationId', value: 'c-1' }, limit: 100, signal: controller.signal }), /Cancel/);
  });

  it('a leader whose high watermark is behind the planned end (just elected) is asked again, not taken for the end', async () => {
    const single = await fixture.topic('efx-it-fetch-stale-leader', 1);
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      // 300 KB values: the partition takes several 1 MiB fetches, so a stale answer comes mid-read.
      const padding = 'p'.repeat(300 * 1024);
      for (let i = 0; i < 20; i++) await producer.send({ topic: single, messages: [{ key: String(i), value: JSON.stringify({ i, padding }), headers: { correlation_id: i % 2 === 0 ? 'even' : 'odd' } }] });
    } finally {
      await producer.disconnect();
    }
    assert.ok(connection);
    const real = connection;
    let answers = 0;
    let staleAnswers = 0;
    // The second answer says what a new leader says before its followers catch up: nothing, the high watermark where the read stands.
    const electing = Object.create(real, {
      fetch: {
        value: async (...args: Parameters<FetchConnection['fetch']>) => {
          const response = await real.fetch(...args);
          const asked = args[1].partitions;
          for (const part of response.partitions) {
            if (answers++ !== 1) continue;
            const at = asked.find((p) => p.partition === part.partition)?.offset ?? 0;
            Object.assign(part, { records: Buffer.alloc(0), highWatermark: Number(at), lastStableOffset: Number(at) });
            staleAnswers += 1;
          }
          return response;
        },
      },
    }) as FetchConnection;
    const context = await openKafka(brokerOptions());
    const groups = new ThrowAwayGroups();
    try {
      const request = { source: single, window: {}, predicate: { field: 'correlationId' as const, value: 'even' }, limit: 100 };
      const result = await searchTopic({ context, fetcher: electing, browseWith: (r, o) => browseTopic(context, groups, r, o) }, request, undefined);
      assert.equal(staleAnswers, 1, 'the stale answer was given');
      assert.deepEqual(result.events.map((e) => Number(e.aggregateId)).sort((a, b) => a - b), Array.from({ length: 10 }, (_, k) => 2 * k));
      assert.equal(result.complete, true);
      assert.equal(result.outcome.temporaryGroups, 0, 'read by the fetches alone');
    } finally {
      await context.admin.disconnect();
    }
  });

  it('a partition the fetches cannot go on with is read on through the consumer from where they stopped', async () => {
    const spread = await fixture.topic('efx-it-fetch-handover', 3);
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      // 300 KB values: a partition takes several 1 MiB fetches.
      const padding = 'p'.repeat(300 * 1024);
      for (let i = 0; i < 60; i++) {
        await producer.send({ topic: spread, messages: [{ partition: i % 3, key: String(i), value: JSON.stringify({ i, padding }), headers: { correlation_id: i % 2 === 0 ? 'even' : 'odd' } }] });
      }
    } finally {
      await producer.disconnect();
    }
    const context = await openKafka(brokerOptions());
    const groups = new ThrowAwayGroups();
    assert.ok(connection);
    const real = connection;
    let responses = 0;
    // After its first answer, partition 1 answers OFFSET_OUT_OF_RANGE to our fetches (as when retention removes what is asked).
    const failing = Object.create(real, {
      fetch: {
        value: async (...args: Parameters<FetchConnection['fetch']>) => {
          const response = await real.fetch(...args);
          for (const part of response.partitions) if (part.partition === 1 && responses++ > 0) Object.assign(part, { errorCode: 1, records: Buffer.alloc(0) });
          return response;
        },
      },
    }) as FetchConnection;
    try {
      const request = { source: spread, window: {}, predicate: { field: 'correlationId' as const, value: 'even' }, limit: 100 };
      const result = await searchTopic({ context, fetcher: failing, browseWith: (r, o) => browseTopic(context, groups, r, o) }, request, undefined);
      assert.deepEqual(result.events.map((e) => Number(e.aggregateId)).sort((a, b) => a - b), Array.from({ length: 30 }, (_, k) => 2 * k));
      assert.equal(result.complete, true);
      assert.equal(result.outcome.temporaryGroups, 1);
      assert.match(result.notes.join(' '), /Partition\(s\) 1 read through a consumer: the broker answered error 1/);
      assert.equal(groups.size, 0, 'the consumer\'s group is deleted');
      const limited = await searchTopic({ context, fetcher: failing, browseWith: (r, o) => browseTopic(context, groups, r, o) }, { ...request, limit: 25 }, undefined);
      assert.equal(limited.events.length, 25);
      assert.equal(limited.complete, false);
    } finally {
      await context.admin.disconnect();
    }
  });
});
