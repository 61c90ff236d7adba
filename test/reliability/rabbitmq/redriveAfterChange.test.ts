/**
 * A redrive confirmed from a dry run, after the dead-letter queue changed in between (messages consumed,
 * others arrived, some of them copies of listed ones): exactly the listed survivors move, the rest stay in
 * order, and the listed ones that went are reported as not found.
 */
import * as assert from 'node:assert/strict';
import { listedForRedrive } from '../../../src/connectors/rabbitmq/redrivePlan';
import { RabbitFixture, uniqueName } from '../../integration/support/rabbitFixture';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const LISTED = 200;
const REMOVED = 20;
const ADDED = 50;

describe('RabbitMQ redrive after the queue changed', function () {
  this.timeout(120_000);
  const rig = new RabbitFixture();

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.redriveAfterChange');
    await rig.start();
  });
  after(() => rig.dispose());

  it(`lists ${LISTED}, ${REMOVED} consumed and ${ADDED} added (half of them copies of listed ids) before the redrive: only the listed survivors move`, async () => {
    const dlq = await rig.queue(uniqueName('rel-changed-dlq'));
    const target = await rig.queue(uniqueName('rel-changed-target'));
    // Every other message has no id: it is known by its body's hash.
    await rig.fill(dlq, Array.from({ length: LISTED }, (_, i) => `{"seq":${i}}`), (i) => (i % 2 === 0 ? { messageId: `d-${i}` } : {}));
    const broker = rig.broker();
    const destination = { to: 'exchange' as const, exchange: '', routingKey: target };
    const plan = await broker.planRedrive(dlq, { destination, limit: 1000 });
    const listed = listedForRedrive(plan);
    // Between the dry run and the redrive: the first REMOVED are consumed, ADDED arrive at the tail.
    await rig.channel(async (ch) => {
      for (let i = 0; i < REMOVED; i++) {
        const message = await ch.get(dlq, { noAck: true });
        assert.ok(message, 'the queue ran dry');
      }
    });
    await rig.fill(dlq, Array.from({ length: ADDED }, (_, i) => `{"late":${i}}`), (i) => (i % 2 === 0 ? { messageId: `d-${REMOVED + 2 * i}` } : {}));
    const report = await broker.redrive({ queue: dlq, destination, listed, batchSize: 50 });
    const moved = await rig.drain(target);
    const left = await rig.drain(dlq);
    figure('rabbitmq.redriveAfterChange', `listed ${listed.length} / moved ${report.moved} / left ${left.length} / not found ${report.notFound.length}`);
    assert.equal(listed.length, LISTED);
    assert.equal(report.moved, LISTED - REMOVED);
    assert.deepEqual(
      moved.map((m) => m.body),
      Array.from({ length: LISTED - REMOVED }, (_, i) => `{"seq":${i + REMOVED}}`),
      'the listed survivors, in order',
    );
    assert.deepEqual(
      left.map((m) => m.body),
      Array.from({ length: ADDED }, (_, i) => `{"late":${i}}`),
      'what arrived after the dry run stays, copies of listed ids included',
    );
    assert.equal(report.notFound.length, REMOVED);
    assert.equal(report.kept, ADDED);
  });
});
