// What the connector says when a half of the broker connection fails: which half (AMQP or management)
// and why (refused, DNS, 403 access refused, 401, no such vhost or queue), never with the password.
import * as assert from 'node:assert/strict';
import { RabbitError } from '../../src/connectors/rabbitmq/errors';
import * as ports from '../services/ports';
import { freePort } from '../support/freePort';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const WRONG = 'wr0ng:p@ss/word';

function expectRabbit(half: RabbitError['half'], kind: RabbitError['kind'], pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof RabbitError, `expected a RabbitError, got ${String(error)}`);
    assert.equal(error.half, half, error.message);
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    for (const spelling of [WRONG, encodeURIComponent(WRONG)]) assert.ok(!error.message.includes(spelling), `the password shows in: ${error.message}`);
    return true;
  };
}

describe('RabbitMQ connection errors', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  before(() => rig.start());
  after(() => rig.dispose());

  it('a wrong password: AMQP says 403 access refused, the management API 401; both halves reported', async () => {
    const broker = rig.broker({ password: WRONG });
    await assert.rejects(() => broker.connect(), expectRabbit('amqp', 'access-refused', /^AMQP: access refused/));
    await assert.rejects(() => broker.vhosts(), expectRabbit('management', 'unauthorized', /^Management API: 401/));
    const halves = await broker.checkHalves();
    assert.deepEqual([halves.amqp.ok, halves.amqp.error?.kind, halves.management.ok, halves.management.error?.kind], [false, 'access-refused', false, 'unauthorized']);
  });

  it('a closed port is "refused", an unknown host is "dns", for the half that has it', async () => {
    const closed = await freePort();
    const broker = rig.broker({ amqpUrl: `amqp://127.0.0.1:${closed}/`, managementUrl: `http://no-such-host.invalid:${ports.rabbitmq.managementPort}` });
    await assert.rejects(() => broker.connect(), expectRabbit('amqp', 'refused', /connection refused/));
    await assert.rejects(() => broker.vhosts(), expectRabbit('management', 'dns', /does not resolve/));
  });

  it('management down while AMQP works: the check says which half is down', async () => {
    const broker = rig.broker({ managementUrl: `http://127.0.0.1:${await freePort()}` });
    const halves = await broker.checkHalves();
    assert.equal(halves.amqp.ok, true, halves.amqp.detail);
    assert.match(halves.amqp.detail, /RabbitMQ 3\./);
    assert.equal(halves.management.ok, false);
    assert.match(halves.management.detail, /^Management API: nothing listens/);
    // Publishing needs only AMQP; peeking refuses without the queue's type (a quorum queue could lose messages).
    const queue = await rig.queue(uniqueName('half'));
    await broker.publish({ name: '' }, [{ key: queue, body: 'x' }]);
    assert.equal(await rig.ready(queue), 1);
    await assert.rejects(() => broker.peek(queue, { limit: 1 }), expectRabbit('management', 'refused', /type and delivery limit are unknown/));
  });

  it('a vhost that does not exist, a queue that does not exist', async () => {
    const broker = rig.broker({ amqpUrl: `amqp://127.0.0.1:${ports.rabbitmq.port}/${uniqueName('no-vhost')}` });
    await assert.rejects(() => broker.connect(), expectRabbit('amqp', 'access-refused', /does not allow this virtual host/));
    const good = rig.broker();
    await assert.rejects(() => good.peek(uniqueName('missing'), { limit: 1 }), expectRabbit('management', 'not-found', /does not exist/));
    await assert.rejects(() => good.purge(uniqueName('missing')), expectRabbit('amqp', 'not-found'));
    // The channel error stayed on its channel: the connection still works.
    const queue = await rig.queue(uniqueName('after-error'));
    await good.publish({ name: '' }, [{ key: queue, body: 'still here' }]);
    assert.equal(await rig.ready(queue), 1);
  });

  it('a bad property fails before anything is sent', async () => {
    const queue = await rig.queue(uniqueName('bad-property'));
    const broker = rig.broker();
    await assert.rejects(() => broker.publish({ name: '' }, [{ key: queue, body: 'ok' }, { key: queue, body: 'bad', properties: { priority: 300 } }]), expectRabbit('amqp', 'invalid', /message 2: "priority"/));
    assert.equal(await rig.ready(queue), 0);
  });

  it('URLs that are not AMQP or HTTP are refused when the broker is made, with the password masked', () => {
    assert.throws(() => rig.broker({ amqpUrl: `http://guest:${WRONG}@host/` }), expectRabbit('amqp', 'invalid', /amqp:\/\/ or amqps:\/\//));
    assert.throws(() => rig.broker({ managementUrl: 'ftp://host' }), expectRabbit('management', 'invalid'));
  });
});
