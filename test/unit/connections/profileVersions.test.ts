import * as assert from 'node:assert/strict';
import { readMongoProfiles, profileForSettings } from '../../../src/connections/mongo/mongoProfile';
import { migrateProfile } from '../../../src/connections/profileVersions';

describe('profile schema versions', () => {
  it('runs each migration in turn from the stated version and drops the version field', () => {
    const migrations = { 1: (p: Record<string, unknown>) => ({ ...p, host: p.server }), 2: (p: Record<string, unknown>) => ({ ...p, port: 1 }) };
    assert.deepEqual(migrateProfile({ server: 'h' }, 3, migrations), { ok: true, profile: { server: 'h', host: 'h', port: 1 } });
    assert.deepEqual(migrateProfile({ schemaVersion: 2, host: 'h' }, 3, migrations), { ok: true, profile: { host: 'h', port: 1 } });
  });

  it('refuses a profile from a newer release, a bad version and a non-object, saying why', () => {
    const refused = (raw: unknown): string => {
      const result = migrateProfile(raw, 1, {});
      return result.ok ? 'ok' : result.problem;
    };
    assert.match(refused({ schemaVersion: 2 }), /newer release/);
    assert.match(refused({ schemaVersion: 'one' }), /whole number/);
    assert.match(refused([1]), /must be an object/);
  });

  it('writes MongoDB profiles with their version, and reads older unversioned ones', () => {
    const legacy = { id: 'm1', name: 'Orders', connectionString: 'mongodb://127.0.0.1:27017', database: 'shop' };
    const [profile] = readMongoProfiles([legacy]).profiles;
    assert.equal(profile.id, 'm1');
    const saved = profileForSettings(profile);
    assert.equal(saved.schemaVersion, 1);
    assert.deepEqual(readMongoProfiles([saved]).profiles, [profile]);
    const future = readMongoProfiles([{ ...saved, schemaVersion: 9 }]);
    assert.equal(future.profiles.length, 0);
    assert.match(future.problems[0], /#1 .* schemaVersion 9 was written by a newer release/);
  });
});
