/** What the sample generators share: a seeded PRNG, an increasing clock, and a builder of one flow's events. */
import type { JsonObject } from './json';
import type { SampleEvent } from './samples';

export const DEFAULT_START = '2026-01-05T09:00:00.000Z';

/** Collects one order's events, chaining causation ids and sharing one correlation id. */
export class FlowBuilder {
  readonly events: SampleEvent[] = [];
  private readonly correlationId: string;

  constructor(
    orderId: string,
    private readonly random: () => number,
    private readonly clock: SampleClock,
  ) {
    this.correlationId = `corr-${orderId.toLowerCase()}-${uuidLike(random).slice(0, 8)}`;
  }

  add(type: string, data: JsonObject): void {
    const previous = this.events[this.events.length - 1];
    this.events.push({
      id: uuidLike(this.random),
      type,
      timestamp: this.clock.tick(),
      data,
      metadata: {
        correlationId: this.correlationId,
        ...(previous ? { causationId: previous.id } : {}),
        schemaVersion: 1,
      },
    });
  }
}

/** Strictly increasing timestamps: seconds apart within an order, minutes between orders. */
export class SampleClock {
  private millis: number;

  constructor(
    start: Date,
    private readonly random: () => number,
  ) {
    this.millis = Number.isFinite(start.getTime()) ? start.getTime() : Date.parse(DEFAULT_START);
  }

  tick(): string {
    const now = new Date(this.millis).toISOString();
    this.millis += randomInt(this.random, 5, 90) * 1000 + randomInt(this.random, 0, 999);
    return now;
  }

  pause(): void {
    this.millis += randomInt(this.random, 2, 30) * 60_000;
  }
}

/** A small seeded PRNG (mulberry32): samples must not depend on Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, options: readonly T[]): T {
  return options[randomInt(random, 0, options.length - 1)];
}

/** Shaped like a version 4 UUID, drawn from the seeded generator. */
export function uuidLike(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
