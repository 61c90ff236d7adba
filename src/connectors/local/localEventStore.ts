/**
 * The embedded event store: one NDJSON file of events (and one of snapshots) in the workspace, with the
 * same optimistic-append semantics as the MongoDB store. Several processes may share the file: appends
 * take a cross-process lock and check the version under it; readers notice other writers' changes.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FlowEvent, NewEvent } from '../../core/envelope';
import type {
  AggregateSummary,
  AggregateTypeSummary,
  AppendResult,
  EventStore,
  ListAggregatesOptions,
  Page,
  ReadAllOptions,
  ReadProblem,
  ReadStreamOptions,
  Snapshot,
} from '../eventStore';
import { VersionConflictError } from '../eventStore';
import { positionsFrom, type AggregateEntry, type LinePosition } from './aggregateIndex';
import { pageOfIds } from './aggregatePaging';
import { appendBytes } from './appendFile';
import { AppendedTypes } from './appendedTypes';
import type { IdentityRules } from '../../core/identity';
import { aggregateTypeChannels, channelLimit, type ChannelMap, type ChannelRequest } from '../reads/channels';
import type { Figures, FiguresRequest } from '../reads/figures';
import { NOTHING_HAPPENED } from '../reads/readPlan';
import { inWindow, matchesSearch, type SourceSearchRequest, type SourceSearchResult } from '../reads/search';
import { scanStore } from '../reads/searchRun';
import type { StatisticsOptions, StoreStatistics } from '../reads/statistics';
import { scanLocalStatistics } from './localStatistics';
import { decodeEventLine, encodeEventLine, type StoredEvent } from './eventLine';
import { describeFileError } from './fileErrors';
import { FileIndex } from './fileIndex';
import { withFileLock } from './fileLock';
import { readLineRanges } from './positionedReader';
import { mkdirFor, SnapshotFile } from './snapshotFile';
import { validateAppend, validateSnapshot } from '../validation/validation';

export interface LocalEventStoreOptions {
  eventsFile: string;
  /** Defaults to snapshots.ndjson beside the events file. */
  snapshotsFile?: string;
  /** How long a lock left by a process that died blocks writers before it is taken over. Minimum 2000. */
  lockStaleMs?: number;
  /**
   * Where the aggregate index is kept between processes (default `<eventsFile>.idx`); false keeps it in
   * memory only. It is checked against the events file before use and rebuilt when stale or damaged.
   */
  indexFile?: string | false;
  /** Progress of a scan of the events file (the first open of a large file), for a progress notification. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Bytes indexed beyond the index file before it is written again (default 1 MiB: small stores need none). */
  indexSaveAfterBytes?: number;
  /**
   * Opens a file that is not ours to change (an export, another tool's log) where it is: appends and
   * snapshots are refused, no lock is taken, and nothing is written beside it (the index stays in memory
   * unless `indexFile` names a place; snapshots are read only from an explicit `snapshotsFile`).
   */
  readOnly?: boolean;
  /**
   * Called with the file about to be written (events or snapshots) before each append or snapshot; throws to
   * refuse. The Local connection checks there that a link does not take the write out of the workspace.
   */
  guardWrite?: (file: string) => Promise<void>;
  /** Where correlation, causation and trace ids are read from in each line's metadata (the connection's override). */
  identity?: IdentityRules;
}

const DEFAULT_LOCK_STALE_MS = 10_000;
const DEFAULT_BATCH_SIZE = 500;

export class LocalEventStore implements EventStore {
  readonly kind = 'local';
  readonly label: string;
  readonly eventsFile: string;
  readonly snapshotsFile: string;
  readonly readOnly: boolean;
  private readonly hasSnapshots: boolean;
  private readonly lockStaleMs: number;
  private readonly identity: IdentityRules | undefined;
  private readonly index: FileIndex;
  private readonly snapshots: SnapshotFile;
  private closed = false;
  /** Counted for a monitor from its first reading on. */
  private appendedTypes: AppendedTypes | undefined;
  private readonly guardWrite: (file: string) => Promise<void>;

  constructor(options: LocalEventStoreOptions) {
    this.eventsFile = path.resolve(options.eventsFile);
    this.snapshotsFile = path.resolve(options.snapshotsFile ?? path.join(path.dirname(this.eventsFile), 'snapshots.ndjson'));
    this.lockStaleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
    this.readOnly = options.readOnly ?? false;
    this.guardWrite = options.guardWrite ?? (() => Promise.resolve());
    this.identity = options.identity;
    this.hasSnapshots = !this.readOnly || options.snapshotsFile !== undefined;
    this.label = this.readOnly ? `${this.eventsFile} (read-only)` : this.eventsFile;
    this.index = new FileIndex(this.eventsFile, {
      indexFile: options.indexFile ?? (this.readOnly ? false : undefined),
      onProgress: options.onProgress,
      saveAfterBytes: options.indexSaveAfterBytes,
    });
    this.snapshots = new SnapshotFile(this.snapshotsFile, this.lockStaleMs);
  }

