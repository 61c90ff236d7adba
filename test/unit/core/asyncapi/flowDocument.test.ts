import { strict as assert } from 'node:assert';
import '../../../../src/connectors/kafka/asyncApiBindings';
import '../../../../src/connectors/rabbitmq/asyncApiBindings';
import { ChannelMessages } from '../../../../src/core/asyncapi/channelMessages';
import { channelSampleKey, correlationLocation, describeFlow } from '../../../../src/core/asyncapi/flowDocument';
import type { FlowChannel, FlowConnection } from '../../../../src/core/asyncapi/flowModel';
import type { FlowEvent } from '../../../../src/core/envelope';
import { asyncApiText, parseAsyncApi } from '../../../../src/connectors/reads/asyncapi/asyncApiText';

function event(type: string, data: FlowEvent['data'], headers: { key: string; value: string }[] = []): FlowEvent {
  return { id: `e-${Math.random()}`, type, timestamp: '2026-12-01T09:00:00Z', data, metadata: { headers }, source: { system: 'test' } };
}

const topic = (name: string): FlowChannel => ({ id: `topic:${name}`, connectionId: 'k', connectionKind: 'kafka', kind: 'topic', name, role: 'holds', detail: 'delete', figures: { partitions: 3, messages: 10 } });

function sampled(events: FlowEvent[]): ChannelMessages {
  const messages = new ChannelMessages();
  for (const e of events) messages.observe(e);
  return messages;
}

async function validated(document: Record<string, unknown>, format: 'yaml' | 'json' = 'yaml') {
  const text = await asyncApiText(document, format);
  const parsed = await parseAsyncApi(text);
  assert.ok(!('problems' in parsed), `the document does not validate: ${'problems' in parsed ? JSON.stringify(parsed.problems) : ''}\n${text}`);
  return parsed.document;
}

describe('AsyncAPI: the document of a flow', function () {
  this.timeout(30_000);

  it('writes channels with bindings, messages per type with schemas, headers and the correlation location, and validates', async () => {
    const kafka: FlowConnection = { id: 'k', label: 'local kafka', channels: [topic('orders'), { ...topic('__consumer_offsets'), internal: true }], links: [] };
    const rabbitBase = { connectionId: 'r', connectionKind: 'rabbitmq', scope: '/', figures: {} };
    const rabbit: FlowConnection = {
      id: 'r',
      label: 'local rabbit',
      channels: [
        { ...rabbitBase, id: 'exchange:shop', kind: 'exchange', name: 'shop', role: 'routes', detail: 'topic' },
        { ...rabbitBase, id: 'queue:shop.orders', kind: 'queue', name: 'shop.orders', role: 'holds', detail: 'classic' },
      ],
      links: [{ kind: 'route', from: 'exchange:shop', to: 'queue:shop.orders', routingKey: 'order.*' }],
    };
    const orders = sampled([
      event('OrderCreated', { order_id: 'o-1', total: 3 }, [{ key: 'correlation_id', value: 'c-1' }]),
      event('OrderCreated', { order_id: 'o-2', total: 4 }, [{ key: 'correlation_id', value: 'c-2' }]),
      event('OrderPaid', { order_id: 'o-1', metadata: { correlation_id: 'c-1' } }),
    ]);
    const queue = sampled([event('OrderShipped', { order_id: 'o-1' })]);
    const document = describeFlow({
      title: 'Event flows',
      connections: [kafka, rabbit],
      messages: new Map([
        [channelSampleKey('k', 'topic:orders'), orders],
        [channelSampleKey('r', 'queue:shop.orders'), queue],
      ]),
    });
    const parsed = await validated(document);
    assert.deepEqual(parsed.channels().all().map((c) => c.address()).sort(), ['orders', 'shop', 'shop.orders']);
    const channels = document.channels as Record<string, Record<string, unknown>>;
    assert.deepEqual(channels.orders.bindings, { kafka: { topic: 'orders', partitions: 3, bindingVersion: '0.5.0' } });
    assert.deepEqual(channels.shop.bindings, { amqp: { is: 'routingKey', exchange: { name: 'shop', type: 'topic', vhost: '/' }, bindingVersion: '0.3.0' } });
    const messages = channels.orders.messages as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(messages), ['OrderCreated', 'OrderPaid']);
    assert.deepEqual(messages.OrderCreated.correlationId, { description: 'Read from header:correlation_id', location: '$message.header#/correlation_id' });
    assert.deepEqual((messages.OrderPaid.correlationId as Record<string, unknown>).location, '$message.payload#/metadata/correlation_id');
    assert.deepEqual(messages.OrderCreated.headers, { type: 'object', properties: { correlation_id: { type: 'string' } }, required: ['correlation_id'] });
    assert.deepEqual((messages.OrderCreated.payload as Record<string, unknown>).required, ['order_id', 'total']);
    // The exchange sends what the queue it routes to receives.
    assert.deepEqual(channels.shop.messages, { OrderShipped: { $ref: '#/channels/shop.orders/messages/OrderShipped' } });
    assert.deepEqual(channels.shop['x-eventflows-routes'], [{ kind: 'route', to: 'shop.orders', routingKey: 'order.*' }]);
    const operations = document.operations as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(operations).sort(), ['receive.orders', 'receive.shop.orders', 'send.shop']);
    assert.equal(channels.__consumer_offsets, undefined);
  });

  it('takes hostile names and types as values only: the document validates and reads back the same names', async () => {
    const hostile = ['a: b', "it's \"quoted\"", 'line\nbreak', '#/channels/x', '{param}', '&anchor *alias !tag', 'sep\u2028arator', '../../etc', '~0~1/', ' ', 'ünïcödé'];
    const connection: FlowConnection = { id: 'k', label: 'label: "x"\n- y', channels: hostile.map(topic), links: [] };
    const messages = new Map(hostile.map((name) => [channelSampleKey('k', `topic:${name}`), sampled([event(name, { [name]: name }, [{ key: name, value: name }])])]));
    for (const format of ['yaml', 'json'] as const) {
      const parsed = await validated(describeFlow({ title: 'hostile', connections: [connection], messages }), format);
      const names = parsed.channels().all().map((c) => c.address() ?? String(c.json<Record<string, unknown>>()['x-eventflows-address']));
      assert.deepEqual(names.sort(), [...hostile].sort());
      const types = parsed.channels().all().flatMap((c) => c.messages().all().map((m) => m.name()));
      assert.deepEqual(types.sort(), [...hostile].sort());
    }
  });

  it('turns identity places into runtime expressions with JSON Pointer escapes', () => {
    assert.equal(correlationLocation('header:a/b~c'), '$message.header#/a~1b~0c');
    assert.equal(correlationLocation('body:metadata.correlation_id'), '$message.payload#/metadata/correlation_id');
    assert.equal(correlationLocation('property:correlationId'), undefined);
  });
});
