/**
 * One aggregate's timeline, host side and free of the vscode API: the loaded stream, the filter, the
 * selection, and the answers the webview asks for. The stream stays here; the webview gets pages of rows
 * and one event's detail at a time. Filter changes cost O(n) once; row pages cost O(page); a step costs
 * at most `checkpointEvery` reducer calls once replay has passed that part of the stream.
 */
import type { Snapshot } from '../../connectors/eventStore';
import { truncateForDisplay } from '../../core/codec';
import { changedPaths, valueChanges } from '../../core/diff';
import { eventPlace, type FlowEvent } from '../../core/envelope';
import { checkIntegrity, type IntegrityIssue } from '../../core/integrity';
import { NotApplied, type Reducer } from '../../core/reducers/types';
import { replayWithOutcomes } from '../../core/replay';
import { missingValueOf } from '../../core/sourceDescribers';
import { summarizeData } from '../../core/summary';
import { MAX_ROWS_PER_REQUEST } from '../../protocol/common';
import type { JsonValue } from '../../core/json';
import type { ComparedVersion, EventDetail, EventRow, ReducerNote, SourceLink, StateComparison, StepTarget, TimelineInit } from '../../protocol/timeline';
import { FilteredView } from './filteredView';
import { ReplayPlanner } from './replayPlanner';

export interface TimelineSessionOptions {
  storeLabel: string;
  /** The stable id of the connection the stream came from, when it came from one. */
  connectionId?: string;
  aggregateId: string;
  aggregateType: string;
  events: FlowEvent[];
  snapshots?: Snapshot[];
  reducer: Reducer;
  checkpointEvery?: number;
  /** Problems the store met while reading (damaged lines and the like), shown with the integrity warnings. */
  readProblems?: IntegrityIssue[];
  /** What the timeline says about its reducer (a file that did not load, two files for the type). */
  reducerNotes?: ReducerNote[];
  /** Stream index where the workspace reducer threw: the events after it were not replayed. */
  reducerFailedAt?: number;
}

const SUMMARY_LENGTH = 100;
/** Differences a comparison lists at most; the webview says when there were more. */
export const MAX_COMPARED_CHANGES = 500;

export class TimelineSession {
  readonly storeLabel: string;
  readonly connectionId: string | undefined;
  readonly aggregateId: string;
  readonly aggregateType: string;
  private readonly events: FlowEvent[];
  private readonly reducer: Reducer;
  private readonly planner: ReplayPlanner;
  private readonly warnings: IntegrityIssue[];
  private readonly warningByIndex = new Map<number, string>();
  /** Events the reducer could not apply, by stream index: the reason. */
  private readonly notAppliedByIndex = new Map<number, string>();
  private readonly snapshotVersions: Set<number>;
  private readonly eventTypes: string[];
  private readonly reducerNotes: ReducerNote[];
  /** Where the workspace reducer threw (`v3`) and the index after which nothing was replayed. */
  private readonly failure: { index: number; place: string } | undefined;
  private view: FilteredView;
  private selected: number | undefined;

  constructor(options: TimelineSessionOptions) {
    this.storeLabel = options.storeLabel;
    this.connectionId = options.connectionId;
    this.aggregateId = options.aggregateId;
    this.aggregateType = options.aggregateType;
    this.events = options.events;
    this.reducer = options.reducer;
    this.planner = new ReplayPlanner(options.reducer, options.events, options.snapshots ?? [], options.checkpointEvery);
    this.snapshotVersions = new Set(this.planner.snapshotVersions);
    this.warnings = [...(options.readProblems ?? []), ...checkIntegrity(options.events)];
    for (const issue of this.warnings) {
      if (issue.index < 0) continue;
      const earlier = this.warningByIndex.get(issue.index);
      this.warningByIndex.set(issue.index, earlier === undefined ? issue.message : `${earlier}; ${issue.message}`);
    }
    // Without snapshots, one fold at open lets every row and the header say which events were not applied.
    // With snapshots the point is not to replay everything: rows say it as replay passes them.
    if (this.snapshotVersions.size === 0) {
      for (const skipped of replayWithOutcomes(options.reducer, options.events).notApplied) this.notAppliedByIndex.set(skipped.index, skipped.reason);
    }
    this.eventTypes = [...new Set(options.events.map((event) => event.type))];
    this.view = new FilteredView(options.events.length);
    this.reducerNotes = options.reducerNotes ?? [];
    const failedAt = options.reducerFailedAt;
    this.failure = failedAt !== undefined && failedAt < options.events.length ? { index: failedAt, place: eventPlace(options.events[failedAt].version, failedAt) } : undefined;
  }

