/**
 * The Local store's NDJSON reader on files of arbitrary content: valid event lines mixed with garbage bytes,
 * near-valid events with one field broken, blank lines, and a last line with or without its newline. The
 * reader must never throw, must report each damaged line with its number and what is wrong with it, must
 * read every valid line back, and must leave the file as it found it (an append only adds at the end).
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { LocalEventStore } from '../../../src/connectors/local';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { FUZZ_CASES, fuzzAsync } from '../support/fuzz';

const AGGREGATES = ['Order-1', 'Order-2', 'Invoice-é/"x"'];
const NEWLINE = 0x0a;
/**
 * Raw bytes are mostly one damaged line: a weaker probe than the structured cases (which embed arbitrary
 * bytes as garbage lines among real events and run FUZZ_CASES times), so it gets a fifth of the budget.
 */
const RAW_BYTES_CASES = Math.ceil(FUZZ_CASES / 5);

type Item =
  | { kind: 'event'; aggregate: number; data: JsonValue }
  | { kind: 'broken'; aggregate: number; field: string; value: JsonValue | undefined }
  | { kind: 'garbage'; bytes: Uint8Array }
  | { kind: 'blank'; text: string };

const BROKEN_FIELDS: [string, (JsonValue | undefined)[]][] = [
  ['aggregate_id', ['', 5, null, undefined]],
  // Both may be left out (the chapter's layout); present, they must be right.
  ['aggregate_type', ['', null, []]],
  ['event_id', [7, null]],
  ['event_type', ['', 1, undefined]],
  ['version', [0, -1, 1.5, '1', null, 2 ** 60, undefined]],
  ['timestamp', [5, null, undefined]],
  ['data', [undefined]],
  ['metadata', ['x', [], 3]],
];

const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.nat({ max: 2 }), fc.jsonValue({ maxDepth: 3 })).map(([aggregate, data]): Item => ({ kind: 'event', aggregate, data: data as JsonValue })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat({ max: 2 }), fc.constantFrom(...BROKEN_FIELDS), fc.nat())
      .map(([aggregate, [field, values], pick]): Item => ({ kind: 'broken', aggregate, field, value: values[pick % values.length] })),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => new TextEncoder().encode(s)))
      .map((bytes): Item => ({ kind: 'garbage', bytes: bytes.filter((b) => b !== NEWLINE) })),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r', '  \r').map((text): Item => ({ kind: 'blank', text })) },
);

interface Case {
  items: Item[];
  lastTerminated: boolean;
  appendAfter: boolean;
}

// One case in eight also appends (a locked, fsynced write: the costly part of a case).
const fileCase: fc.Arbitrary<Case> = fc.record({ items: fc.array(item, { maxLength: 12 }), lastTerminated: fc.boolean(), appendAfter: fc.nat({ max: 7 }).map((n) => n === 0) });

function storedLine(aggregate: number, version: number, data: JsonValue): Record<string, JsonValue> {
  return {
    aggregate_id: AGGREGATES[aggregate],
    aggregate_type: 'Order',
    event_id: `e-${aggregate}-${version}`,
    event_type: 'Noted',
    version,
    timestamp: '2026-01-01T00:00:00.000Z',
    data,
    metadata: { correlation_id: 'c' },
  };
}

interface Expected {
  bytes: Buffer;
  /** Per aggregate id: the data of each valid event, in version order. */
  events: Map<string, JsonValue[]>;
  /** Line number → what the problem message must mention. */
  damaged: Map<number, RegExp>;
  lineCount: number;
}

function build({ items, lastTerminated }: Case): Expected {
  const versions = [0, 0, 0];
  const events = new Map<string, JsonValue[]>();
  const damaged = new Map<number, RegExp>();
  const lines: Buffer[] = [];
  items.forEach((entry, i) => {
    const lineNumber = i + 1;
    const isLast = i === items.length - 1;
    if (entry.kind === 'event') {
      versions[entry.aggregate] += 1;
      const id = AGGREGATES[entry.aggregate];
      // What a JSON round trip makes of the value (-0 becomes 0): that is what the store can give back.
      events.set(id, [...(events.get(id) ?? []), JSON.parse(JSON.stringify(entry.data)) as JsonValue]);
      lines.push(Buffer.from(JSON.stringify(storedLine(entry.aggregate, versions[entry.aggregate], entry.data))));
    } else if (entry.kind === 'broken') {
      const record = storedLine(entry.aggregate, 1, 'x');
      if (entry.value === undefined) delete record[entry.field];
      else record[entry.field] = entry.value;
      lines.push(Buffer.from(JSON.stringify(record)));
      const tail = isLast && !lastTerminated ? 'incomplete last line.*' : '';
      damaged.set(lineNumber, new RegExp(`^line ${lineNumber}: ${tail}.*"${entry.field}"`));
    } else if (entry.kind === 'garbage') {
      lines.push(Buffer.from(entry.bytes));
      if (Buffer.from(entry.bytes).toString('utf8').trim() !== '') {
        damaged.set(lineNumber, new RegExp(`^line ${lineNumber}: ${isLast && !lastTerminated ? 'incomplete last line' : ''}`));
      }
    } else {
      lines.push(Buffer.from(entry.text));
    }
  });
  const joined = Buffer.concat(lines.flatMap((line, i) => (i < lines.length - 1 || lastTerminated ? [line, Buffer.from('\n')] : [line])));
  return { bytes: joined, events, damaged, lineCount: items.length };
}

