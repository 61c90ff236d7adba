// A trace across the three real systems. A small relay inside the test plays the services: it consumes an
// order from Kafka and publishes it to a RabbitMQ exchange (same message id, a new span), the billing
// service takes it from its queue, appends an event to the Local store and rejects the message (it is
// dead-lettered), and the store's outbox writes the next event back to Kafka. Every hop copies the
// correlation id, names its cause and carries a `traceparent`. The trace must find each hop in order with
// its place; a hop whose message is gone is a gap; a source that is down says so while the others answer.
import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../src/connectors/local';
import type { Broker } from '../../src/connectors/broker';
import { readOnlyPlan } from '../../src/connectors/reads/readPlan';
import type { SearchSource } from '../../src/connectors/reads/searchRun';
import { runTrace, traceStartOf } from '../../src/connectors/reads/traceRun';
import type { FlowEvent } from '../../src/core/envelope';
import type { FlowTrace } from '../../src/core/flow/flowTypes';
import { kafkaSuite } from './support/kafkaFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';
import { SilentServer } from './support/silentServer';

const traceparent = (trace: string, span: string): string => `00-${trace}-${span}-01`;
const newSpan = (): string => randomBytes(8).toString('hex');

interface Rig {
  topic: string;
  exchange: string;
  billing: string;
  dlq: string;
  store: LocalEventStore;
}

/** The relay: one order through Kafka → RabbitMQ → the Local store → Kafka. `lose` acks the RabbitMQ hop under a new id, so no copy of it is left. */
async function relayOneOrder(rig: Rig, kafka: ReturnType<typeof kafkaSuite>, rabbit: RabbitFixture, base: number, options: { lose?: boolean } = {}): Promise<{ correlationId: string; ids: string[]; traceId: string }> {
  const correlationId = `order-${randomUUID()}`;
  const traceId = randomBytes(16).toString('hex');
  const placed = `placed-${randomUUID()}`;
  const producer = kafka.fixture.kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: rig.topic,
      messages: [{ key: correlationId, timestamp: String(base), value: JSON.stringify({ orderId: correlationId }), headers: { 'event-id': placed, 'event-type': 'OrderPlaced', 'correlation-id': correlationId, traceparent: traceparent(traceId, newSpan()) } }],
    });
    // The relay reads the record back as any consumer would (from the topic, by its id) and publishes it on.
    const consumed = await kafka.broker.search({ source: rig.topic, window: {}, predicate: { field: 'eventId', value: placed }, limit: 1 });
    const record = consumed.events[0];
    assert.ok(record, 'the relay found the record it relays');
    const relayedId = options.lose ? `relayed-${randomUUID()}` : record.id;
    await rabbit.channel(async (channel) => {
      channel.publish(rig.exchange, 'order.placed', Buffer.from(JSON.stringify(record.data)), {
        messageId: relayedId,
        correlationId: record.metadata.correlationId,
        type: record.type,
        timestamp: Math.floor(base / 1000) + 1,
        headers: { ...(options.lose ? { 'causation-id': record.id } : {}), traceparent: traceparent(traceId, newSpan()) },
      });
      await channel.waitForConfirms();
    });
    // The billing service takes the message, writes the store and then fails on it: the broker dead-letters it.
    const billed = await rabbit.channel(async (channel) => {
      for (let tries = 0; tries < 100; tries++) {
        const message = await channel.get(rig.billing, { noAck: false });
        if (message) {
          if (options.lose) channel.ack(message);
          else channel.nack(message, false, false);
          return message;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the relayed message never reached billing');
    });
    const billedId = `billed-${randomUUID()}`;
    await rig.store.append(`Billing-${correlationId}`, 'Billing', [
      {
        id: billedId,
        type: 'OrderBilled',
        timestamp: new Date(base + 2000).toISOString(),
        data: { orderId: correlationId },
        metadata: { correlationId, causationId: String(billed.properties.messageId), traceId, parentSpanId: newSpan() },
      },
    ], 0);
    const shipped = `shipped-${randomUUID()}`;
    await producer.send({
      topic: rig.topic,
      messages: [{ key: correlationId, timestamp: String(base + 3000), value: '{}', headers: { 'event-id': shipped, 'event-type': 'OrderShipped', 'correlation-id': correlationId, 'causation-id': billedId, traceparent: traceparent(traceId, newSpan()) } }],
    });
    return { correlationId, traceId, ids: [placed, relayedId, billedId, shipped] };
  } finally {
    await producer.disconnect();
  }
}

function brokerSource(connectionId: string, broker: Broker, source: string): SearchSource {
  return { connectionId, connectionLabel: connectionId, plan: readOnlyPlan(source, ''), search: (request) => broker.search(request) };
}

