/**
 * A writer killed with SIGKILL in the middle of appending, 100 times: the file must stay readable, every
 * acknowledged append must be there once, a torn last line must be reported with its line number and kept
 * (later appends go after it), and the next writer must get in, taking over the dead writer's lock once it
 * has gone stale. Ten files are worked on side by side so 100 kills (most leaving a stale lock) fit in
 * the suite's time budget.
 */
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventStore } from '../../../src/connectors/local';
import type { FlowEvent } from '../../../src/core/envelope';
import { figure } from '../support/figures';
import { resourcesBaseline, settledLeaks } from '../support/handles';
import { startFixture } from './childProcess';

const LANES = 10;
const KILLS_PER_LANE = 10;
/** The store's minimum: proper-lockfile will not call a lock stale sooner. */
const LOCK_STALE_MS = 2000;
const EVENT_BYTES = 256 * 1024;
const MAX_KILL_DELAY_MS = 120;
const AGGREGATE = 'Blob-1';

interface LaneResult {
  kills: number;
  acknowledged: number;
  stored: number;
  tornLines: number;
  staleLocks: number;
  takeoverMs: number[];
}

async function readAll(store: LocalEventStore): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  for await (const batch of store.readStream(AGGREGATE, { batchSize: 50 })) events.push(...batch);
  return events;
}

/** Line number and bytes of the text after the last newline, if any. */
function tornTail(bytes: Buffer): { line: number; bytes: Buffer } | undefined {
  const lastNewline = bytes.lastIndexOf(0x0a);
  if (lastNewline === bytes.length - 1) return undefined;
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lines += 1;
  return { line: lines + 1, bytes: Buffer.from(bytes.subarray(lastNewline + 1)) };
}

async function runLane(folder: string, lane: number): Promise<LaneResult> {
  const eventsFile = path.join(folder, `lane-${lane}`, 'events.ndjson');
  const acked = new Map<string, number>();
  const torn = new Map<number, Buffer>();
  const result: LaneResult = { kills: 0, acknowledged: 0, stored: 0, tornLines: 0, staleLocks: 0, takeoverMs: [] };
  for (let kill = 1; kill <= KILLS_PER_LANE; kill++) {
    const lockLeft = existsSync(`${eventsFile}.lock`);
    const started = performance.now();
    const child = startFixture('killableAppender', { eventsFile, aggregateId: AGGREGATE, writer: `l${lane}k${kill}`, eventBytes: EVENT_BYTES, lockStaleMs: LOCK_STALE_MS });
    // The next writer after a kill gets in: through a stale lock when the dead one held it.
    await child.waitForLine(/^ack /, 4 * LOCK_STALE_MS + 20_000);
    if (lockLeft) result.takeoverMs.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_KILL_DELAY_MS));
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    assert.equal(exit.signal, 'SIGKILL', `the writer ended on its own: ${child.stderr.join('')}`);
    result.kills += 1;
    if (existsSync(`${eventsFile}.lock`)) result.staleLocks += 1;
    for (const line of child.lines) {
      const [, version, id] = line.split(' ');
      acked.set(id, Number(version));
    }

    // Read it as a new window would: a fresh store on the file the dead writer left.
    const store = new LocalEventStore({ eventsFile, lockStaleMs: LOCK_STALE_MS });
    const events = await readAll(store);
    assert.deepEqual(events.map((e) => e.version), events.map((_, i) => i + 1), 'versions 1..n with no gap or repeat');
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'an event stored twice');
    const storedAt = new Map(events.map((e) => [e.id, e.version]));
    for (const [id, version] of acked) assert.equal(storedAt.get(id), version, `acknowledged ${id} at v${version} is missing`);
    const bytes = await fs.readFile(eventsFile);
    const tail = tornTail(bytes);
    if (tail !== undefined && tail.bytes.toString('utf8').trim() !== '') {
      // A write cut right after its closing brace leaves a whole event without its newline: that one is read.
      const lastEvent = events.at(-1);
      const tailIsEvent = lastEvent?.source.system === 'local' && lastEvent.source.line === tail.line;
      if (!tailIsEvent) torn.set(tail.line, tail.bytes);
    }
    // Every torn line so far: reported with its number, and still in the file byte for byte.
    const problems = store.problems();
    const lines = bytes.toString('latin1').split('\n');
    for (const [line, tornBytes] of torn) {
      const problem = problems.find((p) => p.line === line);
      assert.ok(problem !== undefined, `torn line ${line} not reported: ${JSON.stringify(problems)}`);
      assert.match(problem.message, new RegExp(`^line ${line}: (incomplete last line|not valid JSON)`));
      assert.equal(lines[line - 1], tornBytes.toString('latin1'), `torn line ${line} changed or was removed`);
    }
    assert.equal(problems.length, torn.size, `unexpected problems: ${JSON.stringify(problems)}`);
    await store.close();
    result.acknowledged = acked.size;
    result.stored = events.length;
  }
  result.tornLines = torn.size;
  return result;
}

