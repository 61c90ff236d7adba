// The one identity reader, end to end: messages written the way other programs write them (the chapter's
// `correlation_id` header, W3C trace context, Spring's byte correlation id) read back with their ids.
import { strict as assert } from 'node:assert';
import { isRabbitSource } from '../../src/connectors/rabbitmq/rabbitSource';
import type { EventSource } from '../../src/core/envelope';
import { withOverrides } from '../../src/core/identity';
import { kafkaSuite } from './support/kafkaFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

const streamOffsetOf = (source: EventSource | undefined): string => (source !== undefined && isRabbitSource(source) ? (source.streamOffset ?? '') : '');

describe('Identity read from real messages', function () {
  this.timeout(120_000);

  describe('Kafka', () => {
    const suite = kafkaSuite();
    const { fixture } = suite;

    it('shows the correlation id of a message with a correlation_id header (the chapter spelling), its causation and trace', async () => {
      const topic = await fixture.topic('efx-it-identity');
      const producer = fixture.kafka.producer();
      await producer.connect();
      try {
        await producer.send({
          topic,
          messages: [
            { key: 'Order-1', value: JSON.stringify({ event_type: 'OrderCreated', data: {} }), headers: { correlation_id: 'corr-chapter', causation_id: 'cause-1', traceparent: `00-${TRACE}-${SPAN}-01` } },
            { key: 'Order-1', value: '{}', headers: { kafka_correlationId: Buffer.from('00112233445566778899aabbccddeeff', 'hex'), 'X-Request-Id': 'req-7' } },
            { key: 'Order-1', value: '{}' },
          ],
        });
      } finally {
        await producer.disconnect();
      }
      const page = await suite.broker.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
      const [chapter, spring, none] = page.events;
      assert.equal(chapter.metadata.correlationId, 'corr-chapter');
      assert.equal(chapter.metadata.causationId, 'cause-1');
      assert.equal(chapter.metadata.traceId, TRACE);
      assert.equal(chapter.metadata.parentSpanId, SPAN);
      assert.equal(chapter.type, 'OrderCreated');
      assert.equal(spring.metadata.correlationId, '00112233-4455-6677-8899-aabbccddeeff');
      assert.equal(none.metadata.correlationId, undefined);
      assert.equal(none.metadata.traceId, undefined);

      const overridden = fixture.broker({ identity: withOverrides({ correlationId: ['header:X-Request-Id'] }) });
      const again = await overridden.browse({ source: topic, start: { from: 'beginning' }, limit: 10 });
      assert.deepEqual(again.events.map((e) => e.metadata.correlationId), [undefined, 'req-7', undefined], 'the connection override replaces the default list');
    });
  });

  describe('RabbitMQ', () => {
    const rig = new RabbitFixture();
    before(() => rig.start());
    after(() => rig.dispose());

    it('reads the AMQP correlation_id, message_id and type properties, and a traceparent header', async () => {
      const queue = await rig.queue(uniqueName('identity'), { 'x-queue-type': 'stream' });
      await rig.fill(queue, [JSON.stringify({ correlationId: 'in-body' }), '{}'], (i) =>
        i === 0 ? { messageId: 'm-1', correlationId: 'corr-amqp', type: 'OrderPaid', headers: { traceparent: `00-${TRACE}-${SPAN}-01` } } : { headers: { correlation_id: 'corr-header' } },
      );
      const page = await rig.broker().browse({ source: queue, start: { from: 'beginning' }, limit: 10 });
      assert.deepEqual(
        page.events.map((e) => [e.id, e.type, e.metadata.correlationId, e.metadata.traceId]),
        [
          ['m-1', 'OrderPaid', 'corr-amqp', TRACE],
          [`${queue}#${streamOffsetOf(page.events[1]?.source)}`, queue, 'corr-header', undefined],
        ],
      );
      const overridden = rig.broker({ identity: withOverrides({ correlationId: ['body:correlationId'] }) });
      const again = await overridden.browse({ source: queue, start: { from: 'beginning' }, limit: 10 });
      assert.deepEqual(again.events.map((e) => e.metadata.correlationId), ['in-body', undefined]);
    });
  });
});
