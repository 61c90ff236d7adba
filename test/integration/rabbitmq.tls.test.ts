// AMQPS against the rig's TLS listener, which verifies both sides: the broker's certificate is signed by the
// rig's CA, and the broker refuses a client without a certificate signed by the same CA.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RabbitError } from '../../src/connectors/rabbitmq/errors';
import type { RabbitTlsOptions } from '../../src/connectors/rabbitmq/options';
import * as ports from '../services/ports';
import { portOpen } from './support/mongoFixture';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

function pem(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function expectTls(pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof RabbitError, `expected a RabbitError, got ${String(error)}`);
    assert.equal(error.half, 'amqp', error.message);
    assert.equal(error.kind, 'tls', error.message);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('RabbitMQ over AMQPS', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();
  let client: RabbitTlsOptions;

  before(async () => {
    await rig.start();
    if (!(await portOpen(ports.rabbitmq.tlsPort))) {
      throw new Error(`RabbitMQ AMQPS is not listening on ${ports.host}:${ports.rabbitmq.tlsPort}: a broker started before its TLS listener existed needs \`services.sh down rabbitmq && services.sh up rabbitmq\``);
    }
    client = { ca: pem(ports.rabbitmqTls.caFile), cert: pem(ports.rabbitmqTls.clientCertFile), key: pem(ports.rabbitmqTls.clientKeyFile) };
  });
  after(() => rig.dispose());

  it('with the CA and a client certificate: connects, publishes and peeks over TLS', async () => {
    const broker = rig.broker({ amqpUrl: ports.rabbitmq.tlsUrl, tls: client });
    const halves = await broker.checkHalves();
    assert.equal(halves.amqp.ok, true, halves.amqp.detail);
    assert.match(halves.amqp.detail, /RabbitMQ 3\./);
    const queue = await rig.queue(uniqueName('tls'));
    await broker.publish({ name: '' }, [{ key: queue, body: '{"over":"tls"}' }]);
    assert.equal(await rig.ready(queue), 1);
    const peeked = await broker.peek(queue, { limit: 5 });
    assert.equal(peeked.kind, 'queue');
    assert.deepEqual(peeked.messages.map((m) => m.event.data), [{ over: 'tls' }]);
    assert.equal(await rig.ready(queue), 1);
  });

  it('without the CA: a TLS error that says the broker certificate is not trusted', async () => {
    const broker = rig.broker({ amqpUrl: ports.rabbitmq.tlsUrl, tls: { cert: client.cert, key: client.key } });
    await assert.rejects(() => broker.connect(), expectTls(/^AMQP: the TLS handshake with 127\.0\.0\.1:35675 failed: the broker's certificate is not trusted.*CA certificate.*\(self.signed certificate in certificate chain\)/));
    const halves = await broker.checkHalves();
    assert.equal(halves.amqp.ok, false);
    assert.equal(halves.amqp.error?.kind, 'tls');
  });

  it('with the CA but no client certificate where the listener requires one: a TLS error naming the missing certificate', async () => {
    const broker = rig.broker({ amqpUrl: ports.rabbitmq.tlsUrl, tls: { ca: client.ca } });
    await assert.rejects(() => broker.connect(), expectTls(/client certificate/));
  });

  it('a client key that does not belong to the client certificate: a TLS error saying so', async () => {
    const broker = rig.broker({ amqpUrl: ports.rabbitmq.tlsUrl, tls: { ca: client.ca, cert: client.cert, key: pem(ports.rabbitmqTls.caFile.replace(/ca\.pem$/, 'server.key')) } });
    await assert.rejects(() => broker.connect(), expectTls(/client key does not belong to the client certificate/));
  });

  it('plain amqp:// to the TLS port is not mistaken for a working broker', async () => {
    const broker = rig.broker({ amqpUrl: `amqp://${ports.host}:${ports.rabbitmq.tlsPort}/`, timeoutMs: 3_000 });
    await assert.rejects(() => broker.connect(), (error: unknown) => error instanceof RabbitError && error.half === 'amqp');
  });
});
