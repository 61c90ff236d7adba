import { strict as assert } from 'node:assert';
import { KafkaJSNumberOfRetriesExceeded as DriverRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { classifyKafkaError, isLeaderElection } from '../../../src/connectors/kafka/kafkaErrors';
import { checkKafkaOptions, kafkaLabel, maskSecrets } from '../../../src/connectors/kafka/options';

class KafkaJSNumberOfRetriesExceeded extends Error {
  override name = 'KafkaJSNumberOfRetriesExceeded';
}

describe('classifyKafkaError', () => {
  const target = 'kafka://127.0.0.1:9092';
  const cases: [string, Error, string][] = [
    ['dns', new Error('getaddrinfo ENOTFOUND broker.invalid'), 'dns'],
    ['refused', new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), 'refused'],
    ['self-signed', new Error('self-signed certificate in certificate chain'), 'tls'],
    ['TLS to plaintext', new Error('Client network socket disconnected before secure TLS connection was established'), 'tls'],
    ['plaintext to TLS', new Error('Closed connection'), 'tls'],
    ['wrong password', Object.assign(new Error('SASL SCRAM SHA256 authentication failed: invalid credential'), { name: 'KafkaJSSASLAuthenticationError' }), 'auth'],
    ['SASL to plaintext', new Error('Request is not valid given the current SASL state'), 'auth'],
    ['timeout', Object.assign(new Error('Request Metadata(key: 3, version: 6) timed out'), { name: 'KafkaJSRequestTimeoutError' }), 'timeout'],
  ];
  for (const [name, error, kind] of cases) {
    it(`names ${name} as ${kind}`, () => assert.equal(classifyKafkaError(error, target).kind, kind));
  }
  it('looks through kafkajs retry wrappers to the cause', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded('Number of retries exceeded', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9092') });
    assert.equal(classifyKafkaError(wrapped, target).kind, 'refused');
  });
  it('masks every secret in the message', () => {
    const error = new Error('boom s3cr3t-pass and key-passphrase');
    const classified = classifyKafkaError(error, target, ['s3cr3t-pass', 'key-passphrase']);
    assert.ok(!classified.message.includes('s3cr3t-pass'));
    assert.ok(!classified.message.includes('key-passphrase'));
    assert.ok(classified.message.includes('****'));
  });
});

describe('isLeaderElection', () => {
  // kafkajs's own error class, given what its protocol decoder gives it for a broker's error code.
  const protocolError = (type: string, code: number) => new KafkaJSProtocolError(Object.assign(new Error(`broker answered ${type}`), { type, code, retriable: true }));
  it('knows "no leader yet" from a broker, bare or inside the retry wrapper of the admin client', () => {
    assert.ok(isLeaderElection(protocolError('LEADER_NOT_AVAILABLE', 5)));
    assert.ok(isLeaderElection(protocolError('NOT_LEADER_FOR_PARTITION', 6)));
    assert.ok(isLeaderElection(new DriverRetriesExceeded(protocolError('LEADER_NOT_AVAILABLE', 5), { retryCount: 2, retryTime: 2000 })));
  });
  it('does not take other failures for an election', () => {
    assert.ok(!isLeaderElection(protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3)));
    assert.ok(!isLeaderElection(new Error('connect ECONNREFUSED 127.0.0.1:9092')));
    assert.ok(!isLeaderElection('LEADER_NOT_AVAILABLE'));
  });
});

describe('Kafka options', () => {
  it('labels a cluster by its brokers and user, never its password', () => {
    const label = kafkaLabel({ bootstrapServers: ['a:9092', 'b:9092'], sasl: { mechanism: 'plain', username: 'efx', password: 'pw-xyz' }, ssl: {} });
    assert.equal(label, 'kafka+ssl://efx@a:9092,b:9092');
  });
  it('checks bootstrap servers and client certificates before connecting', () => {
    assert.match(checkKafkaOptions({ bootstrapServers: [] }) ?? '', /at least one/);
    assert.match(checkKafkaOptions({ bootstrapServers: ['localhost'] }) ?? '', /host:port/);
    assert.match(checkKafkaOptions({ bootstrapServers: ['h:99999'] }) ?? '', /host:port/);
    assert.match(checkKafkaOptions({ bootstrapServers: ['h:1'], ssl: { cert: 'x' } }) ?? '', /key/);
    assert.equal(checkKafkaOptions({ bootstrapServers: ['localhost:9092', '[::1]:9093'] }), undefined);
  });
  it('maskSecrets replaces every occurrence', () => {
    assert.equal(maskSecrets('a pw b pw', ['pw']), 'a **** b ****');
  });
});
