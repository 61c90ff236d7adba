/**
 * The 1,000,000-event Local store file (about 250 MB), generated once into the cache folder and reused:
 * 10,000 Order aggregates of 100 events each, appended round-robin as concurrent orders would be, in the
 * store's own line format. A marker file records what was generated, so a half-written file is redone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeEventLine, type StoredEvent } from '../../src/connectors/local/eventLine';

export const LOCAL_EVENTS = 1_000_000;
export const LOCAL_AGGREGATES = 10_000;
const GENERATOR_VERSION = 1;
const START_MS = Date.parse('2026-01-05T09:00:00.000Z');
const TYPES = ['ItemAdded', 'ItemAdded', 'ItemRemoved', 'PaymentCompleted', 'OrderPaid', 'OrderShipped', 'NoteAdded'];

export function aggregateIdOf(n: number): string {
  return `Order-${String(n).padStart(5, '0')}`;
}

function eventAt(i: number): StoredEvent {
  const aggregate = i % LOCAL_AGGREGATES;
  const version = Math.floor(i / LOCAL_AGGREGATES) + 1;
  const aggregateId = aggregateIdOf(aggregate);
  const type = version === 1 ? 'OrderCreated' : TYPES[version % TYPES.length];
  return {
    aggregateId,
    aggregateType: 'Order',
    id: `evt-${String(i).padStart(8, '0')}-${(i * 2654435761 % 4294967296).toString(16).padStart(8, '0')}`,
    type,
    version,
    timestamp: new Date(START_MS + i * 250).toISOString(),
    data: { orderId: aggregateId, sku: `SKU-${version % 8}`, name: `Item ${version % 8}`, quantity: 1 + (i % 3), unitPrice: 9.99 + (version % 5) },
    metadata: { correlationId: `corr-${aggregate}`, causationId: `cause-${i}`, headers: [{ key: 'source', value: 'bench' }] },
  };
}

/** The file's path; generates it first when the cache has no complete copy. */
export function ensureLocalStoreFile(cacheDir: string, log: (line: string) => void): string {
  const folder = path.join(cacheDir, 'local-1m');
  const file = path.join(folder, 'events.ndjson');
  const marker = `${file}.complete`;
  const expected = `v${GENERATOR_VERSION} ${LOCAL_EVENTS} ${LOCAL_AGGREGATES}`;
  if (fs.existsSync(file) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === `${expected} ${fs.statSync(file).size}`) return file;
  fs.mkdirSync(folder, { recursive: true });
  for (const stale of fs.readdirSync(folder)) fs.rmSync(path.join(folder, stale), { force: true });
  log(`generating ${file} (once; reused by later runs)`);
  const started = performance.now();
  const fd = fs.openSync(file, 'w');
  try {
    const batch = 10_000;
    for (let first = 0; first < LOCAL_EVENTS; first += batch) {
      let text = '';
      for (let i = first; i < Math.min(LOCAL_EVENTS, first + batch); i++) text += `${encodeEventLine(eventAt(i))}\n`;
      fs.writeSync(fd, text);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(marker, `${expected} ${fs.statSync(file).size}`);
  log(`generated ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
