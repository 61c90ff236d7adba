// Passwords holding / @ : % # ? [ ] and spaces, in MongoDB connection strings, AMQP URLs, settings fields
// and Kafka SASL: each is read exactly or refused with the reason, and none reaches settings or a log text.
import * as assert from 'node:assert/strict';
import { profileForSettings, readMongoProfiles } from '../../../src/connections/mongo/mongoProfile';
import { parseConnectionString } from '../../../src/connectors/mongo/connectionString';
import { PASSWORDS, tryPasswords } from '../../support/passwordCases';

describe('passwords with URL characters', () => {
  it('MongoDB: a password with an unencoded / or @ is refused with the reason, never saved whole', () => {
    for (const uri of ['mongodb://efx:Sekr/t9@db.example:27017/events', 'mongodb://efx:Sekr@t9@db.example:27017/events', 'mongodb://efx:Sekr#t9@db.example/events']) {
      const parsed = parseConnectionString(uri);
      assert.equal(parsed.ok, false, `${uri} was read`);
      assert.ok(!parsed.ok && /cannot be read .*percent-encode/.test(parsed.error), !parsed.ok ? parsed.error : '');
      const read = readMongoProfiles([{ id: 'm', name: 'M', connectionString: uri, database: 'events' }]);
      assert.deepEqual(read.profiles, [], 'an unreadable string became a profile');
      assert.equal(read.problems.length, 1);
      assert.ok(!read.problems[0].includes('Sekr') && !read.problems[0].includes('t9'), read.problems[0]);
    }
  });

  it('MongoDB: the same password percent-encoded is read exactly, kept out of the saved string', () => {
    for (const password of PASSWORDS) {
      const parsed = parseConnectionString(`mongodb://efx:${encodeURIComponent(password)}@db.example:27017/events`);
      assert.ok(parsed.ok, `${password}: ${parsed.ok ? '' : parsed.error}`);
      assert.equal(parsed.password, password);
      assert.equal(parsed.withoutPassword, 'mongodb://efx@db.example:27017/events');
      const read = readMongoProfiles([{ id: 'm', name: 'M', connectionString: `mongodb://efx:${encodeURIComponent(password)}@db.example/events`, database: 'events' }]);
      assert.equal(read.withSecrets[0]?.secrets.password, password);
      assert.ok(!JSON.stringify(profileForSettings(read.profiles[0])).includes('Sekr'));
    }
  });

  it('every password in every place (MongoDB, RabbitMQ URL and field, Kafka SASL and server): read exactly or refused, 0 in settings or log texts', () => {
    const outcome = tryPasswords();
    assert.ok(outcome.tried >= PASSWORDS.length * 5, `only ${outcome.tried} cases`);
    assert.deepEqual(outcome.leaks, []);
    assert.deepEqual(outcome.misread, []);
  });
});
