import type { FlowEvent } from '../../core/envelope';
import type { JsonValue } from '../../core/json';
import type { AggregateSummary, AggregateTypeSummary, AppendResult, EventStore, Page, ReadProblem, Snapshot } from '../eventStore';

/**
 * Where a queue's messages carry their aggregate id: `header:<name>`, or a JSON path into the body such as
 * `$.orderId` or `$.order.id` (dots only). Unset, the `aggregate-id` header is tried, then the body's
 * `aggregateId`, `aggregate_id`, `orderId` and `order_id`.
 */
export type AggregateIdRule = string | undefined;

const DEFAULT_FIELDS = ['aggregateId', 'aggregate_id', 'orderId', 'order_id'];

/** Checks a rule; returns what is wrong with it, or undefined. */
export function aggregateIdRuleProblem(rule: string): string | undefined {
  if (/^header:.+/.test(rule)) return undefined;
  if (/^\$(\.[^.\s]+)+$/.test(rule)) return undefined;
  return 'write header:<name> or a JSON path like $.orderId';
}

function header(event: FlowEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  const found = event.metadata.headers?.find((h) => h.key.toLowerCase() === lower);
  return found?.value;
}

function atPath(data: JsonValue, path: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = data;
  for (const step of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = current[step];
  }
  return current;
}

const idText = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** The aggregate id of one message under a rule, or undefined when it has none. */
export function aggregateIdOf(event: FlowEvent, rule: AggregateIdRule): string | undefined {
  if (rule?.startsWith('header:')) return header(event, rule.slice('header:'.length));
  if (rule?.startsWith('$.')) return idText(atPath(event.data, rule.slice(2).split('.')));
  return header(event, 'aggregate-id') ?? DEFAULT_FIELDS.map((field) => idText(atPath(event.data, [field]))).find((id) => id !== undefined);
}

/**
 * Peeked messages as a read-only event store, so the timeline replays them like any stream: grouped by
 * aggregate id (messages without one are left out and counted), in the order they were peeked, versions
 * 1, 2, … per aggregate. Appends and snapshots are refused: a queue is not an event store.
 */
export class PeekedEventStore implements EventStore {
  readonly kind = 'rabbitmqPeek';
  private readonly streams = new Map<string, FlowEvent[]>();
  readonly withoutId: number;

  constructor(
    readonly label: string,
    events: readonly FlowEvent[],
    rule: AggregateIdRule,
  ) {
    let withoutId = 0;
    for (const event of events) {
      const id = aggregateIdOf(event, rule);
      if (id === undefined) {
        withoutId += 1;
        continue;
      }
      const stream = this.streams.get(id) ?? [];
      const type = event.aggregateType ?? header(event, 'aggregate-type') ?? 'Message';
      stream.push({ ...event, aggregateId: id, aggregateType: type, version: stream.length + 1 });
      this.streams.set(id, stream);
    }
    this.withoutId = withoutId;
  }

  /** The aggregates found, most events first. */
  aggregates(): AggregateSummary[] {
    return [...this.streams.entries()]
      .map(([id, events]) => ({ id, type: events[0].aggregateType ?? 'Message', version: events.length, lastEventAt: events[events.length - 1].timestamp || undefined }))
      .sort((a, b) => b.version - a.version || a.id.localeCompare(b.id));
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  listAggregateTypes(): Promise<AggregateTypeSummary[]> {
    const counts = new Map<string, number>();
    for (const a of this.aggregates()) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    return Promise.resolve([...counts].map(([name, aggregateCount]) => ({ name, aggregateCount })));
  }

  listAggregates(type: string): Promise<Page<AggregateSummary>> {
    return Promise.resolve({ items: this.aggregates().filter((a) => a.type === type) });
  }

  async *readStream(aggregateId: string, options: { fromVersion?: number } = {}): AsyncIterable<FlowEvent[]> {
    const events = (this.streams.get(aggregateId) ?? []).filter((e) => (e.version ?? 0) >= (options.fromVersion ?? 1));
    await Promise.resolve();
    if (events.length > 0) yield events;
  }

  async *readAll(options: { aggregateType?: string } = {}): AsyncIterable<FlowEvent[]> {
    await Promise.resolve();
    for (const events of this.streams.values()) {
      if (options.aggregateType === undefined || events[0].aggregateType === options.aggregateType) yield events;
    }
  }

  append(): Promise<AppendResult> {
    return Promise.reject(new Error('Peeked messages are read-only: publish to the queue instead.'));
  }

  listSnapshots(): Promise<Snapshot[]> {
    return Promise.resolve([]);
  }

  writeSnapshot(): Promise<void> {
    return Promise.reject(new Error('Peeked messages are read-only: no snapshots are kept for them.'));
  }

  problems(): ReadProblem[] {
    return this.withoutId > 0 ? [{ message: `${this.withoutId} peeked message(s) carry no aggregate id and are left out` }] : [];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
