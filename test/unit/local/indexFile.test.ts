/**
 * The index file (`events.ndjson.idx`): a new store on the same file uses it instead of scanning, and never
 * uses one that is damaged or describes other bytes (replaced file, rewritten content, another format).
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import { eventLine, readAll } from './helpers';

interface Opened {
  store: LocalEventStore;
  /** Bytes each scan was asked to read (the last progress call's total), one entry per scan. */
  scans: number[];
}

function open(eventsFile: string): Opened {
  const scans: number[] = [];
  let lastTotal = -1;
  const store = new LocalEventStore({
    eventsFile,
    indexSaveAfterBytes: 0,
    onProgress: (bytesRead, totalBytes) => {
      if (bytesRead === totalBytes && totalBytes !== lastTotal) scans.push(totalBytes);
      lastTotal = bytesRead === totalBytes ? -1 : totalBytes;
    },
  });
  return { store, scans };
}

async function summary(store: LocalEventStore): Promise<unknown> {
  const page = await store.listAggregates('Note', { limit: 100 });
  const streams = await Promise.all(page.items.map(async (item) => (await readAll(store, item.id)).map((event) => [event.id, event.version, event.source])));
  return { page, streams, problems: store.problems() };
}

describe('LocalEventStore: index file', () => {
  let folder: string;
  let eventsFile: string;

  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-index-'));
    eventsFile = path.join(folder, 'events.ndjson');
    const lines = [];
    for (let version = 1; version <= 20; version++) for (const id of ['note-a', 'note-b', 'note-c']) lines.push(eventLine(id, version));
    lines.splice(7, 0, '{ damaged');
    await fs.writeFile(eventsFile, `${lines.join('\n')}\n`);
  });

  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  async function indexOnce(): Promise<unknown> {
    const first = open(eventsFile);
    const answer = await summary(first.store);
    await first.store.close();
    assert.equal(first.scans.length, 1, 'the first open scans the file');
    await fs.access(`${eventsFile}.idx`);
    return answer;
  }

  it('is written by the first open and used by the next one, which then reads without scanning', async () => {
    const expected = await indexOnce();
    const second = open(eventsFile);
    assert.deepEqual(await summary(second.store), expected);
    assert.deepEqual(second.scans, []);
    await second.store.close();
  });

  it('reports scan progress up to the file size on a first open', async () => {
    const size = (await fs.stat(eventsFile)).size;
    const calls: [number, number][] = [];
    const store = new LocalEventStore({ eventsFile, indexFile: false, onProgress: (read, total) => calls.push([read, total]) });
    await store.listAggregateTypes();
    assert.deepEqual(calls.at(-1), [size, size]);
    await store.close();
  });

  it('scans only the bytes appended since it was written', async () => {
    await indexOnce();
    const appended = `${eventLine('note-d', 1)}\n`;
    await fs.appendFile(eventsFile, appended);
    const next = open(eventsFile);
    const page = await next.store.listAggregates('Note');
    assert.deepEqual(page.items.map((item) => item.id), ['note-a', 'note-b', 'note-c', 'note-d']);
    assert.deepEqual(next.scans, [Buffer.byteLength(appended)]);
    await next.store.close();
  });

  it('is not used when the file was replaced by another one (another inode)', async () => {
    await indexOnce();
    const replacement = path.join(folder, 'replacement.ndjson');
    await fs.writeFile(replacement, `${eventLine('note-z', 1)}\n`);
    await fs.rename(replacement, eventsFile);
    const next = open(eventsFile);
    assert.deepEqual((await next.store.listAggregates('Note')).items.map((item) => item.id), ['note-z']);
    assert.equal(next.scans.length, 1);
    await next.store.close();
  });

  it('is not used when the content changed in place, even with the size and mtime put back', async () => {
    await indexOnce();
    const before = await fs.stat(eventsFile);
    const text = await fs.readFile(eventsFile, 'utf8');
    await fs.writeFile(eventsFile, text.replace('note-a', 'note-x'));
    await fs.utimes(eventsFile, before.atime, before.mtime);
    const next = open(eventsFile);
    const ids = (await next.store.listAggregates('Note')).items.map((item) => item.id);
    assert.ok(ids.includes('note-x'), `rebuilt from the new bytes: ${ids.join(', ')}`);
    assert.equal(next.scans.length, 1);
    await next.store.close();
  });

  it('is not used when damaged or truncated, and is rewritten whole by the scan that replaces it', async () => {
    const expected = await indexOnce();
    const indexFile = `${eventsFile}.idx`;
    const bytes = await fs.readFile(indexFile);
    for (const damaged of [Buffer.concat([bytes.subarray(0, 40), Buffer.from([bytes[40] ^ 0xff]), bytes.subarray(41)]), bytes.subarray(0, bytes.length - 5), Buffer.from('not an index')]) {
      await fs.writeFile(indexFile, damaged);
      const next = open(eventsFile);
      assert.deepEqual(await summary(next.store), expected);
      assert.equal(next.scans.length, 1, 'a damaged index means a scan');
      await next.store.close();
      const after = open(eventsFile);
      await after.store.listAggregateTypes();
      assert.deepEqual(after.scans, [], 'the scan wrote a good index again');
      await after.store.close();
    }
  });

  it('is not written where it cannot be, and the store works without it', async () => {
    const store = new LocalEventStore({ eventsFile, indexFile: path.join(folder, 'missing-folder', 'events.idx'), indexSaveAfterBytes: 0 });
    assert.equal((await store.listAggregates('Note')).items.length, 3);
    await store.close();
  });
});
