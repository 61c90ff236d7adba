// The search view's session against the real servers: one correlation id written to a Kafka topic, a
// RabbitMQ stream, a classic queue and the Local store (with an event of another correlation beside each);
// a search over the four, as the view runs it, returns the one event of each with its place, says how each
// source answered (the classic queue: peeked and returned), and keeps the rows in time order.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../src/connectors/local';
import { readOnlyPlan } from '../../src/connectors/reads/readPlan';
import type { SearchSource } from '../../src/connectors/reads/searchRun';
import { SearchSession } from '../../src/panels/search/searchSession';
import { kafkaSuite } from './support/kafkaFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

describe('Search across systems: Kafka, a RabbitMQ stream and classic queue, the Local store', function () {
  this.timeout(120_000);
  const kafka = kafkaSuite();
  const rabbit = new RabbitFixture();
  let folder = '';
  let store: LocalEventStore | undefined;

  before(async () => {
    await rabbit.start();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-search-view-'));
  });

  after(async () => {
    await store?.close();
    await rabbit.dispose();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('finds the one event of each source with its place, in time order, each source saying how it answered', async () => {
    const correlationId = `order-${randomUUID()}`;
    const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const topic = await kafka.fixture.topic('efx-it-search-view', 1);
    const producer = kafka.fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          { timestamp: String(base), value: '{}', headers: { 'event-id': 'k-other', 'correlation-id': 'someone-else' } },
          { timestamp: String(base + 1000), value: '{}', headers: { 'event-id': 'k-ours', 'event-type': 'OrderPlaced', 'correlation-id': correlationId } },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const stream = await rabbit.queue(uniqueName('search-view-stream'), { 'x-queue-type': 'stream' });
    const classic = await rabbit.queue(uniqueName('search-view-classic'), { 'x-queue-type': 'classic' });
    const ids = (prefix: string) => (i: number) => ({ messageId: `${prefix}-${i === 0 ? 'other' : 'ours'}`, correlationId: i === 0 ? 'someone-else' : correlationId, type: 'OrderRelayed', timestamp: base / 1000 + (prefix === 's' ? 2 : 3) });
    await rabbit.fill(stream, ['{}', '{}'], ids('s'));
    await rabbit.fill(classic, ['{}', '{}'], ids('c'));
    store = new LocalEventStore({ eventsFile: path.join(folder, 'events.ndjson') });
    const local = store;
    await local.append('Order-1', 'Order', [
      { id: 'l-ours', type: 'OrderBilled', timestamp: new Date(base + 4000).toISOString(), data: {}, metadata: { correlationId } },
      { id: 'l-other', type: 'OrderBilled', timestamp: new Date(base + 5000).toISOString(), data: {}, metadata: { correlationId: 'someone-else' } },
    ], 0);

    const broker = rabbit.broker();
    const sources: SearchSource[] = [
      { connectionId: 'kafka', connectionLabel: 'Rig Kafka', plan: await kafka.broker.planRead(topic), search: (request) => kafka.broker.search(request) },
      { connectionId: 'rabbit', connectionLabel: 'Rig RabbitMQ', plan: await broker.planRead(stream), search: (request) => broker.search(request) },
      { connectionId: 'rabbit', connectionLabel: 'Rig RabbitMQ', plan: await broker.planRead(classic), search: (request) => broker.search(request) },
      { connectionId: 'local', connectionLabel: 'Local', plan: readOnlyPlan('Local', 'An event store: reading changes nothing.'), search: (request) => local.search(request) },
    ];
    const session = new SearchSession({ plan: () => Promise.resolve({ sources, leftOut: [] }), describeError: (error) => String(error), changed: () => undefined });
    await session.plan();
    assert.deepEqual(session.view().sources.map((s) => s.changesState), [false, false, true, false], 'the classic queue is the one whose reading changes state');

    await session.search({ term: { field: 'correlationId', value: correlationId }, window: { from: base - 60_000 }, sources: [0, 1, 2, 3] });
    const view = session.view();
    assert.equal(view.running, false);
    assert.deepEqual(view.sources.map((s) => [s.state, s.found]), [['answered', 1], ['answered', 1], ['answered', 1], ['answered', 1]], JSON.stringify(view.sources));
    assert.match(view.sources[2].detail, /taken and returned \(redelivered\)/);
    assert.match(view.sources[1].detail, /^changed nothing\./);
    const rows = session.results.rows(0, 10);
    assert.deepEqual(rows.map((r) => [r.eventId, r.system, r.kind]), [
      ['k-ours', 'Rig Kafka', 'kafka'],
      ['s-ours', 'Rig RabbitMQ', 'rabbitmq'],
      ['c-ours', 'Rig RabbitMQ', 'rabbitmq'],
      ['l-ours', 'Local', 'local'],
    ]);
    assert.match(rows[0].place, new RegExp(`^${topic} \\[0\\] @ 1$`));
    assert.equal(rows[1].place, `(default) → ${stream} @ 1 (key ${stream})`);
    assert.equal(rows[2].place, `(default) → ${classic} #1 (key ${classic})`);
    assert.equal(rows[3].place, 'Local › Order-1 v1');
    assert.ok(rows.every((r) => r.correlationId === correlationId));
    assert.equal(session.found(rows[3].key)?.event.aggregateId, 'Order-1', 'a row names its found event, to open it');
    assert.equal(await rabbit.ready(classic), 2, 'the peek returned both messages');
    assert.deepEqual(kafka.broker.browseGroupsMade(), []);
  });
});
