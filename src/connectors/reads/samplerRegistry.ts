import { isEmptyRequest, unionOf, withRates, type Figures, type FiguresReader, type FiguresRequest } from './figures';
import { MIN_SAMPLE_SECONDS, Sampler, type Sample, type SamplerOptions } from './sampler';

/** What one read gave: the figures, or why they could not be read (every subscriber sees both, with the time). */
export type FiguresReading = { figures: Figures; error?: undefined } | { error: unknown; figures?: undefined };
export type FiguresSample = Sample<FiguresReading>;

export interface FiguresSubscriber {
  /** What this subscriber wants read now: asked on every tick, so it follows what is shown. */
  targets(): FiguresRequest;
  /** How often it wants them; the connection's one poll runs at the shortest interval any subscriber asks for. */
  intervalMs: number;
  onSample(sample: FiguresSample): void;
}

export interface SamplerRegistryOptions {
  /** The reader of a connection's figures (its `Broker`, or its `EventStore`), opened by id. */
  open(connectionId: string, signal: AbortSignal): Promise<FiguresReader>;
  every?: SamplerOptions['every'];
  now?: () => number;
  /** false: a new poll's first read waits for its first tick (a view that just showed loads what it shows itself). */
  readAtOnce?: boolean;
}

interface Entry {
  subscribers: Set<FiguresSubscriber>;
  sampler?: Sampler<FiguresReading>;
  subscription?: { dispose(): void };
  intervalMs: number;
  /** The last figures read, for rates taken from counts. */
  previous?: { at: number; figures: Figures };
}

/**
 * One poll of figures per connection, shared by every subscriber (the tree, a monitor, alerts): made on the
 * first subscribe, dropped when the last leaves. Each tick reads the union of what the subscribers want, once;
 * a tick that finds nothing wanted reads nothing. Rates the broker does not give are taken from successive counts.
 */
export class SamplerRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: SamplerRegistryOptions) {}

  subscribe(connectionId: string, subscriber: FiguresSubscriber): { dispose(): void } {
    if (!(subscriber.intervalMs >= MIN_SAMPLE_SECONDS * 1000)) throw new RangeError(`Figures are read at most once a second (asked for every ${subscriber.intervalMs} ms).`);
    let entry = this.entries.get(connectionId);
    if (entry === undefined) {
      entry = { subscribers: new Set(), intervalMs: 0 };
      this.entries.set(connectionId, entry);
    }
    entry.subscribers.add(subscriber);
    this.pace(connectionId, entry);
    const last = entry.sampler?.last;
    if (last !== undefined) subscriber.onSample(last);
    let left = false;
    return {
      dispose: () => {
        if (left) return;
        left = true;
        this.leave(connectionId, subscriber);
      },
    };
  }

  /** The connections polled now. */
  get active(): string[] {
    return [...this.entries.keys()];
  }

  /** Reads made for a connection's current poll (0 when none runs). */
  polls(connectionId: string): number {
    return this.entries.get(connectionId)?.sampler?.polls ?? 0;
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.subscription?.dispose();
    this.entries.clear();
  }

  private leave(connectionId: string, subscriber: FiguresSubscriber): void {
    const entry = this.entries.get(connectionId);
    if (entry === undefined) return;
    entry.subscribers.delete(subscriber);
    if (entry.subscribers.size > 0) {
      this.pace(connectionId, entry);
      return;
    }
    entry.subscription?.dispose();
    this.entries.delete(connectionId);
  }

  /** Starts the poll, or starts it again when the shortest interval asked for changed. */
  private pace(connectionId: string, entry: Entry): void {
    const intervalMs = Math.min(...[...entry.subscribers].map((s) => s.intervalMs));
    if (entry.sampler !== undefined && intervalMs === entry.intervalMs) return;
    entry.subscription?.dispose();
    entry.intervalMs = intervalMs;
    const sampler = new Sampler<FiguresReading>((signal) => this.read(connectionId, entry, signal), {
      intervalMs,
      ...(this.options.every === undefined ? {} : { every: this.options.every }),
      ...(this.options.now === undefined ? {} : { now: this.options.now }),
      ...(this.options.readAtOnce === undefined ? {} : { readAtOnce: this.options.readAtOnce }),
    });
    entry.sampler = sampler;
    entry.subscription = sampler.subscribe((sample) => {
      for (const subscriber of [...entry.subscribers]) subscriber.onSample(sample);
    });
  }

  private async read(connectionId: string, entry: Entry, signal: AbortSignal): Promise<FiguresReading> {
    const request = unionOf([...entry.subscribers].map((s) => s.targets()));
    // Nothing wanted (the tree shows no figures of this connection now): nothing is read, nothing opened.
    if (isEmptyRequest(request)) throw new NothingWanted();
    try {
      const reader = await this.options.open(connectionId, signal);
      const figures = await reader.sampleFigures(request, signal);
      const at = (this.options.now ?? Date.now)();
      const rated = withRates({ at, figures }, entry.previous);
      entry.previous = { at, figures };
      return { figures: rated };
    } catch (error) {
      return { error };
    }
  }
}

/** A tick with nothing to read: the sampler reports no sample (its `onError` is not set, so nothing is logged). */
class NothingWanted extends Error {}
