// Reading exactly the records at given positions (the message browser's selection saved as a recording), on the rig's Kafka.
import { strict as assert } from 'node:assert';
import { isKafkaSource } from '../../src/connectors/kafka/kafkaSource';
import { readPositions } from '../../src/connectors/kafka/positionsRead';
import { kafkaSuite } from './support/kafkaFixture';

describe('Kafka records read at their positions', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('gives exactly the positions asked, in the order asked, bytes kept; positions past the end are named as missing', async () => {
    const topic = await fixture.topic('efx-it-positions', 2);
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 300 }, (_, i) => ({ partition: 0, key: `p0-${i}`, value: Buffer.from([i % 256, 0xff]) })) });
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 5 }, (_, i) => ({ partition: 1, key: `p1-${i}`, value: `text ${i}` })) });
    } finally {
      await producer.disconnect();
    }
    const asked = [
      { partition: 0, offset: '250' },
      { partition: 1, offset: '3' },
      { partition: 0, offset: '10' },
      { partition: 1, offset: '99' },
      { partition: 0, offset: '299' },
    ];
    const read = await readPositions(suite.broker, topic, asked);
    assert.deepEqual(read.missing, [{ partition: 1, offset: '99' }]);
    const places = read.events.map((e) => (isKafkaSource(e.source) ? `${e.source.partition}@${e.source.offset}:${e.source.key ?? ''}` : ''));
    assert.deepEqual(places, ['0@250:p0-250', '1@3:p1-3', '0@10:p0-10', '0@299:p0-299']);
    assert.deepEqual(
      read.events.map((e) => e.payload?.base64),
      [Buffer.from([250, 0xff]), Buffer.from('text 3'), Buffer.from([10, 0xff]), Buffer.from([299 % 256, 0xff])].map((b) => b.toString('base64')),
      'each value with its bytes',
    );
    assert.deepEqual(await fixture.browseGroupsLeft(), []);
  });
});
