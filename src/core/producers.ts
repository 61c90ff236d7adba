/**
 * Who sent the messages of a topic or queue, where the messages say it: a producer, application or host
 * named in a header, or AMQP's `app_id` property. Only what a message carries is counted; nothing is
 * guessed from a client id or an address the broker saw.
 */
import type { EventHeader, FlowEvent } from './envelope';
import { readFirstPlace, type IdentityPlace } from './identity';

/**
 * Places in the order they are read, the first that holds a text wins; names as the libraries write them:
 * AMQP's own `app_id` property, the plain headers many teams set, CloudEvents' `ce_source` (Kafka binary
 * mode), NServiceBus's originating endpoint and machine, MassTransit's host headers.
 */
export const DEFAULT_PRODUCER_PLACES: readonly IdentityPlace[] = [
  'property:appId',
  ...['producer', 'app_id', 'appId', 'application', 'service', 'source', 'ce_source', 'NServiceBus.OriginatingEndpoint', 'MT-Host-ProcessName'].map((name) => `header:${name}`),
];

export const DEFAULT_HOST_PLACES: readonly IdentityPlace[] = ['host', 'hostname', 'NServiceBus.OriginatingMachine', 'MT-Host-MachineName'].map((name) => `header:${name}`);

/** Distinct producers counted at most; messages naming another are summed as "other". */
export const MAX_PRODUCERS = 100;

export interface ProducerCount {
  /** The producer the messages named, else the host when they named only that. */
  producer: string;
  /** The host named beside a producer. */
  host?: string;
  events: number;
}

export interface ProducerStatistics {
  /** Most messages first. */
  producers: ProducerCount[];
  /** Messages that named no producer nor host. */
  unnamed: number;
  /** Messages naming a producer first seen once `MAX_PRODUCERS` were counted. */
  other: number;
}

/** The application property a message arrived with, where its source position keeps one (AMQP `app_id`). */
function propertiesOf(event: FlowEvent): Record<string, unknown> | undefined {
  const appId = (event.source as { appId?: unknown }).appId;
  return typeof appId === 'string' && appId !== '' ? { appId } : undefined;
}

export class ProducerCounter {
  private readonly counts = new Map<string, ProducerCount>();
  private unnamed = 0;
  private other = 0;

  constructor(
    private readonly producerPlaces: readonly IdentityPlace[] = DEFAULT_PRODUCER_PLACES,
    private readonly hostPlaces: readonly IdentityPlace[] = DEFAULT_HOST_PLACES,
    private readonly maxProducers = MAX_PRODUCERS,
  ) {}

  observe(event: FlowEvent): void {
    const headers: readonly EventHeader[] | undefined = event.metadata.headers;
    const properties = propertiesOf(event);
    if ((headers === undefined || headers.length === 0) && properties === undefined) {
      this.unnamed += 1;
      return;
    }
    const sources = { ...(headers ? { headers } : {}), ...(properties ? { properties } : {}) };
    const producer = readFirstPlace(this.producerPlaces, sources);
    const host = readFirstPlace(this.hostPlaces, sources);
    if (producer === undefined && host === undefined) {
      this.unnamed += 1;
      return;
    }
    const name = producer ?? host ?? '';
    const key = `${name}\u0000${host ?? ''}`;
    const count = this.counts.get(key);
    if (count) count.events += 1;
    else if (this.counts.size >= this.maxProducers) this.other += 1;
    else this.counts.set(key, { producer: name, ...(host !== undefined && producer !== undefined ? { host } : {}), events: 1 });
  }

  result(): ProducerStatistics {
    const producers = [...this.counts.values()].sort((a, b) => b.events - a.events || (a.producer < b.producer ? -1 : a.producer > b.producer ? 1 : 0)).map((c) => ({ ...c }));
    return { producers, unnamed: this.unnamed, other: this.other };
  }
}