describe('Local store: writer killed mid-append (SIGKILL)', function () {
  this.timeout(280_000);
  let folder: string;

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-kill-'));
  });

  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it(`${LANES * KILLS_PER_LANE} kills: readable, every acknowledged append kept, torn lines reported and kept, next writer gets in`, async () => {
    const resources = await resourcesBaseline();
    const started = performance.now();
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(folder, lane)));
    const seconds = (performance.now() - started) / 1000;
    const sum = (pick: (lane: LaneResult) => number): number => lanes.reduce((total, lane) => total + pick(lane), 0);
    const takeovers = lanes.flatMap((lane) => lane.takeoverMs);
    figure('local.kill.kills', sum((l) => l.kills));
    figure('local.kill.acknowledged', sum((l) => l.acknowledged));
    figure('local.kill.stored', sum((l) => l.stored));
    figure('local.kill.lostAcknowledged', 0);
    figure('local.kill.tornLinesReportedAndKept', sum((l) => l.tornLines));
    figure('local.kill.staleLocksTakenOver', takeovers.length);
    figure('local.kill.lockStaleMs', LOCK_STALE_MS);
    figure('local.kill.takeoverMsMax', Math.round(Math.max(0, ...takeovers)));
    figure('local.kill.perKillMs', Math.round((seconds * 1000 * LANES) / sum((l) => l.kills)));
    figure('local.kill.totalSeconds', Math.round(seconds));
    assert.equal(sum((l) => l.kills), LANES * KILLS_PER_LANE);
    assert.ok(sum((l) => l.acknowledged) >= LANES * KILLS_PER_LANE, 'each writer had at least one append acknowledged');
    assert.ok(sum((l) => l.stored) >= sum((l) => l.acknowledged));
    const leaks = await settledLeaks(resources);
    figure('local.kill.leakedHandles', leaks.length);
    assert.deepEqual(leaks, []);
  });

  it('a write cut short (what a kill during write() leaves): reported with its line number, kept, and the next writer appends after it', async () => {
    // SIGKILL rarely lands inside the kernel's copy of one write, so the torn line is also made on purpose.
    const eventsFile = path.join(folder, 'torn', 'events.ndjson');
    const store = new LocalEventStore({ eventsFile, lockStaleMs: LOCK_STALE_MS });
    await store.append(AGGREGATE, 'Blob', [{ id: 'whole-1', type: 'BlobAdded', data: { n: 1 } }], 0);
    await store.close();
    const whole = await fs.readFile(eventsFile);
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    await fs.appendFile(eventsFile, half);
    const reader = new LocalEventStore({ eventsFile, lockStaleMs: LOCK_STALE_MS });
    assert.deepEqual((await readAll(reader)).map((e) => e.id), ['whole-1']);
    assert.deepEqual(reader.problems().map((p) => p.line), [2]);
    assert.match(reader.problems()[0].message, /^line 2: incomplete last line/);
    const child = startFixture('killableAppender', { eventsFile, aggregateId: AGGREGATE, writer: 'next', eventBytes: 1024, lockStaleMs: LOCK_STALE_MS });
    await child.waitForLine(/^ack 3 /, 20_000);
    child.process.kill('SIGKILL');
    await child.exited;
    const after = await fs.readFile(eventsFile);
    assert.ok(after.subarray(0, whole.length + half.length).equals(Buffer.concat([whole, half])), 'the torn bytes were changed');
    const events = await readAll(reader);
    assert.deepEqual(events.slice(0, 3).map((e) => [e.version, e.id]), [[1, 'whole-1'], [2, 'next-1'], [3, 'next-2']]);
    assert.deepEqual(events.slice(1, 3).map((e) => (e.source.system === 'local' ? e.source.line : 0)), [3, 4]);
    assert.equal(reader.problems()[0]?.line, 2);
    assert.match(reader.problems()[0]?.message ?? '', /^line 2: not valid JSON/);
    await reader.close();
  });
});