  /** The places the session showed as links (reducer notes, warnings): the only ones the panel opens. */
  isShownLocation(link: SourceLink): boolean {
    const same = (shown: SourceLink | undefined): boolean => shown !== undefined && shown.file === link.file && shown.line === link.line;
    return this.reducerNotes.some((note) => same(note.location)) || this.warnings.some((issue) => same(issue.location));
  }

  /** The name of the reducer that replays this stream (a workspace reducer's is `workspace:<file>`). */
  get reducerName(): string {
    return this.reducer.name;
  }

  get total(): number {
    return this.events.length;
  }

  get viewLength(): number {
    return this.view.length;
  }

  get filter(): readonly string[] {
    return this.view.types;
  }

  get selectedIndex(): number | undefined {
    return this.selected;
  }

  /** Reducer calls made so far, across every replay start: what tests hold the cost bound to. */
  get appliedCount(): number {
    return this.planner.appliedCount;
  }

  init(): TimelineInit {
    return {
      type: 'init',
      aggregateId: this.aggregateId,
      aggregateType: this.aggregateType,
      storeLabel: this.storeLabel,
      ...(this.connectionId !== undefined ? { connectionId: this.connectionId } : {}),
      reducer: this.reducer.name,
      total: this.events.length,
      eventTypes: [...this.eventTypes],
      snapshotVersions: [...this.snapshotVersions],
      warnings: [...this.warnings],
      notAppliedCount: this.notAppliedByIndex.size,
      ...(this.reducerNotes.length > 0 ? { reducerNotes: this.reducerNotes.map((note) => ({ ...note })) } : {}),
      ...(this.failure !== undefined ? { notReplayed: { count: this.events.length - this.failure.index, failedAt: this.failure.place } } : {}),
    };
  }

  /** Shows only these event types; an empty list shows every event. Returns the view's new length. */
  setFilter(types: readonly string[]): number {
    this.view = new FilteredView(this.events.length, this.events, types);
    return this.view.length;
  }

  /** Up to `count` rows of the filtered view, starting at position `offset`. */
  rows(offset: number, count: number): EventRow[] {
    const end = Math.min(this.view.length, offset + Math.min(count, MAX_ROWS_PER_REQUEST));
    const rows: EventRow[] = [];
    for (let position = Math.max(0, offset); position < end; position++) {
      rows.push(this.row(this.view.indexAt(position)));
    }
    return rows;
  }

  /** Stream index of the first event with `version`, if there is one. */
  indexOfVersion(version: number): number | undefined {
    const index = this.events.findIndex((event) => event.version === version);
    return index === -1 ? undefined : index;
  }

  /** Selects stream index `index`, which may be hidden by the filter (its position is then -1). */
  select(index: number): EventDetail {
    this.assertIndex(index);
    this.selected = index;
    return this.detail(index);
  }

  /**
   * Moves within the filtered view. At either end the selection stays where it is; with nothing
   * selected, `next` starts at the first event and `previous` at the last. Undefined when the view is empty.
   */
  step(to: StepTarget): EventDetail | undefined {
    const length = this.view.length;
    if (length === 0) return undefined;
    let position: number;
    if (to === 'first') {
      position = 0;
    } else if (to === 'last') {
      position = length - 1;
    } else if (this.selected === undefined) {
      position = to === 'next' ? 0 : length - 1;
    } else if (to === 'next') {
      position = Math.min(this.view.firstPositionAtOrAfter(this.selected + 1), length - 1);
    } else {
      position = Math.max(this.view.firstPositionAtOrAfter(this.selected) - 1, 0);
    }
    return this.select(this.view.indexAt(position));
  }

  /** The selected event's detail again (after a filter change moved its position), if any is selected. */
  current(): EventDetail | undefined {
    return this.selected === undefined ? undefined : this.detail(this.selected);
  }

  /** The event at stream index `index` (as read, whatever the filter). */
  eventAt(index: number): FlowEvent {
    this.assertIndex(index);
    return this.events[index];
  }

