// Saving a profile rewrites its list setting: the entries that could not be read stay exactly as written,
// in their place, and are named with the reason; readable ones are replaced, removed or appended.
import * as assert from 'node:assert/strict';
import { profileForSettings, readMongoProfiles, type MongoProfile } from '../../../src/connections/mongo/mongoProfile';
import { rewriteProfileEntries, type ReadEntry } from '../../../src/connections/settingsRewrite';

const readOne = (entry: unknown, index: number): ReadEntry<MongoProfile> => {
  const read = readMongoProfiles([structuredClone(entry)]);
  return read.profiles[0] ? { profile: read.profiles[0] } : { problem: (read.problems[0] ?? '').replace(' #1 in ', ` #${index + 1} in `) };
};

describe('rewriting a list setting of profiles', () => {
  const valid = (id: string, database = 'events'): Record<string, unknown> => ({ id, name: id.toUpperCase(), connectionString: 'mongodb://h:27017', database });
  const broken = { id: 'b', name: 'Broken', connectionString: 'mongodb://efx:Sekr/t9@h:27017', database: 'events', note: 'hand-edited' };
  const noDatabase = { id: 'n', name: 'No database', connectionString: 'mongodb://h:27017' };
  const raw = [valid('a'), broken, valid('c'), noDatabase, valid('a', 'other')];

  it('saving one profile keeps every unreadable entry as written, in place, and says which and why', () => {
    const changed = readOne(valid('a', 'renamed'), 0).profile;
    assert.ok(changed);
    const { entries, keptUnreadable } = rewriteProfileEntries(raw, readOne, (current) => current.map((p) => (p.id === 'a' ? changed : p)), profileForSettings);
    assert.equal(entries.length, 5);
    assert.equal((entries[0] as { database: string }).database, 'renamed');
    assert.deepEqual(entries[1], broken, 'the unreadable entry was changed');
    assert.equal((entries[2] as { id: string }).id, 'c');
    assert.deepEqual(entries[3], noDatabase);
    assert.deepEqual(entries[4], valid('a', 'other'), 'a repeated id is kept as written');
    assert.equal(keptUnreadable.length, 3);
    assert.match(keptUnreadable[0], /#2 in "eventFlows\.mongo\.connections" is skipped: connectionString: The connection string cannot be read .*percent-encode/);
    assert.ok(!keptUnreadable[0].includes('Sekr'), 'the reason shows the password');
    assert.match(keptUnreadable[1], /#4 .*database/);
    assert.match(keptUnreadable[2], /entry #5 repeats the id "a"/);
  });

  it('adding appends, removing drops only the removed profile; the unreadable ones stay', () => {
    const added = readOne(valid('d'), 0).profile;
    assert.ok(added);
    const { entries } = rewriteProfileEntries(raw, readOne, (current) => [...current.filter((p) => p.id !== 'c'), added], profileForSettings);
    assert.deepEqual(
      entries.map((e) => (e as { id: string }).id),
      ['a', 'b', 'n', 'a', 'd'],
    );
  });
});
