/**
 * The aggregate index on disk (`events.ndjson.idx` beside the events file), so that a new process lists
 * aggregates and reads one of them without scanning the whole file again. Binary: a JSON header with the
 * per-aggregate summaries and what the index was built from, then four flat arrays with one slot per
 * event line. A CRC-32 over everything after it catches a damaged or truncated file; what it says about
 * the events file is checked against that file by FileIndex before any of it is used.
 */
import { crc32 } from 'node:zlib';
import type { ReadProblem } from '../eventStore';
import type { AggregateEntry, LoadedAggregate, LoadedSlots } from './aggregateIndex';

const MAGIC = Buffer.from('EFXIDX\u0000\u0001', 'latin1');
/** Magic, then the checksum, then the header length. */
const PREAMBLE_BYTES = MAGIC.length + 4 + 4;

/** What the index was built from, compared with the events file before the index is trusted. */
export interface IndexedFileState {
  ino: number;
  size: number;
  mtimeMs: number;
  /** Offset up to which lines are indexed. */
  scannedEnd: number;
  lineCount: number;
  unterminated: boolean;
  tailBytes: number;
  /** CRC-32 of the first `windowBytes` bytes of the file, and of the `windowBytes` bytes before `scannedEnd`. */
  headChecksum: number;
  tailChecksum: number;
  windowBytes: number;
  damaged: [number, string][];
  tailProblem?: ReadProblem;
}

/** What encodeIndex takes. */
export interface PersistedIndex {
  file: IndexedFileState;
  entries: AggregateEntry[];
}

/** What decodeIndex gives: the slots stay in the loaded arrays (see AggregateIndex.fromLoaded). */
export interface LoadedIndex {
  file: IndexedFileState;
  aggregates: LoadedAggregate[];
  slots: LoadedSlots;
}

/** One row per aggregate: id, type, version, last event time, number of lines, versions ascending. */
type EntryRow = [string, string, number, string, number, boolean];

interface Header {
  file: IndexedFileState;
  entries: EntryRow[];
  slots: number;
}

export function encodeIndex(index: PersistedIndex): Buffer {
  let slots = 0;
  for (const entry of index.entries) slots += entry.offsets.length;
  const header: Header = {
    file: index.file,
    entries: index.entries.map((entry) => [entry.id, entry.type, entry.version, entry.lastEventAt, entry.offsets.length, entry.versionsAscending]),
    slots,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const arraysStart = align8(PREAMBLE_BYTES + headerBytes.length);
  const buffer = Buffer.alloc(arraysStart + slots * 24);
  MAGIC.copy(buffer, 0);
  buffer.writeUInt32LE(headerBytes.length, MAGIC.length + 4);
  headerBytes.copy(buffer, PREAMBLE_BYTES);
  const arrays = slotArrays(buffer, arraysStart, slots);
  let slot = 0;
  for (const entry of index.entries) {
    for (let i = 0; i < entry.offsets.length; i++, slot++) {
      arrays.offsets[slot] = entry.offsets[i];
      arrays.versions[slot] = entry.versions[i];
      arrays.lengths[slot] = entry.lengths[i];
      arrays.lines[slot] = entry.lines[i];
    }
  }
  buffer.writeUInt32LE(crc32(buffer.subarray(MAGIC.length + 4)), MAGIC.length);
  return buffer;
}

/** The index, or undefined when the bytes are not a whole, undamaged index of this format. */
export function decodeIndex(bytes: Buffer): LoadedIndex | undefined {
  if (bytes.length < PREAMBLE_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (bytes.readUInt32LE(MAGIC.length) !== crc32(bytes.subarray(MAGIC.length + 4))) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length + 4);
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)) as Header;
  } catch {
    return undefined;
  }
  const arraysStart = align8(PREAMBLE_BYTES + headerLength);
  if (!Number.isInteger(header.slots) || bytes.length !== arraysStart + header.slots * 24) return undefined;
  // Typed arrays need aligned memory; a Buffer from a pool may start anywhere in its ArrayBuffer.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const slots = slotArrays(aligned, arraysStart, header.slots);
  let total = 0;
  const aggregates: LoadedAggregate[] = header.entries.map(([id, type, version, lastEventAt, count, versionsAscending]) => {
    total += count;
    return { id, type, version, lastEventAt, count, versionsAscending };
  });
  return total === header.slots ? { file: header.file, aggregates, slots } : undefined;
}

function align8(value: number): number {
  return Math.ceil(value / 8) * 8;
}

/** Offsets and versions as float64 (they can pass 2^32), lengths and line numbers as uint32; little-endian hosts. */
function slotArrays(buffer: Buffer, start: number, slots: number): LoadedSlots {
  const base = buffer.byteOffset + start;
  return {
    offsets: new Float64Array(buffer.buffer, base, slots),
    versions: new Float64Array(buffer.buffer, base + slots * 8, slots),
    lengths: new Uint32Array(buffer.buffer, base + slots * 16, slots),
    lines: new Uint32Array(buffer.buffer, base + slots * 20, slots),
  };
}
