// Producing and reading back: the sample Order flow by key with its headers, and values that are JSON, text or bytes.
import { strict as assert } from 'node:assert';
import { recentSampleFlows, sampleMessages } from '../../src/connectors/kafka';
import { SAMPLE_HAPPY_ORDER } from '../../src/core/samples';
import { kafkaSuite } from './support/kafkaFixture';

describe('Kafka messages', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('publishes the sample Order flow keyed by order id: one order in one partition, in order, with its headers', async () => {
    const topic = await fixture.topic('efx-it-orders', 4);
    const flows = recentSampleFlows(8);
    const receipts = await suite.broker.publish({ name: topic }, sampleMessages(flows));
    let index = 0;
    for (const flow of flows) {
      const partitions = new Set(receipts.slice(index, index + flow.events.length).map((r) => r.partition));
      assert.equal(partitions.size, 1, `${flow.aggregateId} went to partitions ${[...partitions].join(', ')}`);
      index += flow.events.length;
    }
    const happy = flows.find((f) => f.aggregateId === SAMPLE_HAPPY_ORDER.id);
    assert.ok(happy);
    const page = await suite.broker.browseWith({ source: topic, start: { from: 'beginning' }, limit: 1000 }, { filter: { key: SAMPLE_HAPPY_ORDER.id } });
    assert.deepEqual(page.events.map((e) => e.type), happy.events.map((e) => e.type));
    assert.deepEqual(page.events.map((e) => e.id), happy.events.map((e) => e.id));
    assert.deepEqual(page.events.map((e) => e.timestamp), happy.events.map((e) => e.timestamp));
    assert.deepEqual(page.events.map((e) => e.data), happy.events.map((e) => e.data));
    for (const [i, event] of page.events.entries()) {
      const expected: (typeof happy.events)[number] = happy.events[i];
      assert.equal(event.aggregateId, SAMPLE_HAPPY_ORDER.id);
      assert.equal(event.metadata.correlationId, expected.metadata.correlationId);
      assert.equal(event.metadata.causationId, expected.metadata.causationId);
      assert.deepEqual(event.metadata.headers?.find((h) => h.key === 'event-type'), { key: 'event-type', value: expected.type });
    }
    const byHeader = await suite.broker.browseWith({ source: topic, start: { from: 'beginning' }, limit: 1000 }, { filter: { header: { key: 'event-type', value: 'OrderShipped' } } });
    assert.ok(byHeader.events.length > 0);
    assert.ok(byHeader.events.every((e) => e.type === 'OrderShipped'));
    assert.deepEqual(suite.broker.browseGroupsMade(), [], 'a browse read by fetches makes no consumer group');
  });

  it('reads JSON as data, text as text and bytes as a hex preview, keys and header values that are not text as base64', async () => {
    const topic = await fixture.topic('efx-it-values');
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80, 0xc3, 0x28]);
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          { key: 'json', value: '{"a":[1,2,{"b":null}]}' },
          { key: 'text', value: 'plain words, not JSON' },
          { key: bytes, value: bytes, headers: { raw: bytes, twice: ['one', 'two'] } },
          { key: null, value: null },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const page = await suite.broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
    const [json, text, binary, tombstone] = page.events;
    assert.deepEqual(json.data, { a: [1, 2, { b: null }] });
    assert.equal(json.payload, undefined);
    assert.equal(text.payload?.kind, 'text');
    assert.equal(text.data, 'plain words, not JSON');
    assert.equal(binary.payload?.kind, 'binary');
    assert.equal(Buffer.from(binary.payload?.base64 ?? '', 'base64').toString('hex'), bytes.toString('hex'));
    assert.match(binary.payload?.preview ?? '', /00 ff 10 80/);
    assert.ok(binary.source.system === 'kafka');
    assert.equal(binary.source.system === 'kafka' && binary.source.keyEncoding, 'base64');
    assert.equal(binary.source.system === 'kafka' && binary.source.key, bytes.toString('base64'));
    assert.deepEqual(binary.metadata.headers, [
      { key: 'raw', value: bytes.toString('base64'), encoding: 'base64' },
      { key: 'twice', value: 'one' },
      { key: 'twice', value: 'two' },
    ]);
    assert.equal(tombstone.type, 'tombstone');
    assert.equal(tombstone.source.system === 'kafka' && tombstone.source.key, undefined);
  });
});