  async listAggregateTypes(signal?: AbortSignal): Promise<AggregateTypeSummary[]> {
    await this.refresh(signal);
    return this.index.aggregates.types();
  }

  /** Its aggregate types as channels, each with its aggregate count. */
  async channels(request: ChannelRequest): Promise<ChannelMap> {
    return aggregateTypeChannels({ connectionId: request.connectionId, connectionKind: this.kind }, await this.listAggregateTypes(request.signal), channelLimit(request));
  }

  /** The events in the file now (after indexing what was appended since the last read), for a sampler. */
  async sampleFigures(request: FiguresRequest, signal?: AbortSignal): Promise<Figures> {
    await this.refresh(signal);
    const figures: Figures = { sources: [], groups: [], events: this.index.aggregates.eventCount() };
    if (request.eventTypes === true) {
      this.appendedTypes ??= new AppendedTypes(this.eventsFile);
      figures.eventTypes = await this.appendedTypes.read(this.index.indexedEnd, signal);
    }
    return figures;
  }

  async listAggregates(type: string, options: ListAggregatesOptions = {}): Promise<Page<AggregateSummary>> {
    await this.refresh(options.signal);
    const aggregates = this.index.aggregates;
    const page = pageOfIds(aggregates.idsOfType(type), options);
    const items: AggregateSummary[] = [];
    for (const id of page.ids) {
      const summary = aggregates.summary(id);
      if (summary !== undefined) items.push(summary);
    }
    return page.next === undefined ? { items } : { items, next: page.next };
  }

  async *readStream(aggregateId: string, options: ReadStreamOptions = {}): AsyncIterable<FlowEvent[]> {
    const { fromVersion = 1, batchSize = DEFAULT_BATCH_SIZE, signal } = options;
    await this.refresh(signal);
    const entry = this.index.aggregates.get(aggregateId);
    if (entry === undefined) return;
    const positions = positionsFrom(entry, fromVersion);
    if (positions.length === 0) return;
    const handle = await this.openForRead();
    try {
      const size = Math.max(1, Math.floor(batchSize));
      for (let start = 0; start < positions.length; start += size) {
        signal?.throwIfAborted();
        const batch = positions.slice(start, start + size);
        const lines = await readLineRanges(handle, batch);
        yield batch.map((position, i) => this.toFlowEvent(lines[i], position.line, entry, position.version));
      }
    } finally {
      await handle.close();
    }
  }

  /**
   * Every event (or every event of one type) in (aggregate id, version) order, straight from the index:
   * one pass over the aggregates, each line read once, batches that may span aggregates.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<FlowEvent[]> {
    const { batchSize = DEFAULT_BATCH_SIZE, signal, aggregateType } = options;
    await this.refresh(signal);
    const aggregates = this.index.aggregates;
    const ids = aggregateType !== undefined ? aggregates.idsOfType(aggregateType) : aggregates.allIds();
    if (ids.length === 0) return;
    const size = Math.max(1, Math.floor(batchSize));
    const handle = await this.openForRead();
    try {
      let pending: { position: LinePosition; entry: AggregateEntry }[] = [];
      const flush = async (): Promise<FlowEvent[]> => {
        signal?.throwIfAborted();
        const lines = await readLineRanges(handle, pending.map((slot) => slot.position));
        const events = pending.map((slot, i) => this.toFlowEvent(lines[i], slot.position.line, slot.entry, slot.position.version));
        pending = [];
        return events;
      };
      for (const id of ids) {
        const entry = aggregates.get(id);
        if (entry === undefined) continue;
        for (const position of positionsFrom(entry, 1)) {
          pending.push({ position, entry });
          if (pending.length >= size) yield await flush();
        }
      }
      if (pending.length > 0) yield await flush();
    } finally {
      await handle.close();
    }
  }

  private async openForRead(): Promise<fs.FileHandle> {
    try {
      return await fs.open(this.eventsFile, 'r');
    } catch (error) {
      throw describeFileError('read', this.eventsFile, error);
    }
  }

  async append(aggregateId: string, aggregateType: string, events: NewEvent[], expectedVersion: number, signal?: AbortSignal): Promise<AppendResult> {
    this.assertOpen();
    this.assertWritable('append to');
    validateAppend(aggregateId, aggregateType, events, expectedVersion);
    const stored = events.map((event, i) => toStoredEvent(aggregateId, aggregateType, event, expectedVersion + 1 + i));
    const lines = Buffer.from(stored.map((event) => `${encodeEventLine(event)}\n`).join(''), 'utf8');
    signal?.throwIfAborted();
    await this.guardWrite(this.eventsFile);
    await mkdirFor(this.eventsFile);
    return withFileLock(this.eventsFile, this.lockStaleMs, async (assertHeld) => {
      signal?.throwIfAborted();
      await this.index.refresh();
      const current = this.index.aggregates.get(aggregateId);
      if (current !== undefined && current.type !== aggregateType) {
        throw new Error(
          `Cannot append to ${aggregateId} as a "${aggregateType}": it is stored as a "${current.type}" aggregate in ${this.eventsFile}.`,
        );
      }
      const actualVersion = current?.version ?? 0;
      if (actualVersion !== expectedVersion) throw new VersionConflictError(aggregateId, expectedVersion, actualVersion);
      const bytes = this.index.needsLeadingNewline ? Buffer.concat([Buffer.from('\n'), lines]) : lines;
      assertHeld();
      await appendBytes(this.eventsFile, bytes);
      return { fromVersion: expectedVersion + 1, toVersion: expectedVersion + events.length };
    });
  }

  async listSnapshots(aggregateId: string, signal?: AbortSignal): Promise<Snapshot[]> {
    this.assertOpen();
    if (!this.hasSnapshots) return [];
    return this.snapshots.read(aggregateId, signal);
  }

  async writeSnapshot(snapshot: Snapshot, signal?: AbortSignal): Promise<void> {
    this.assertOpen();
    this.assertWritable('write a snapshot to');
    validateSnapshot(snapshot);
    await this.guardWrite(this.snapshotsFile);
    await this.snapshots.append(snapshot, signal);
  }

  problems(): ReadProblem[] {
    return [...this.index.problems(), ...(this.hasSnapshots ? this.snapshots.problems() : [])];
  }

  /** Waits for the index file to be written, so a folder can be removed or the process end right after. */
  /** A file has nothing to connect to: it is read when first asked for. */
  connect(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.index.flush();
  }