async function readAll(store: LocalEventStore, aggregateId: string): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  for await (const batch of store.readStream(aggregateId)) events.push(...batch);
  return events;
}

describe('fuzz: Local store NDJSON reader', function () {
  this.timeout(300_000);
  let folder: string;
  let caseNumber = 0;

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-fuzz-local-'));
  });

  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('reads arbitrary lines: never throws, damaged lines reported by number and reason, valid lines read back, nothing deleted', async () => {
    let damagedSeen = 0;
    await fuzzAsync('localStoreLines', fileCase, async (fuzzCase) => {
      const expected = build(fuzzCase);
      // One folder for all cases, a file each: a folder per case doubled the cost of a case.
      const eventsFile = path.join(folder, `${caseNumber++}.ndjson`);
      await fs.writeFile(eventsFile, expected.bytes);
      const store = new LocalEventStore({ eventsFile });
      try {
        const types = await store.listAggregateTypes();
        const ids = [...expected.events.keys()];
        assert.deepEqual(types, ids.length === 0 ? [] : [{ name: 'Order', aggregateCount: ids.length }]);
        for (const [id, data] of expected.events) {
          const read = await readAll(store, id);
          assert.deepEqual(read.map((e) => e.data), data, `events of ${id}`);
          assert.deepEqual(read.map((e) => e.version), data.map((_, i) => i + 1));
        }
        const problems = store.problems();
        assert.deepEqual(problems.map((p) => p.line), [...expected.damaged.keys()], `problems: ${JSON.stringify(problems)}`);
        for (const problem of problems) {
          const pattern = expected.damaged.get(problem.line ?? -1);
          assert.ok(pattern?.test(problem.message), `line ${problem.line}: "${problem.message}" does not match ${String(pattern)}`);
        }
        damagedSeen += problems.length;
        if (fuzzCase.appendAfter) {
          // Appending after damage must keep every byte that was there and still read back.
          const id = AGGREGATES[0];
          const version = expected.events.get(id)?.length ?? 0;
          await store.append(id, 'Order', [{ type: 'Noted', data: { appended: true } }], version);
          const after = await fs.readFile(eventsFile);
          assert.ok(after.subarray(0, expected.bytes.length).equals(expected.bytes), 'bytes before the append changed');
          const read = await readAll(store, id);
          assert.deepEqual(read.at(-1)?.data, { appended: true });
          assert.equal(read.length, version + 1);
        }
      } finally {
        await store.close();
        await fs.rm(eventsFile, { force: true });
        await fs.rm(`${eventsFile}.idx`, { force: true });
      }
    });
    assert.ok(damagedSeen > FUZZ_CASES, `only ${damagedSeen} damaged lines were generated`);
  });

  it('reads arbitrary bytes: never throws, every problem carries a line number inside the file', async () => {
    await fuzzAsync('localStoreBytes', fc.uint8Array({ maxLength: 400 }), async (bytes) => {
      // One folder for all cases, a file each: a folder per case doubled the cost of a case.
      const eventsFile = path.join(folder, `${caseNumber++}.ndjson`);
      await fs.writeFile(eventsFile, bytes);
      const store = new LocalEventStore({ eventsFile });
      try {
        const types = await store.listAggregateTypes();
        for (const type of types) {
          for (const summary of (await store.listAggregates(type.name)).items) await readAll(store, summary.id);
        }
        const lines = bytes.filter((b) => b === NEWLINE).length + 1;
        for (const problem of store.problems()) {
          assert.ok(Number.isInteger(problem.line) && (problem.line ?? 0) >= 1 && (problem.line ?? 0) <= lines, `line ${problem.line} of ${lines}`);
          assert.ok(problem.message.startsWith(`line ${problem.line}: `), problem.message);
        }
      } finally {
        await store.close();
        await fs.rm(eventsFile, { force: true });
        await fs.rm(`${eventsFile}.idx`, { force: true });
      }
    }, { numRuns: RAW_BYTES_CASES });
  });
});
