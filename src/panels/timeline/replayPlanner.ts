/**
 * Chooses where replay starts for each state the timeline needs: from the stream's own checkpoints or from
 * a stored snapshot, whichever is closer. Both give the same state for a consistent snapshot; the snapshot
 * only saves work, which matters when the stream is long and the user opens it at its end.
 */
import type { Snapshot } from '../../connectors/eventStore';
import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import type { Reducer } from '../../core/reducers/types';
import { DEFAULT_CHECKPOINT_EVERY, Replayer } from '../../core/replay';

export interface ReplayedPair {
  before: JsonValue;
  after: JsonValue;
  /** Version of the snapshot the pair was replayed from, if one was. */
  fromSnapshot?: number;
}

/** One replayer over a stream suffix, with enough bookkeeping to estimate what a jump would cost. */
class Track {
  /** Furthest position (events consumed) replay has reached: checkpoints exist up to there. */
  private reached = 0;
  /** Position the replayer's cursor rests at, which it also resumes from. */
  private cursor = 0;

  constructor(
    readonly replayer: Replayer<JsonValue>,
    /** Stream index of this replayer's first event. */
    readonly offset: number,
    private readonly every: number,
    readonly snapshotVersion?: number,
  ) {}

  /** `apply` calls needed to reach the state after stream index `index`. */
  cost(index: number): number {
    const target = index + 1 - this.offset;
    let start = Math.min(Math.floor(target / this.every), Math.floor(this.reached / this.every)) * this.every;
    if (this.cursor <= target && this.cursor > start) start = this.cursor;
    return target - start;
  }

  stateAfter(index: number): JsonValue {
    const local = index - this.offset;
    const state = this.replayer.stateAt(local);
    this.cursor = local + 1;
    this.reached = Math.max(this.reached, this.cursor);
    return state;
  }
}

interface PlacedSnapshot {
  snapshot: Snapshot;
  /** Stream index of the last event the snapshot includes. */
  index: number;
  track?: Track;
}

export class ReplayPlanner {
  private readonly main: Track;
  private readonly snapshots: PlacedSnapshot[];
  private readonly every: number;

  constructor(
    private readonly reducer: Reducer<JsonValue>,
    private readonly events: readonly FlowEvent[],
    snapshots: readonly Snapshot[],
    checkpointEvery = DEFAULT_CHECKPOINT_EVERY,
  ) {
    this.every = checkpointEvery;
    this.main = new Track(new Replayer(reducer, events, { checkpointEvery }), 0, checkpointEvery);
    this.snapshots = placeSnapshots(events, snapshots);
  }

  /** Versions of the snapshots that line up with an event of the stream. */
  get snapshotVersions(): number[] {
    return this.snapshots.map((placed) => placed.snapshot.version);
  }

  get appliedCount(): number {
    return this.snapshots.reduce((sum, placed) => sum + (placed.track?.replayer.appliedCount ?? 0), this.main.replayer.appliedCount);
  }

  /** The state before and after stream index `index`, both from the same, cheapest start. */
  around(index: number): ReplayedPair {
    const track = this.cheapestTrackFrom(index - 1);
    const before = track.stateAfter(index - 1);
    const after = track.stateAfter(index);
    return track.snapshotVersion === undefined ? { before, after } : { before, after, fromSnapshot: track.snapshotVersion };
  }

  /** The state after stream index `index` (-1: the initial state). */
  stateAfter(index: number): JsonValue {
    return this.cheapestTrackFrom(index).stateAfter(index);
  }

  /** The track that reaches the state after stream index `index` with the fewest `apply` calls. */
  private cheapestTrackFrom(index: number): Track {
    const candidate = this.latestSnapshotAtOrBefore(index);
    if (candidate === undefined) return this.main;
    // A snapshot track not built yet would start right at the snapshot.
    const snapshotCost = candidate.track?.cost(index) ?? index - candidate.index;
    if (snapshotCost >= this.main.cost(index)) return this.main;
    candidate.track ??= this.trackFor(candidate);
    return candidate.track;
  }

  private latestSnapshotAtOrBefore(index: number): PlacedSnapshot | undefined {
    let low = 0;
    let high = this.snapshots.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.snapshots[middle]).index <= index) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? undefined : this.snapshots[low - 1];
  }

  private trackFor(placed: PlacedSnapshot): Track {
    const offset = placed.index + 1;
    const replayer = new Replayer(this.reducer, this.events.slice(offset), {
      checkpointEvery: this.every,
      start: { version: placed.snapshot.version, state: placed.snapshot.state },
    });
    return new Track(replayer, offset, this.every, placed.snapshot.version);
  }
}

/**
 * Finds each snapshot's place: the last event whose version is at or below the snapshot's. Streams come
 * in version order; snapshots past the end or before the first event, or on a stream without versions,
 * are left out.
 */
function placeSnapshots(events: readonly FlowEvent[], snapshots: readonly Snapshot[]): PlacedSnapshot[] {
  const placed: PlacedSnapshot[] = [];
  const lastVersion = events.length > 0 ? events[events.length - 1]?.version : undefined;
  if (lastVersion === undefined) return placed;
  for (const snapshot of snapshots) {
    if (snapshot.version > lastVersion) continue;
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (((events[middle]).version ?? -Infinity) <= snapshot.version) low = middle + 1;
      else high = middle;
    }
    if (low > 0) placed.push({ snapshot, index: low - 1 });
  }
  return placed.sort((a, b) => a.index - b.index);
}
