// The crossing sample on the real servers: one chapter order recorded to Kafka, relayed to the sample
// RabbitMQ topology (its payment rejected once by the consumer, dead-lettered by the broker, retried through
// the delay queue) and appended to a Local store. A trace from the first record finds every hop in order.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { publishCrossingSample } from '../../src/connectors/crossingSamplePublish';
import { LocalEventStore } from '../../src/connectors/local';
import { readOnlyPlan } from '../../src/connectors/reads/readPlan';
import type { SearchSource } from '../../src/connectors/reads/searchRun';
import { runTrace, traceStartOf } from '../../src/connectors/reads/traceRun';
import { deleteSampleTopology, sampleTopologyNames } from '../../src/connectors/rabbitmq/sampleTopology';
import { kafkaSuite } from './support/kafkaFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

describe('Publish Sample Flow Across Systems', function () {
  this.timeout(240_000);
  const kafka = kafkaSuite();
  const rabbit = new RabbitFixture();
  const prefix = `${uniqueName('efx-crossing')}.`;
  const names = sampleTopologyNames(prefix);
  let folder: string;
  let store: LocalEventStore;

  before(async () => {
    await rabbit.start();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-crossing-'));
    store = new LocalEventStore({ eventsFile: path.join(folder, 'events.ndjson') });
  });

  after(async () => {
    await store?.close();
    await deleteSampleTopology(rabbit.broker().session(), names).catch(() => undefined);
    await rabbit.dispose();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('crosses Kafka → RabbitMQ (one dead letter, one retry) → the store; a trace from the first record finds every hop in order', async () => {
    const topic = await kafka.fixture.topic('efx-it-crossing', 3);
    const broker = rabbit.broker();
    const { sample, first, published } = await publishCrossingSample({ kafka: { broker: kafka.broker, topic }, rabbit: { broker, prefix }, store });
    assert.equal(published.length, 3);
    assert.ok(first);
    assert.equal(first.source.system, 'kafka');

    const queues = [...Object.keys(names.queues), names.deadLetterQueue];
    const sources: SearchSource[] = [
      { connectionId: 'kafka', connectionLabel: 'kafka', plan: await kafka.broker.planRead(topic), search: (request) => kafka.broker.search(request) },
      ...(await Promise.all(queues.map(async (queue) => ({ connectionId: 'rabbitmq', connectionLabel: 'rabbitmq', plan: await broker.planRead(queue), search: broker.search.bind(broker) })))),
      { connectionId: 'local', connectionLabel: 'Local', plan: readOnlyPlan('Local', ''), search: (request) => store.search(request) },
    ];
    const failed: string[] = [];
    const { trace } = await runTrace(sources, traceStartOf(first), {}, { onResult: () => undefined, onError: (source, error) => failed.push(`${source.plan.source}: ${String(error)}`) });
    assert.deepEqual(failed, []);

    const expected = [...sample.crossing.flatMap((event) => [[event.id, event.type, 'kafka'], [event.id, event.type, 'rabbitmq'], [event.id, event.type, 'local']]), ...sample.storedOnly.map((event) => [event.id, event.type, 'local'])];
    assert.deepEqual(trace.nodes.map((node) => [node.eventId, node.type, node.system]), expected);
    assert.ok(trace.nodes.every((node) => node.correlationId === sample.correlationId && node.traceId === sample.traceId));

    const payment = trace.nodes.find((node) => node.type === 'PaymentCompleted' && node.system === 'rabbitmq');
    assert.ok(payment);
    assert.match(payment.place, new RegExp(`${names.exchange.replace(/\./g, '\\.')} → ${prefix.replace(/\./g, '\\.')}orders\\.payments`));
    assert.deepEqual(
      payment.retries.map((retry) => [retry.reason, retry.queue, retry.count]),
      [
        ['expired', names.delayQueue, 1],
        ['rejected', `${prefix}orders.payments`, 1],
      ],
    );
    const others = trace.nodes.filter((node) => node !== payment);
    assert.ok(others.every((node) => node.retries.length === 0), 'only the payment was retried');
    assert.deepEqual(trace.gaps, []);
    assert.equal(await rabbit.ready(names.deadLetterQueue), 0, 'the retry took the dead letter');
  });
});
