/** Shared set-up for the Local store tests: a fresh folder per test and small readers. */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FlowEvent } from '../../../src/core/envelope';
import { LocalEventStore } from '../../../src/connectors/local';
import type { EventStore } from '../../../src/connectors/eventStore';

export interface TempStore {
  folder: string;
  eventsFile: string;
  store: LocalEventStore;
  cleanup(): Promise<void>;
}

export async function makeTempStore(options: { lockStaleMs?: number } = {}): Promise<TempStore> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-local-'));
  const eventsFile = path.join(folder, '.eventflow', 'events.ndjson');
  const store = new LocalEventStore({ eventsFile, ...options });
  return {
    folder,
    eventsFile,
    store,
    async cleanup() {
      await store.close();
      await fs.chmod(folder, 0o700).catch(() => undefined);
      await fs.rm(folder, { recursive: true, force: true });
    },
  };
}

/** A new temporary store for every test of the enclosing suite, removed after it; call inside describe(). */
export function freshTempStore(): () => TempStore {
  let temp: TempStore | undefined;
  beforeEach(async () => {
    temp = await makeTempStore();
  });
  afterEach(async () => {
    await temp?.cleanup();
  });
  return () => {
    if (!temp) throw new Error('the temporary store exists only while a test runs');
    return temp;
  };
}

export async function readAll(store: EventStore, aggregateId: string, options: { fromVersion?: number; batchSize?: number } = {}): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  for await (const batch of store.readStream(aggregateId, options)) events.push(...batch);
  return events;
}

export async function readBatches(store: EventStore, aggregateId: string, batchSize: number): Promise<FlowEvent[][]> {
  const batches: FlowEvent[][] = [];
  for await (const batch of store.readStream(aggregateId, { batchSize })) batches.push(batch);
  return batches;
}

export async function writeFileIn(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, 'utf8');
}

/** A stored line as the file holds it, for hand-written fixtures. */
export function eventLine(aggregateId: string, version: number, type = 'Noted', aggregateType = 'Note'): string {
  return JSON.stringify({
    aggregate_id: aggregateId,
    aggregate_type: aggregateType,
    event_id: `${aggregateId}-${version}`,
    event_type: type,
    version,
    timestamp: '2026-01-01T00:00:00.000Z',
    data: { n: version },
    metadata: {},
  });
}

export const APPENDER_SCRIPT = path.join(__dirname, 'fixtures', 'appender.js');

export interface AppenderArgs {
  eventsFile: string;
  aggregateId: string;
  aggregateType: string;
  count: number;
  writer: string;
}

export interface Acknowledged {
  eventId: string;
  version: number;
}

/** Runs the appender fixture in its own node process and returns the appends it saw acknowledged. */
export function runAppender(args: AppenderArgs): Promise<Acknowledged[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [APPENDER_SCRIPT, JSON.stringify(args)], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`appender ${args.writer} failed: ${error.message}\n${stderr}`));
        return;
      }
      resolve(
        stdout
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Acknowledged),
      );
    });
  });
}
