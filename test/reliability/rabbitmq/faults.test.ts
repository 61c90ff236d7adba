/**
 * Connection faults against the rig's broker and against nothing at all: a closed port, a listener that
 * accepts and never answers, a wrong password (AMQP 403, API 401), the management API unreachable while
 * AMQP works. Each is a clear error naming its half, within the timeout (here 2 s).
 */
import * as assert from 'node:assert/strict';
import { RabbitError } from '../../../src/connectors/rabbitmq/errors';
import { RabbitFixture } from '../../integration/support/rabbitFixture';
import { SilentServer } from '../../integration/support/silentServer';
import { freePort } from '../../support/freePort';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

const TIMEOUT_MS = 2000;
const SLACK_MS = 2500;

async function failure(name: string, action: () => Promise<unknown>, half: RabbitError['half'], kind: RabbitError['kind']): Promise<void> {
  const started = performance.now();
  let thrown: unknown;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  assert.ok(thrown instanceof RabbitError, `${name}: expected a RabbitError, got ${String(thrown)}`);
  figure(`rabbitmq.fault.${name}.errorMs`, Math.round(ms));
  figure(`rabbitmq.fault.${name}.kind`, `${thrown.half}/${thrown.kind}`);
  assert.equal(`${thrown.half}/${thrown.kind}`, `${half}/${kind}`, thrown.message);
  assert.ok(ms <= TIMEOUT_MS + SLACK_MS, `${name}: the error took ${ms} ms`);
}

describe('RabbitMQ connection faults', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  const silent = new SilentServer();

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.faults');
    await rig.start();
    await silent.listen();
  });
  after(async () => {
    await silent.close();
    await rig.dispose();
  });

  it('a closed port: refused, for each half', async () => {
    const port = await freePort();
    const broker = rig.broker({ amqpUrl: `amqp://127.0.0.1:${port}/`, managementUrl: `http://127.0.0.1:${port}`, timeoutMs: TIMEOUT_MS });
    await failure('closedPort.amqp', () => broker.connect(), 'amqp', 'refused');
    await failure('closedPort.management', () => broker.vhosts(), 'management', 'refused');
  });

  it('a silent listener: a timeout, for each half', async () => {
    const broker = rig.broker({ amqpUrl: `amqp://127.0.0.1:${silent.port}/`, managementUrl: `http://127.0.0.1:${silent.port}`, timeoutMs: TIMEOUT_MS });
    await failure('silentListener.amqp', () => broker.connect(), 'amqp', 'timeout');
    await failure('silentListener.management', () => broker.vhosts(), 'management', 'timeout');
  });

  it('a wrong password: AMQP 403 access refused, API 401', async () => {
    const broker = rig.broker({ password: 'not-the-password', timeoutMs: TIMEOUT_MS });
    await failure('wrongPassword.amqp', () => broker.connect(), 'amqp', 'access-refused');
    await failure('wrongPassword.management', () => broker.vhosts(), 'management', 'unauthorized');
  });

  it('the management API unreachable while AMQP works: the check says which half is down', async () => {
    const broker = rig.broker({ managementUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: TIMEOUT_MS });
    const halves = await broker.checkHalves();
    figure('rabbitmq.fault.managementDown.amqpOk', String(halves.amqp.ok));
    figure('rabbitmq.fault.managementDown.managementOk', String(halves.management.ok));
    assert.equal(halves.amqp.ok, true);
    assert.equal(halves.management.ok, false);
    assert.equal(halves.management.error?.half, 'management');
    assert.match(halves.management.detail, /^Management API: nothing listens at 127\.0\.0\.1:\d+/);
  });

  it('a cancelled connect stops at once', async () => {
    const broker = rig.broker({ amqpUrl: `amqp://127.0.0.1:${silent.port}/`, timeoutMs: 30_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await failure('cancelledConnect', () => broker.connect(controller.signal), 'amqp', 'aborted');
  });
});
