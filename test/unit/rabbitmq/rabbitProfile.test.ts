import { strict as assert } from 'node:assert';
import { RABBIT_PROFILE_VERSION, rabbitOptionsOf, rabbitProfileForSettings, readRabbitProfiles } from '../../../src/connections/rabbitmq/rabbitProfile';

describe('RabbitMQ broker profiles', () => {
  it('reads a valid profile with defaults and writes it back with its schema version and no secret', () => {
    const { profiles, problems, withSecrets } = readRabbitProfiles([{ id: 'local', name: 'Local', amqpUrl: 'amqp://localhost:5672/orders', managementUrl: 'http://localhost:15672/' }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(withSecrets, []);
    assert.equal(profiles[0].username, 'guest');
    assert.equal(profiles[0].production, false);
    assert.equal(profiles[0].managementUrl, 'http://localhost:15672');
    const saved = rabbitProfileForSettings({ ...profiles[0], production: true });
    assert.equal(saved.schemaVersion, RABBIT_PROFILE_VERSION);
    assert.equal(saved.production, true);
  });

  it('moves a password typed into settings or into the AMQP URL out of the profile', () => {
    const { profiles, withSecrets } = readRabbitProfiles([
      { id: 'a', name: 'A', amqpUrl: 'amqp://efx:s3cr%40t@h:5672/%2F', managementUrl: 'http://h:15672', username: 'efx' },
      { id: 'b', name: 'B', amqpUrl: 'amqps://h/', managementUrl: 'https://h:15671', password: 'pw-2', tls: { certFile: '/c.pem', key: 'KEY', passphrase: 'pp' } },
    ]);
    assert.deepEqual(withSecrets, [
      { id: 'a', secrets: { password: 's3cr@t' } },
      { id: 'b', secrets: { password: 'pw-2', tlsKey: 'KEY', tlsPassphrase: 'pp' } },
    ]);
    const text = JSON.stringify(profiles.map(rabbitProfileForSettings));
    for (const secret of ['s3cr', 'pw-2', 'KEY', '"pp"']) assert.ok(!text.includes(secret), `${secret} stayed in ${text}`);
    assert.equal(profiles[0].amqpUrl, 'amqp://h:5672/%2F');
  });

  it('skips malformed entries and names what is wrong', () => {
    const { profiles, problems } = readRabbitProfiles([
      { id: 'a', name: 'A', amqpUrl: 'http://h:5672', managementUrl: 'http://h:15672' },
      { id: 'b', name: 'B', amqpUrl: 'amqp://h', managementUrl: 'ftp://h' },
      { id: 'c', name: '', amqpUrl: 'amqp://h', managementUrl: 'http://h' },
      { id: 'd', name: 'D', amqpUrl: 'amqp://h', managementUrl: 'http://h', schemaVersion: 99 },
      { id: 'e', name: 'E', amqpUrl: 'amqp://h', managementUrl: 'http://h' },
      { id: 'e', name: 'E again', amqpUrl: 'amqp://h', managementUrl: 'http://h' },
    ]);
    assert.deepEqual(profiles.map((p) => p.id), ['e']);
    assert.equal(problems.length, 5);
    assert.match(problems[0], /#1 .*amqp:\/\/ or amqps:\/\//);
    assert.match(problems[1], /#2 .*http:\/\/ or https:\/\//);
    assert.match(problems[2], /#3 .*name must not be empty/);
    assert.match(problems[3], /#4 .*newer release/);
    assert.match(problems[4], /#6 in .* repeats the id "e"/);
    assert.match(readRabbitProfiles({}).problems[0], /must be a list/);
  });

  it('gives the connector its secrets and PEM files, TLS only when there is some', () => {
    const [profile] = readRabbitProfiles([{ id: 'a', name: 'A', amqpUrl: 'amqps://h/', managementUrl: 'https://h:15671', tls: { allowInvalidCertificates: true } }]).profiles;
    const options = rabbitOptionsOf(profile, { password: 'pw', tlsKey: 'KEY' }, { ca: 'CA' });
    assert.equal(options.password, 'pw');
    assert.deepEqual(options.tls, { ca: 'CA', key: 'KEY', allowInvalidCertificates: true });
    const [plain] = readRabbitProfiles([{ id: 'b', name: 'B', amqpUrl: 'amqp://h/', managementUrl: 'http://h' }]).profiles;
    assert.equal(rabbitOptionsOf(plain, {}).tls, undefined);
    assert.equal(rabbitOptionsOf(plain, {}).password, '');
  });
});