  /** The whole replayed state after event `index` (not cut down for display). */
  stateAfter(index: number): JsonValue {
    this.assertIndex(index);
    return this.planner.stateAfter(index);
  }

  /** The state after event `a` against the state after event `b`: every difference, A's value beside B's. */
  compare(a: number, b: number): StateComparison {
    const changes = valueChanges(this.stateAfter(a), this.stateAfter(b), MAX_COMPARED_CHANGES + 1);
    return { a: this.compared(a), b: this.compared(b), changes: changes.slice(0, MAX_COMPARED_CHANGES), truncated: changes.length > MAX_COMPARED_CHANGES };
  }

  /** The events from `from` to `to` (inclusive, either order), for a generated test or a bus run. */
  slice(from: number, to: number): FlowEvent[] {
    const [low, high] = from <= to ? [from, to] : [to, from];
    this.assertIndex(low);
    this.assertIndex(high);
    return this.events.slice(low, high + 1);
  }

  /** The whole stream as NDJSON, one FlowEvent per line, whatever the filter. */
  exportStream(): string {
    return this.events.map((event) => JSON.stringify(event)).join('\n') + (this.events.length > 0 ? '\n' : '');
  }

  /** The selected state (the final one when nothing is selected), whole, as pretty JSON. */
  exportState(): string {
    const index = this.selected ?? this.events.length - 1;
    return JSON.stringify(this.planner.stateAfter(index), null, 2) + '\n';
  }

  private compared(index: number): ComparedVersion {
    const event = this.events[index];
    return { index, version: event.version ?? null, type: event.type };
  }

  private assertIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.events.length) {
      throw new RangeError(`There is no event #${index + 1}: the stream has ${this.events.length} events.`);
    }
  }

  private row(index: number): EventRow {
    const event = this.events[index];
    const row: EventRow = {
      index,
      version: event.version ?? null,
      type: event.type,
      timestamp: event.timestamp,
      // A missing value's data is null like a JSON null's; the list says which it is.
      summary: missingValueOf(event.source)?.label ?? summarizeData(event.data, SUMMARY_LENGTH),
      snapshot: event.version !== undefined && this.snapshotVersions.has(event.version),
    };
    const warning = this.warningByIndex.get(index);
    if (warning !== undefined) row.warning = warning;
    const notApplied = this.notAppliedByIndex.get(index) ?? this.planner.notAppliedAt(index);
    if (notApplied !== undefined) row.notApplied = notApplied;
    const notReplayed = this.notReplayedAt(index);
    if (notReplayed !== undefined) row.notReplayed = notReplayed;
    return row;
  }

  private detail(index: number): EventDetail {
    const event = this.events[index];
    const { before, after, fromSnapshot } = this.planner.around(index);
    const state = truncateForDisplay(after);
    const data = truncateForDisplay(event.data);
    const detail: EventDetail = {
      index,
      position: this.view.positionOf(index),
      id: event.id,
      type: event.type,
      timestamp: event.timestamp,
      version: event.version ?? null,
      data: data.value,
      metadata: event.metadata,
      source: event.source,
      state: state.value,
      stateTruncated: state.truncated,
      changedPaths: changedPaths(before, after),
    };
    if (data.truncated) detail.dataTruncated = true;
    if (event.payload !== undefined) detail.payload = event.payload;
    const missingValue = missingValueOf(event.source);
    if (missingValue !== undefined) detail.missingValue = missingValue;
    if (fromSnapshot !== undefined) detail.fromSnapshot = fromSnapshot;
    const notApplied = this.notAppliedByIndex.get(index) ?? this.planner.notAppliedAt(index);
    if (notApplied !== undefined) detail.notApplied = new NotApplied(notApplied).message;
    const notReplayed = this.notReplayedAt(index);
    if (notReplayed !== undefined) detail.notReplayed = notReplayed;
    return detail;
  }

  /** The event the workspace reducer threw at and every one after it: replay stopped there, the state before it stays. */
  private notReplayedAt(index: number): string | undefined {
    if (this.failure === undefined || index < this.failure.index) return undefined;
    return index === this.failure.index ? `not replayed: the reducer failed at this event (${this.failure.place})` : `not replayed: the reducer failed at ${this.failure.place}`;
  }
}
