/**
 * A RabbitMQ stream's messages per type for a monitor, as a Kafka topic's are counted: from the moment
 * counting began, bounded (`TypeCounts`: 50 types, the rest "other"). A stream is read without effect by a
 * consumer from its `next` offset (what Keep Following does): one tail per stream asked, counting each
 * message's type as it arrives; a reading hands over the counts so far, and the sampler's rate is the
 * difference of two readings. A stream no longer asked has its tail stopped; one whose tail ended (the
 * stream deleted, the broker restarted) is counted afresh at the next reading, which a rate reads as "no
 * rate". When no reading comes for `idleStopMs` (the sampler stopped: the monitor hidden or closed), every
 * tail stops, so nothing is left reading the broker for nobody.
 */
import { TypeCounts } from '../../core/typeCounts';

/** Follows one stream from its next offset, handing over the types of the messages that arrive, until `signal` stops it. */
export type StreamTypeTail = (vhost: string, stream: string, onTypes: (types: readonly string[]) => void, signal: AbortSignal) => Promise<void>;

/** No reading for this long and the tails stop: several refresh intervals of a monitor that stopped reading. */
export const IDLE_STOP_MS = 30_000;

export interface StreamName {
  vhost: string;
  name: string;
}

interface Counting {
  counts: TypeCounts;
  stop: AbortController;
  ended: boolean;
}

const keyOf = (stream: StreamName): string => JSON.stringify([stream.vhost, stream.name]);

export class AppendedStreamTypes {
  private readonly streams = new Map<string, Counting>();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly tail: StreamTypeTail,
    private readonly options: { idleStopMs?: number; maxTypes?: number; onEnded?: (stream: StreamName, reason: string) => void } = {},
  ) {}

  /** Streams counted now (their tails running). */
  get counting(): StreamName[] {
    return [...this.streams.entries()].filter(([, c]) => !c.ended).map(([key]) => nameOf(key));
  }

  /**
   * The counts of each stream asked (counting begins for one asked the first time, so its first counts are
   * empty); the streams not asked any more stop being counted.
   */
  read(asked: readonly StreamName[]): Map<string, [string, number][]> {
    const wanted = new Map(asked.map((s) => [keyOf(s), s]));
    for (const [key, counting] of this.streams) {
      if (!wanted.has(key)) this.end(key, counting);
    }
    const result = new Map<string, [string, number][]>();
    for (const [key, stream] of wanted) {
      let counting = this.streams.get(key);
      if (counting === undefined || counting.ended) counting = this.begin(key, stream);
      result.set(key, counting.counts.entries());
    }
    this.armIdleStop();
    return result;
  }

  /** The counts `read` gave for this stream. */
  static countsOf(read: ReadonlyMap<string, [string, number][]>, stream: StreamName): [string, number][] | undefined {
    return read.get(keyOf(stream));
  }

  dispose(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
    for (const [key, counting] of this.streams) this.end(key, counting);
  }

  private begin(key: string, stream: StreamName): Counting {
    const counting: Counting = { counts: new TypeCounts(this.options.maxTypes), stop: new AbortController(), ended: false };
    this.streams.set(key, counting);
    this.tail(stream.vhost, stream.name, (types) => types.forEach((type) => counting.counts.add(type)), counting.stop.signal).then(
      () => (counting.ended = true),
      (error: unknown) => {
        counting.ended = true;
        if (!counting.stop.signal.aborted) this.options.onEnded?.(stream, error instanceof Error ? error.message : String(error));
      },
    );
    return counting;
  }

  private end(key: string, counting: Counting): void {
    counting.stop.abort();
    counting.ended = true;
    this.streams.delete(key);
  }

  private armIdleStop(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = this.streams.size === 0 ? undefined : setTimeout(() => this.dispose(), this.options.idleStopMs ?? IDLE_STOP_MS);
    // A waiting stop keeps no process alive by itself.
    (this.idle as { unref?: () => void } | undefined)?.unref?.();
  }
}

function nameOf(key: string): StreamName {
  const [vhost, name] = JSON.parse(key) as [string, string];
  return { vhost, name };
}
