// Keep Following on the real servers: after a trace, a Kafka topic is tailed (a throw-away group of its own)
// and a Local store searched again; an event published under the correlation arrives in the flow, one of
// another correlation does not, and once following stops no group of it is left on the cluster.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../src/connectors/local';
import { readOnlyPlan } from '../../src/connectors/reads/readPlan';
import type { SearchSource } from '../../src/connectors/reads/searchRun';
import { pollFollow, tailFollow } from '../../src/connectors/reads/traceFollow';
import { FlowSession } from '../../src/panels/flow/flowSession';
import type { FlowViewModel } from '../../src/protocol/flow';
import { kafkaSuite } from './support/kafkaFixture';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Keep Following a trace', function () {
  this.timeout(180_000);
  const kafka = kafkaSuite();
  let folder: string;
  let store: LocalEventStore;

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-follow-'));
    store = new LocalEventStore({ eventsFile: path.join(folder, 'events.ndjson') });
  });

  after(async () => {
    await store?.close();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('adds the events of the correlation as they arrive on Kafka and in the store, and leaves no group behind', async () => {
    const topic = await kafka.fixture.topic('efx-it-follow', 2);
    const correlationId = `order-${randomUUID()}`;
    const now = Date.now();
    const record = (id: string, correlation: string) => ({ key: correlation, timestamp: String(Date.now()), value: '{}', headers: { 'event-id': id, 'event-type': 'OrderPlaced', 'correlation-id': correlation } });
    const producer = kafka.fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [record('placed', correlationId)] });
      const sources: SearchSource[] = [
        { connectionId: 'kafka', connectionLabel: 'kafka', plan: await kafka.broker.planRead(topic), search: (request) => kafka.broker.search(request), follow: tailFollow(kafka.broker, topic) },
        { connectionId: 'local', connectionLabel: 'Local', plan: readOnlyPlan('Local', ''), search: (request) => store.search(request), follow: pollFollow((request) => store.search(request), 'Local', 200) },
      ];
      let view: FlowViewModel | undefined;
      const session = new FlowSession({ start: { correlationId, at: now }, sources, leftOut: [], describeError: String, changed: (changed) => (view = changed) });
      await session.run();
      assert.deepEqual(session.trace.nodes.map((n) => n.eventId), ['placed']);
      const tailsBefore = kafka.broker.browseGroupsMade().filter((id) => id.startsWith('efx-tail-')).length;
      assert.equal(session.follow(), true);
      assert.equal(view?.following, true);
      // The tail reads from where each partition ended when it started: wait until it has its group.
      await until('the tail to start', () => kafka.broker.browseGroupsMade().filter((id) => id.startsWith('efx-tail-')).length > tailsBefore);
      await until('the tail to join its group', async () => {
        const groups = kafka.broker.browseGroupsMade().filter((id) => id.startsWith('efx-tail-'));
        const described = await kafka.fixture.admin.describeGroups(groups.slice(tailsBefore));
        return described.groups.some((g) => g.state === 'Stable');
      });
      await producer.send({ topic, messages: [record('other', `order-${randomUUID()}`), record('shipped', correlationId)] });
      await store.append(`Order-${correlationId}`, 'Order', [{ id: 'stored', type: 'OrderStored', timestamp: new Date().toISOString(), data: {}, metadata: { correlationId } }], 0);
      await until('both new events to arrive', () => session.trace.nodes.length === 3);
      assert.deepEqual(session.trace.nodes.map((n) => n.eventId).sort(), ['placed', 'shipped', 'stored']);
      await session.stopFollowing();
      assert.equal(view?.following, false);
      assert.deepEqual(session.trace.nodes.map((n) => n.eventId).sort(), ['placed', 'shipped', 'stored'], 'the other correlation never joined');
      assert.deepEqual(await kafka.fixture.browseGroupsLeft(), [], 'no tail group left on the cluster');
      const listed = (await kafka.fixture.admin.listGroups()).groups.map((g) => g.groupId);
      assert.deepEqual(kafka.broker.browseGroupsMade().filter((id) => id.startsWith('efx-tail-') && listed.includes(id)), []);
    } finally {
      await producer.disconnect();
    }
  });
});
