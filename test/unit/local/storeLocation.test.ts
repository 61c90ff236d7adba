import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalStoreConnection } from '../../../src/connections/local/localConnection';
import { decideStoreWrite } from '../../../src/connections/local/storeLocation';

describe('Local store: a link out of the workspace is not written through', () => {
  let root: string;
  let workspace: string;
  let outside: string;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'efx-store-link-')));
    workspace = path.join(root, 'workspace');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(workspace, '.eventflow'), { recursive: true });
    fs.mkdirSync(outside);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const eventsFile = (): string => path.join(workspace, '.eventflow', 'events.ndjson');

  it('decides by the real path: inside writes, a link out is refused when untrusted and asked about when trusted', async () => {
    assert.deepEqual(await decideStoreWrite(eventsFile(), workspace, false), { kind: 'inside', realPath: eventsFile() });
    fs.writeFileSync(eventsFile(), '');
    assert.equal((await decideStoreWrite(eventsFile(), workspace, false)).kind, 'inside');
    fs.rmSync(eventsFile());

    const target = path.join(outside, 'victim.log');
    fs.writeFileSync(target, 'precious\n');
    fs.symlinkSync(target, eventsFile());
    const refused = await decideStoreWrite(eventsFile(), workspace, false);
    assert.equal(refused.kind, 'refuse');
    assert.equal(refused.realPath, target);
    assert.match(refused.kind === 'refuse' ? refused.reason : '', /is a link to .*victim\.log, outside the workspace folder; an untrusted workspace cannot/);
    assert.deepEqual(await decideStoreWrite(eventsFile(), workspace, true), { kind: 'ask', realPath: target });

    // A link that does not lead anywhere yet: appending would create its target, so it counts the same.
    fs.rmSync(eventsFile());
    fs.symlinkSync(path.join(outside, 'new', 'created.ndjson'), eventsFile());
    assert.deepEqual(await decideStoreWrite(eventsFile(), workspace, false).then((d) => [d.kind, d.realPath]), ['refuse', path.join(outside, 'new', 'created.ndjson')]);

    // The whole .eventflow folder as a link out.
    fs.rmSync(path.join(workspace, '.eventflow'), { recursive: true });
    fs.symlinkSync(outside, path.join(workspace, '.eventflow'));
    assert.deepEqual(await decideStoreWrite(eventsFile(), workspace, false).then((d) => [d.kind, d.realPath]), ['refuse', path.join(outside, 'events.ndjson')]);

    // A link that stays inside the folder is fine; a path the user's own setting put outside is theirs.
    fs.rmSync(path.join(workspace, '.eventflow'));
    fs.mkdirSync(path.join(workspace, 'data'));
    fs.symlinkSync(path.join(workspace, 'data'), path.join(workspace, '.eventflow'));
    assert.equal((await decideStoreWrite(eventsFile(), workspace, false)).kind, 'inside');
    assert.equal((await decideStoreWrite(path.join(outside, 'mine.ndjson'), workspace, true)).kind, 'chosen');
    assert.equal((await decideStoreWrite(path.join(outside, 'mine.ndjson'), undefined, false)).kind, 'inside');
  });

  it('the Local connection refuses to append through a link out of an untrusted workspace, and the target stays as it was', async () => {
    const target = path.join(outside, 'victim.log');
    fs.writeFileSync(target, 'precious\n');
    fs.symlinkSync(target, eventsFile());
    fs.symlinkSync(path.join(outside, 'snapshots.log'), path.join(workspace, '.eventflow', 'snapshots.ndjson'));
    const guard = async (file: string): Promise<void> => {
      const decision = await decideStoreWrite(file, workspace, false);
      if (decision.kind === 'refuse') throw new Error(decision.reason);
    };
    const connection = new LocalStoreConnection(eventsFile(), workspace, undefined, guard);
    const store = await connection.open();
    try {
      await assert.rejects(store.append('Order-1', 'Order', [{ type: 'OrderCreated', data: { total: 1 } }], 0), /outside the workspace folder/);
      await assert.rejects(store.writeSnapshot({ aggregateId: 'Order-1', aggregateType: 'Order', version: 1, state: {}, takenAt: '2026-12-06T09:00:00.000Z' }), /outside the workspace folder/);
      assert.equal(fs.readFileSync(target, 'utf8'), 'precious\n');
      assert.deepEqual(fs.readdirSync(outside), ['victim.log']);
    } finally {
      await connection.close();
    }
  });
});
