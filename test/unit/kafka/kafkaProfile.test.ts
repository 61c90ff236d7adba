import { strict as assert } from 'node:assert';
import { KAFKA_PROFILE_VERSION, kafkaOptionsOf, kafkaProfileForSettings, readKafkaProfiles } from '../../../src/connections/kafka/kafkaProfile';

describe('Kafka cluster profiles', () => {
  it('reads a valid profile with defaults and writes it back with its schema version and no secret', () => {
    const { profiles, problems, withSecrets } = readKafkaProfiles([
      { id: 'local', name: 'Local', bootstrapServers: ['localhost:9092'], sasl: { mechanism: 'scram-sha-256', username: 'efx' }, ssl: { enabled: true, caFile: '/ca.pem' } },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(withSecrets, []);
    assert.equal(profiles[0].production, false);
    const saved = kafkaProfileForSettings({ ...profiles[0], production: true });
    assert.equal(saved.schemaVersion, KAFKA_PROFILE_VERSION);
    assert.equal(saved.production, true);
    assert.ok(!JSON.stringify(saved).includes('password'));
  });

  it('moves secrets typed into settings out of the profile', () => {
    const { profiles, withSecrets } = readKafkaProfiles([
      { id: 'p', name: 'P', bootstrapServers: ['h:1'], sasl: { mechanism: 'plain', username: 'u', password: 'pw-1' }, ssl: { enabled: true, key: 'KEY', passphrase: 'pp' } },
    ]);
    assert.deepEqual(withSecrets, [{ id: 'p', secrets: { saslPassword: 'pw-1', sslKey: 'KEY', sslPassphrase: 'pp' } }]);
    const text = JSON.stringify(kafkaProfileForSettings(profiles[0]));
    for (const secret of ['pw-1', 'KEY', 'pp"']) assert.ok(!text.includes(secret), `${secret} stayed in ${text}`);
  });

  it('skips malformed entries and names what is wrong', () => {
    const { profiles, problems } = readKafkaProfiles([
      { id: 'a', name: 'A', bootstrapServers: [] },
      { id: 'b', name: 'B', bootstrapServers: ['nohost'] },
      { id: 'c', name: 'C', bootstrapServers: ['h:1'], sasl: { mechanism: 'gssapi', username: 'u' } },
      { id: 'd', name: 'D', bootstrapServers: ['h:1'] },
      { id: 'd', name: 'D again', bootstrapServers: ['h:1'] },
      { id: 'e', name: 'E', bootstrapServers: ['h:1'], schemaVersion: 99 },
    ]);
    assert.deepEqual(profiles.map((p) => p.id), ['d']);
    assert.equal(problems.length, 5);
    assert.match(problems[0], /#1.*bootstrapServers/);
    assert.match(problems[1], /#2.*host:port/);
    assert.match(problems[2], /#3.*mechanism/);
    assert.match(problems[3], /#5.*repeats the id/);
    assert.match(problems[4], /#6/);
  });

  it('builds connector options from the profile, its secrets and its files', () => {
    const [profile] = readKafkaProfiles([{ id: 'x', name: 'X', bootstrapServers: ['h:1'], sasl: { mechanism: 'scram-sha-512', username: 'u' }, ssl: { enabled: true } }]).profiles;
    const options = kafkaOptionsOf(profile, { saslPassword: 'pw', sslPassphrase: 'pp' }, { ca: 'CA' });
    assert.deepEqual(options.sasl, { mechanism: 'scram-sha-512', username: 'u', password: 'pw' });
    assert.deepEqual(options.ssl, { ca: 'CA', passphrase: 'pp' });
  });
});
