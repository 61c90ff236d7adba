/**
 * Redrive 1,000 dead letters while the connection is closed half-way from the management API (our own
 * connection, found by its client-provided name), then resume: every message is in the target or still in
 * the dead-letter queue, none lost; duplicates are counted and never more than the report said.
 */
import * as assert from 'node:assert/strict';
import { RabbitFixture, uniqueName } from '../../integration/support/rabbitFixture';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const TOTAL = 1000;

describe('RabbitMQ redrive when the connection is closed half-way', function () {
  this.timeout(120_000);
  const rig = new RabbitFixture();

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.redrive');
    await rig.start();
  });
  after(() => rig.dispose());

  it('closed from the management API, then resumed: totals conserved, 0 lost, duplicates reported', async () => {
    const dlq = await rig.queue(uniqueName('rel-redrive-dlq'));
    const target = await rig.queue(uniqueName('rel-redrive-target'));
    await rig.fill(dlq, Array.from({ length: TOTAL }, (_, i) => `{"seq":${i}}`), (i) => ({ messageId: `d-${i}` }));
    const connectionName = uniqueName('redrive-conn');
    const broker = rig.broker({ connectionName });
    await broker.connect();
    let names: string[] = [];
    for (let i = 0; i < 100 && names.length === 0; i++) {
      names = await broker.management.connectionsNamed(connectionName);
      if (names.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let closing: Promise<number> | undefined;
    const first = await broker.redrive({
      queue: dlq,
      destination: { to: 'exchange', exchange: '', routingKey: target },
      batchSize: 50,
      onProgress: (moved) => {
        if (moved >= 300 && !closing) {
          closing = (async () => {
            for (const name of names) await broker.management.closeConnection(name, 'reliability test: closed half-way');
            return names.length;
          })();
          return closing.then(() => undefined);
        }
      },
    });
    const closed = await closing;
    figure('rabbitmq.redriveClosed.connectionsClosed', closed ?? 0);
    figure('rabbitmq.redriveClosed.firstRunMoved', first.moved);
    figure('rabbitmq.redriveClosed.firstRunError', first.interrupted?.kind ?? 'none');
    assert.equal(closed, 1, 'our one connection was found by its name and closed');
    assert.ok(first.interrupted, 'the first run was interrupted');
    assert.match(first.interrupted.message, /^AMQP: /);
    assert.ok(first.moved < TOTAL);
    const resumed = await broker.redrive({ queue: dlq, destination: { to: 'exchange', exchange: '', routingKey: target }, batchSize: 50 });
    assert.equal(resumed.interrupted, undefined, resumed.interrupted?.message);
    const delivered = await rig.drain(target);
    const left = await rig.drain(dlq);
    const ids = new Set(delivered.map((m) => m.properties.messageId as string));
    const lost = Array.from({ length: TOTAL }, (_, i) => `d-${i}`).filter((id) => !ids.has(id) && !left.some((m) => m.properties.messageId === id)).length;
    const duplicates = delivered.length - ids.size;
    const reported = first.possiblyDuplicated + resumed.possiblyDuplicated;
    figure('rabbitmq.redriveClosed.total', delivered.length + left.length);
    figure('rabbitmq.redriveClosed.unique', ids.size);
    figure('rabbitmq.redriveClosed.lost', lost);
    figure('rabbitmq.redriveClosed.duplicates', duplicates);
    figure('rabbitmq.redriveClosed.reportedPossibleDuplicates', reported);
    assert.equal(lost, 0);
    assert.equal(ids.size, TOTAL);
    assert.equal(left.length, 0);
    assert.ok(duplicates <= reported, `${duplicates} duplicates, ${reported} reported as possible`);
    assert.equal(first.moved + resumed.moved, delivered.length, 'every copy that arrived was counted as moved');
  });
});