  private async refresh(signal?: AbortSignal): Promise<void> {
    this.assertOpen();
    await this.index.refresh(signal);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`The local event store ${this.eventsFile} is closed.`);
  }

  private assertWritable(action: string): void {
    if (this.readOnly) throw new Error(`Cannot ${action} ${this.eventsFile}: it is open read-only (opened as a file, where it is). Nothing was written.`);
  }

  /**
   * Correlation-id and event-id lookups answer from the identity index (built with the aggregate index);
   * other searches, or a connection that reads ids from other places, read every event once.
   */
  async search(request: SourceSearchRequest): Promise<SourceSearchResult> {
    const { predicate, signal } = request;
    await this.refresh(signal);
    if ((predicate.field !== 'correlationId' && predicate.field !== 'eventId') || this.identity !== undefined) return scanStore(this, request);
    await this.index.completeIdentities(signal);
    const identities = this.index.identities;
    const candidates = predicate.field === 'correlationId' ? identities.correlationLines(predicate.value) : identities.eventIdLines(predicate.value);
    const events: FlowEvent[] = [];
    if (candidates.length > 0) {
      const handle = await this.openForRead();
      try {
        const lines = await readLineRanges(handle, candidates);
        for (const [i, bytes] of lines.entries()) {
          const decoded = decodeEventLine(bytes.toString('utf8'), this.identity);
          const entry = decoded.ok ? this.index.aggregates.get(decoded.value.aggregateId) : undefined;
          const slot = entry?.offsets.indexOf(candidates[i].offset) ?? -1;
          if (!entry || slot < 0) continue;
          const event = this.toFlowEvent(bytes, entry.lines[slot], entry, entry.versions[slot]);
          if (matchesSearch(event, predicate) && inWindow(event, request.window)) events.push(event);
          if (events.length >= request.limit) break;
        }
      } finally {
        await handle.close();
      }
    }
    return { source: this.label, events, scanned: candidates.length, complete: events.length < request.limit, outcome: NOTHING_HAPPENED, notes: [] };
  }

  /** Statistics and schema variants from one pass over the file (sampled above `maxEvents`): see localStatistics.ts. */
  async statistics(options: StatisticsOptions = {}): Promise<StoreStatistics> {
    await this.refresh(options.signal);
    const statistics = await scanLocalStatistics(this.eventsFile, this.index.indexedEnd, this.index.aggregates, options);
    return statistics;
  }

  private toFlowEvent(bytes: Buffer, line: number, entry: AggregateEntry, version: number): FlowEvent {
    const aggregateId = entry.id;
    const decoded = decodeEventLine(bytes.toString('utf8'), this.identity);
    if (!decoded.ok || decoded.value.aggregateId !== aggregateId || decoded.value.version !== version) {
      // The file was rewritten between indexing and reading: the offsets no longer point at these events.
      this.index.invalidate();
      throw new Error(`${this.eventsFile} changed while ${aggregateId} was being read (line ${line} moved); read it again.`);
    }
    const event = decoded.value;
    return {
      id: event.id,
      type: event.type,
      timestamp: event.timestamp,
      data: event.data,
      aggregateId: event.aggregateId,
      // A line in the chapter's layout has no type: the index holds the one guessed for its aggregate.
      aggregateType: event.aggregateType ?? entry.type,
      version: event.version,
      metadata: event.metadata,
      source: { system: 'local', file: this.eventsFile, line },
    };
  }
}

function toStoredEvent(aggregateId: string, aggregateType: string, event: NewEvent, version: number): StoredEvent {
  return {
    aggregateId,
    aggregateType,
    id: event.id ?? randomUUID(),
    type: event.type,
    version,
    timestamp: event.timestamp ?? new Date().toISOString(),
    data: event.data,
    metadata: event.metadata ?? {},
  };
}
