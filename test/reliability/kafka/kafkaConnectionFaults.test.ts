/**
 * Reaching Kafka the wrong way: a closed port, a listener that accepts and never answers, a wrong SASL
 * password, SASL offered to a PLAINTEXT listener, TLS to a plaintext port, plaintext to the TLS port, TLS
 * without the CA. Each must fail with a clear error naming its cause, within the configured timeout, and
 * no error ever shows the SASL password or the key passphrase.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { KafkaBroker, KafkaConnectorError, type KafkaConnectionOptions, type KafkaFailureKind } from '../../../src/connectors/kafka';
import * as ports from '../../services/ports';
import { freePort } from '../../support/freePort';
import { SilentServer } from '../../integration/support/silentServer';
import { figure } from '../support/figures';
import { skipOrFailWithoutRig } from '../../support/rig';

const TIMEOUT_MS = 4000;
const SLACK_MS = 3000;
const PASSWORD_SPELLED_WRONG = 'Wr0ng-Pa55word-efx';
const PASSPHRASE = 'Key-Pa55phrase-efx';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ports.host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}


const shownTexts: string[] = [];

async function failure(name: string, options: KafkaConnectionOptions): Promise<KafkaConnectorError> {
  const broker = new KafkaBroker({ connectionTimeoutMs: 2000, requestTimeoutMs: 3000, operationTimeoutMs: TIMEOUT_MS, ...options });
  const started = performance.now();
  try {
    await broker.connect();
  } catch (error) {
    const ms = performance.now() - started;
    assert.ok(error instanceof KafkaConnectorError, `${name}: ${String(error)}`);
    shownTexts.push(error.message, String(error.stack), broker.label);
    figure(`kafka.faults.${name}.ms`, Math.round(ms));
    figure(`kafka.faults.${name}.kind`, error.kind);
    assert.ok(ms < TIMEOUT_MS + SLACK_MS, `${name} took ${ms.toFixed(0)} ms`);
    return error;
  } finally {
    await broker.close();
  }
  assert.fail(`${name}: connected, but it should have failed`);
}

function expectKind(error: KafkaConnectorError, kind: KafkaFailureKind, words: RegExp): void {
  assert.equal(error.kind, kind, error.message);
  assert.match(error.message, words);
}

describe('Kafka connection faults', function () {
  this.timeout(60_000);
  let ca = '';

  before(async function () {
    const missing = (await portOpen(ports.kafka.saslPort)) && (await portOpen(ports.kafka.sslPort)) ? undefined : 'the Kafka SASL and SSL listeners are not up';
    skipOrFailWithoutRig(this, 'Kafka faults', missing);
    ca = fs.readFileSync(ports.kafkaCaFile, 'utf8');
  });

  it('a closed port: refused', async () => {
    const port = await freePort();
    expectKind(await failure('closedPort', { bootstrapServers: [`${ports.host}:${port}`] }), 'refused', /refused the connection/);
  });

  it('a listener that accepts and never answers: a timeout within the configured time', async () => {
    const silent = new SilentServer();
    await silent.listen();
    try {
      expectKind(await failure('silentListener', { bootstrapServers: [`${ports.host}:${silent.port}`] }), 'timeout', /did not (answer|finish)/);
    } finally {
      await silent.close();
    }
  });

  it('a wrong SASL password: authentication failed, the password not shown', async () => {
    const error = await failure('wrongPassword', {
      bootstrapServers: [...ports.kafka.saslBrokers],
      sasl: { mechanism: 'scram-sha-256', username: ports.kafka.username, password: PASSWORD_SPELLED_WRONG },
    });
    expectKind(error, 'auth', /SASL authentication failed/);
  });

  it('SASL offered to a PLAINTEXT listener: says the port does not expect SASL', async () => {
    const error = await failure('saslToPlaintext', {
      bootstrapServers: [...ports.kafka.brokers],
      sasl: { mechanism: 'scram-sha-512', username: ports.kafka.username, password: ports.kafka.password },
    });
    expectKind(error, 'auth', /does not expect SASL/);
  });

  it('TLS to a plaintext port: says the port does not speak TLS', async () => {
    expectKind(await failure('tlsToPlaintext', { bootstrapServers: [...ports.kafka.brokers], ssl: { ca } }), 'tls', /does not speak TLS/);
  });

  it('plaintext to the TLS port: says to check the SSL setting', async () => {
    expectKind(await failure('plaintextToTls', { bootstrapServers: [...ports.kafka.sslBrokers] }), 'tls', /SSL setting/);
  });

  it('TLS without the CA: names the certificate problem', async () => {
    expectKind(await failure('tlsWithoutCa', { bootstrapServers: [...ports.kafka.sslBrokers], ssl: {} }), 'tls', /self-signed certificate/);
  });

  it('a client key that cannot be used with its passphrase: a TLS error that does not show the passphrase', async () => {
    const error = await failure('badClientKey', {
      bootstrapServers: [...ports.kafka.sslBrokers],
      ssl: { ca, cert: 'not a certificate', key: `not a key ${PASSPHRASE}`, passphrase: PASSPHRASE },
    });
    assert.ok(['tls', 'other'].includes(error.kind), error.message);
  });

  it('the right settings work on every listener and mechanism', async () => {
    const good: [string, KafkaConnectionOptions][] = [
      ['plaintext', { bootstrapServers: [...ports.kafka.brokers] }],
      ['scram256', { bootstrapServers: [...ports.kafka.saslBrokers], sasl: { mechanism: 'scram-sha-256', username: 'efx', password: ports.kafka.password } }],
      ['scram512', { bootstrapServers: [...ports.kafka.saslBrokers], sasl: { mechanism: 'scram-sha-512', username: 'efx', password: ports.kafka.password } }],
      ['plain', { bootstrapServers: [...ports.kafka.saslBrokers], sasl: { mechanism: 'plain', username: 'efx', password: ports.kafka.password } }],
      ['tls', { bootstrapServers: [...ports.kafka.sslBrokers], ssl: { ca } }],
    ];
    for (const [name, options] of good) {
      const broker = new KafkaBroker(options);
      try {
        await broker.connect();
        assert.ok((await broker.brokers()).length === 1, name);
      } finally {
        await broker.close();
      }
    }
  });

  after(() => {
    const leaks = shownTexts.filter((text) => text.includes(PASSWORD_SPELLED_WRONG) || text.includes(PASSPHRASE) || text.includes(ports.kafka.password)).length;
    figure('kafka.secrets.textsChecked', shownTexts.length);
    figure('kafka.secrets.leaks', leaks);
    assert.ok(shownTexts.length >= 8);
    assert.equal(leaks, 0, 'a secret showed in an error message, stack or label');
  });
});
