/**
 * The lag of a consumer group in time, estimated from offsets alone, as Kafka Lag Exporter does: per
 * partition a bounded table of (end offset, when it was first seen), kept from the samples a monitor takes
 * anyway. The unread message at the committed offset was written between the last time the end offset was
 * at or below it and the first time it was past it; interpolating between the two gives its time, and its
 * age is the lag. Older than the table, the age is at least the table's span (a lower bound, never a guess
 * beyond what was seen). Reading the record itself each second would cost many times the rest of a sample.
 */
import type { Figures, GroupFigures } from './figures';

/** One point per this many ms at most (a busy partition's end moves every sample). */
const SPACING_MS = 5000;
/** Points per partition: at 5 s apart, ten minutes. */
const POINTS = 120;
/** Partitions tracked in all; the least recently seen are forgotten first. */
const PARTITIONS = 10_000;

interface Point {
  offset: bigint;
  at: number;
}

export class LagTimeTable {
  private readonly tables = new Map<string, Point[]>();

  /** A partition's end offset seen at `at`. */
  observe(source: string, partition: number, latest: bigint, at: number): void {
    const key = `${source}\u0000${partition}`;
    let points = this.tables.get(key);
    if (points === undefined) {
      if (this.tables.size >= PARTITIONS) this.tables.delete(this.tables.keys().next().value as string);
      points = [];
    } else this.tables.delete(key);
    this.tables.set(key, points);
    const last = points.at(-1);
    if (last !== undefined && latest < last.offset) points.length = 0; // Deleted and made again: the old offsets mean nothing now.
    const newest = points.at(-1);
    if (newest !== undefined && newest.offset === latest) return;
    if (newest !== undefined && points.length >= 2 && at - points[points.length - 2].at < SPACING_MS) points[points.length - 1] = { offset: latest, at };
    else points.push({ offset: latest, at });
    if (points.length > POINTS) points.splice(0, points.length - POINTS);
  }

  /** The age (ms) at `at` of the message at `committed`; 0 when nothing is unread; undefined before anything was seen. */
  ageOf(source: string, partition: number, committed: bigint, at: number): number | undefined {
    const points = this.tables.get(`${source}\u0000${partition}`);
    if (points === undefined || points.length === 0) return undefined;
    const newest = points[points.length - 1];
    if (committed >= newest.offset) return 0;
    const after = points.findIndex((p) => p.offset > committed);
    if (after <= 0) return Math.max(0, at - points[0].at);
    const before = points[after - 1];
    const next = points[after];
    // Message `committed` was written when the end offset passed it, i.e. reached committed + 1.
    const share = Number(committed + 1n - before.offset) / Number(next.offset - before.offset);
    return Math.max(0, at - (before.at + share * (next.at - before.at)));
  }

  /** The figures with each partition's age filled in where the reading left it out. */
  fill(figures: Figures, at: number): Figures {
    const groups = figures.groups.map((group): GroupFigures => {
      if (group.lag === undefined) return group;
      const partitions = group.lag.partitions.map((row) => {
        this.observe(row.source, row.partition, row.latest, at);
        if (row.lagMs !== undefined || row.committed === undefined) return row;
        const age = row.lag > 0n ? this.ageOf(row.source, row.partition, row.committed, at) : 0;
        return age === undefined ? row : { ...row, lagMs: age };
      });
      return { ...group, lag: { ...group.lag, partitions } };
    });
    return { ...figures, groups };
  }
}
