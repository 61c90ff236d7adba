/**
 * A RabbitMQ stream's messages per type for a monitor, as a Kafka topic's are counted: from the moment
 * counting began, bounded (`TypeCounts`: 50 types, the rest "other"). A stream is read without effect by a
 * consumer from its `next` offset (what Keep Following does): one tail per stream asked, counting each
 * message's type as it arrives; a reading hands over the counts so far, and the sampler's rate is the
 * difference of two readings. A stream no longer asked has its tail stopped; one whose tail ended (the
 * stream deleted, the broker restarted) is counted afresh at the next reading, which a rate reads as "no
 * rate". When no reading comes for `idleStopMs` (the sampler stopped: the monitor hidden or closed), every
 * tail stops, so nothing is left reading the broker for nobody.
 *
 * A busy stream would send every message to the extension host while watched, so one reading takes at most
 * `MAX_MESSAGES_PER_READING` messages and about `MAX_BYTES_PER_READING` bytes of a stream (as a Kafka topic's
 * reading does): past that its tail is cancelled, and the next reading opens it again from `next`. The counts
 * of such a reading are of a sample (the messages up to the bound), and the reading says so.
 */
import { TypeCounts } from '../../core/typeCounts';

export const MAX_MESSAGES_PER_READING = 5_000;
export const MAX_BYTES_PER_READING = 4 * 1024 * 1024;

export interface ReadingLimits {
  messages: number;
  bytes: number;
}

const DEFAULT_READING_LIMITS: ReadingLimits = { messages: MAX_MESSAGES_PER_READING, bytes: MAX_BYTES_PER_READING };

/** Why a tail was stopped that is opened again at the next reading. */
const AT_BOUND = 'the reading took what it may';

/** One message a tail hands over: its type, and its body's size. */
export interface TypedMessage {
  type: string;
  bytes: number;
}

/** Follows one stream from its next offset, handing over the messages that arrive, until `signal` stops it. */
export type StreamTypeTail = (vhost: string, stream: string, onMessages: (messages: readonly TypedMessage[]) => void, signal: AbortSignal) => Promise<void>;

/** One stream's reading: its counts since counting began, and whether the bound cut what it counted since the last one. */
export interface StreamTypeReading {
  counts: [string, number][];
  bounded: boolean;
}

/** What the figures say of a reading the bound cut. */
export function boundedReadingNote(limits: ReadingLimits = DEFAULT_READING_LIMITS): string {
  return `A sample: the stream had more than ${limits.messages.toLocaleString('en-US')} messages (or ${Math.round(limits.bytes / 1024 / 1024)} MB) since the last reading, and only those were counted; the rates by type are of that sample, the stream's own is its "in" rate.`;
}

/** No reading for this long and the tails stop: several refresh intervals of a monitor that stopped reading. */
export const IDLE_STOP_MS = 30_000;

export interface StreamName {
  vhost: string;
  name: string;
}

interface Counting {
  stream: StreamName;
  counts: TypeCounts;
  /** Stops the tail running now. */
  stop: AbortController;
  ended: boolean;
  /** What the tail took since the last reading. */
  taken: ReadingLimits;
  /** The tail stopped at the bound: opened again at the next reading. */
  atBound: boolean;
}

const keyOf = (stream: StreamName): string => JSON.stringify([stream.vhost, stream.name]);

export class AppendedStreamTypes {
  private readonly streams = new Map<string, Counting>();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly tail: StreamTypeTail,
    private readonly options: { idleStopMs?: number; maxTypes?: number; limits?: ReadingLimits; onEnded?: (stream: StreamName, reason: string) => void } = {},
  ) {}

  private get limits(): ReadingLimits {
    return this.options.limits ?? DEFAULT_READING_LIMITS;
  }

  /** Streams counted now (their tails running). */
  get counting(): StreamName[] {
    return [...this.streams.entries()].filter(([, c]) => !c.ended).map(([key]) => nameOf(key));
  }

  /**
   * The counts of each stream asked (counting begins for one asked the first time, so its first counts are
   * empty); the streams not asked any more stop being counted.
   */
  read(asked: readonly StreamName[]): Map<string, StreamTypeReading> {
    const wanted = new Map(asked.map((s) => [keyOf(s), s]));
    for (const [key, counting] of this.streams) {
      if (!wanted.has(key)) this.end(key, counting);
    }
    const result = new Map<string, StreamTypeReading>();
    for (const [key, stream] of wanted) {
      let counting = this.streams.get(key);
      if (counting === undefined || counting.ended) counting = this.begin(key, stream);
      result.set(key, { counts: counting.counts.entries(), bounded: counting.atBound });
      counting.taken = { messages: 0, bytes: 0 };
      if (counting.atBound) this.follow(counting);
    }
    this.armIdleStop();
    return result;
  }

  /** The counts `read` gave for this stream. */
  static countsOf(read: ReadonlyMap<string, StreamTypeReading>, stream: StreamName): [string, number][] | undefined {
    return read.get(keyOf(stream))?.counts;
  }

  /** Whether the bound cut this stream's reading (its counts then are of a sample). */
  static boundedOf(read: ReadonlyMap<string, StreamTypeReading>, stream: StreamName): boolean {
    return read.get(keyOf(stream))?.bounded === true;
  }

  dispose(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
    for (const [key, counting] of this.streams) this.end(key, counting);
  }

  private begin(key: string, stream: StreamName): Counting {
    const counting: Counting = { stream, counts: new TypeCounts(this.options.maxTypes), stop: new AbortController(), ended: false, taken: { messages: 0, bytes: 0 }, atBound: false };
    this.streams.set(key, counting);
    this.follow(counting);
    return counting;
  }

  /** Opens the stream's tail from its next offset; the counts go on from where they are. */
  private follow(counting: Counting): void {
    const stop = new AbortController();
    counting.stop = stop;
    counting.atBound = false;
    const { stream } = counting;
    // A tail stopped at the bound ends as asked: the counting goes on at the next reading.
    const stoppedAtBound = (): boolean => stop.signal.reason === AT_BOUND;
    this.tail(stream.vhost, stream.name, (messages) => this.take(counting, stop, messages), stop.signal).then(
      () => {
        if (!stoppedAtBound()) counting.ended = true;
      },
      (error: unknown) => {
        if (stoppedAtBound()) return;
        counting.ended = true;
        if (!stop.signal.aborted) this.options.onEnded?.(stream, error instanceof Error ? error.message : String(error));
      },
    );
  }

  /** Counts what a tail handed over, up to the reading's bound; at the bound the tail is stopped. */
  private take(counting: Counting, tail: AbortController, messages: readonly TypedMessage[]): void {
    const limits = this.limits;
    for (const message of messages) {
      // What a stopping tail still hands over (at most its prefetch) is not counted.
      if (tail.signal.aborted) return;
      if (counting.taken.messages >= limits.messages || counting.taken.bytes + message.bytes > limits.bytes) {
        counting.atBound = true;
        tail.abort(AT_BOUND);
        return;
      }
      counting.taken.messages += 1;
      counting.taken.bytes += message.bytes;
      counting.counts.add(message.type);
    }
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