describe('Trace one event across Kafka, RabbitMQ and the Local store', function () {
  this.timeout(240_000);
  const kafka = kafkaSuite();
  const rabbit = new RabbitFixture();
  let rig: Rig;
  let folder: string;
  let sources: SearchSource[];

  before(async () => {
    await rabbit.start();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-trace-'));
    const exchange = rabbit.track('exchange', uniqueName('orders'));
    const dlx = rabbit.track('exchange', uniqueName('orders-dlx'));
    const dlq = await rabbit.queue(uniqueName('billing-dlq'), { 'x-queue-type': 'classic' });
    const billing = await rabbit.queue(uniqueName('billing'), { 'x-queue-type': 'classic', 'x-dead-letter-exchange': dlx });
    await rabbit.channel(async (channel) => {
      await channel.assertExchange(exchange, 'topic', { durable: false });
      await channel.assertExchange(dlx, 'fanout', { durable: false });
      await channel.bindQueue(billing, exchange, 'order.*');
      await channel.bindQueue(dlq, dlx, '');
    });
    rig = { topic: await kafka.fixture.topic('efx-it-trace', 1), exchange, billing, dlq, store: new LocalEventStore({ eventsFile: path.join(folder, 'events.ndjson') }) };
    const rabbitBroker = rabbit.broker();
    sources = [
      { ...brokerSource('kafka', kafka.broker, rig.topic), plan: await kafka.broker.planRead(rig.topic) },
      { ...brokerSource('rabbitmq', rabbitBroker, dlq), plan: await rabbitBroker.planRead(dlq) },
      { connectionId: 'local', connectionLabel: 'Local', plan: readOnlyPlan('Local', ''), search: (request) => rig.store.search(request) },
    ];
  });

  after(async () => {
    await rig?.store.close();
    await rabbit.dispose();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  async function trace(start: FlowEvent, from: readonly SearchSource[] = sources, signal?: AbortSignal): Promise<{ trace: FlowTrace; answered: string[]; failed: string[] }> {
    const answered: string[] = [];
    const failed: string[] = [];
    const result = await runTrace(from, traceStartOf(start), { ...(signal ? { signal } : {}) }, {
      onResult: (source) => answered.push(source.connectionId),
      onError: (source, error) => failed.push(`${source.connectionId}: ${error instanceof Error ? error.message : String(error)}`),
    });
    return { trace: result.trace, answered, failed };
  }

  async function startEvent(eventId: string): Promise<FlowEvent> {
    const found = await kafka.broker.search({ source: rig.topic, window: {}, predicate: { field: 'eventId', value: eventId }, limit: 1 });
    assert.ok(found.events[0]);
    return found.events[0];
  }

  it('finds every hop in order with its place: a relay, its retry, the caused store event and the next record', async () => {
    const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const flow = await relayOneOrder(rig, kafka, rabbit, base);
    await rabbit.waitForReady(rig.dlq, 1);
    const { trace: found, answered, failed } = await trace(await startEvent(flow.ids[0]));
    assert.deepEqual(failed, []);
    assert.deepEqual([...answered].sort(), ['kafka', 'local', 'rabbitmq']);
    assert.deepEqual(found.nodes.map((n) => [n.eventId, n.system]), [
      [flow.ids[0], 'kafka'],
      [flow.ids[1], 'rabbitmq'],
      [flow.ids[2], 'local'],
      [flow.ids[3], 'kafka'],
    ]);
    assert.match(found.nodes[0].place, new RegExp(`^${rig.topic} \\[0\\] @ \\d+$`));
    assert.match(found.nodes[1].place, new RegExp(`^efx-orders-dlx-\\w+ → ${rig.dlq} #0 \\(key order.placed\\)$`));
    assert.equal(found.nodes[2].place, `Local › Billing-${flow.correlationId} v1`);
    assert.deepEqual(found.edges.map((e) => [e.from, e.to, e.kind, e.latencyMs]), [
      [0, 1, 'relay', 1000],
      [1, 2, 'caused', 1000],
      [2, 3, 'caused', 1000],
    ]);
    assert.deepEqual(found.nodes[1].retries.map((r) => [r.reason, r.queue, r.count]), [['rejected', rig.billing, 1]]);
    assert.deepEqual(found.gaps, []);
    assert.equal(new Set(found.nodes.map((n) => n.traceId)).size, 1, 'one W3C trace throughout');
    assert.equal(await rabbit.ready(rig.dlq), 1, 'the peek returned the dead letter');
  });

  it('reports a hop whose message is gone as a gap', async () => {
    const base = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    const flow = await relayOneOrder(rig, kafka, rabbit, base, { lose: true });
    const { trace: found } = await trace(await startEvent(flow.ids[0]));
    assert.deepEqual(found.nodes.map((n) => n.eventId), [flow.ids[0], flow.ids[2], flow.ids[3]]);
    assert.deepEqual(found.gaps, [{ node: 1, missingEventId: flow.ids[1] }]);
    assert.deepEqual(found.edges.map((e) => [e.from, e.to, e.kind]), [[1, 2, 'caused']]);
  });

  it('a source that is down says why while the others answer; a cancelled trace leaves no group and no unacked message', async () => {
    const base = Math.floor(Date.now() / 1000) * 1000 - 20_000;
    const flow = await relayOneOrder(rig, kafka, rabbit, base);
    await rabbit.waitForReady(rig.dlq, 2);
    const silent = new SilentServer();
    await silent.listen();
    try {
      const down = rabbit.broker({ amqpUrl: `amqp://127.0.0.1:${silent.port}/`, managementUrl: `http://127.0.0.1:${silent.port}/`, timeoutMs: 2_000 });
      const withDown = [...sources.slice(0, 1), { ...brokerSource('rabbitmq-down', down, rig.dlq) }, sources[2]];
      const { trace: found, answered, failed } = await trace(await startEvent(flow.ids[0]), withDown);
      assert.deepEqual([...answered].sort(), ['kafka', 'local']);
      assert.equal(failed.length, 1);
      assert.match(failed[0], /^rabbitmq-down: /);
      assert.deepEqual(found.nodes.map((n) => n.eventId), [flow.ids[0], flow.ids[2], flow.ids[3]]);
    } finally {
      await silent.close();
    }
    const controller = new AbortController();
    const cancelled = trace(await startEvent(flow.ids[0]), sources, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await cancelled;
    assert.deepEqual(await kafka.fixture.browseGroupsLeft(), []);
    assert.equal(await rabbit.waitForReady(rig.dlq, 2), 2, 'every dead letter is back in its queue');
    const left = await rabbit.channel((channel) => channel.checkQueue(rig.dlq));
    assert.deepEqual([left.messageCount, left.consumerCount], [2, 0], 'no message unacked, no consumer left on the queue');
  });
});
