/**
 * Publishes the crossing sample to whichever of Kafka, RabbitMQ and a store are given: each system gets its
 * part, a missing one is skipped (the caller says so), and the event a trace starts from is the first one
 * published, where it was published.
 */
import type { FlowEvent } from '../core/envelope';
import { CROSSING_RETRIED_TYPE, CROSSING_TOPIC, crossingSample, type CrossingSample } from './crossingSample';
import type { EventStore } from './eventStore';
import type { KafkaBroker } from './kafka';
import type { RabbitBroker } from './rabbitmq/rabbitBroker';
import { publishConfirmed } from './rabbitmq/publish';
import { rejectAndRetry } from './rabbitmq/sampleRetry';
import { routingKeyFor } from './rabbitmq/sampleTopology';

export interface CrossingTargets {
  kafka?: { broker: KafkaBroker; topic?: string };
  /** `prefix` names the sample topology (tests keep theirs apart); it is declared if missing. */
  rabbit?: { broker: RabbitBroker; vhost?: string; prefix?: string };
  store?: EventStore;
}

export interface CrossingPublished {
  sample: CrossingSample;
  /** Where each system's part went, in words. */
  published: string[];
  /** The first event published, as it sits where it went: what "Trace It" starts from. */
  first?: FlowEvent;
}

export async function publishCrossingSample(targets: CrossingTargets, options: { now?: number; signal?: AbortSignal; step?: (what: string) => void } = {}): Promise<CrossingPublished> {
  const sample = crossingSample(options.now);
  const published: string[] = [];
  const firstEvent = sample.crossing[0];
  let first: FlowEvent | undefined;
  const at = (text: string | number | boolean | undefined, fallback: string): string => (typeof text === 'string' && !/^\d+$/.test(text) ? text : typeof text === 'string' ? new Date(Number(text)).toISOString() : fallback);
  const startingEvent = (timestamp: string, source: FlowEvent['source']): FlowEvent => ({
    id: firstEvent.id,
    type: firstEvent.type,
    timestamp,
    data: firstEvent.data,
    aggregateId: sample.orderId,
    aggregateType: sample.store.aggregateType,
    metadata: { correlationId: sample.correlationId, traceId: sample.traceId },
    source,
  });

  if (targets.kafka) {
    const topic = targets.kafka.topic ?? CROSSING_TOPIC;
    const { broker } = targets.kafka;
    options.step?.(`Kafka: ${topic}`);
    const existing = await broker.topics({ prefix: topic, limit: 1 }, options.signal);
    if (existing.topics[0]?.name !== topic) await broker.createTopic({ name: topic, partitions: 3, replicationFactor: 1 }, options.signal);
    const receipts = await broker.publish({ name: topic }, sample.kafka, options.signal);
    const landed = receipts[0] ?? {};
    first = startingEvent(at(sample.kafka[0].properties?.timestamp, new Date(sample.startsAt).toISOString()), { system: 'kafka', topic, ...(landed.partition === undefined ? {} : { partition: landed.partition }), ...(landed.offset === undefined ? {} : { offset: landed.offset }) });
    published.push(`${sample.kafka.length} records to ${topic} on ${broker.label}`);
  }

  if (targets.rabbit) {
    const { broker } = targets.rabbit;
    const vhost = targets.rabbit.vhost ?? broker.vhost;
    const names = await broker.declareSampleTopology(targets.rabbit.prefix ?? '', vhost, options.signal);
    options.step?.(`RabbitMQ: ${names.exchange}`);
    const session = broker.session(vhost);
    await publishConfirmed(session, { name: names.exchange }, sample.rabbit, options.signal);
    const retried = sample.crossing.find((event) => event.type === CROSSING_RETRIED_TYPE);
    if (retried) {
      const key = routingKeyFor(retried.type, sample.store.aggregateType);
      const queue = Object.entries(names.queues).find(([, keys]) => keys.includes(key))?.[0];
      if (queue === undefined) throw new Error(`no sample queue is bound for ${key}`);
      options.step?.(`RabbitMQ: ${retried.type} rejected from ${queue}, retried through ${names.delayQueue}`);
      await rejectAndRetry(session, names, queue, retried.id, options.signal);
    }
    first ??= startingEvent(at(sample.rabbit[0].properties?.timestamp, new Date(sample.startsAt).toISOString()), { system: 'rabbitmq', exchange: names.exchange, routingKey: typeof sample.rabbit[0].key === 'string' ? sample.rabbit[0].key : '' });
    published.push(`${sample.rabbit.length} messages to ${names.exchange} on ${broker.label} (${CROSSING_RETRIED_TYPE} dead-lettered once and retried)`);
  }

  if (targets.store) {
    options.step?.(`Store: ${targets.store.label}`);
    await targets.store.append(sample.store.aggregateId, sample.store.aggregateType, sample.store.events, 0, options.signal);
    first ??= startingEvent(sample.store.events[0].timestamp ?? new Date(sample.startsAt).toISOString(), { system: 'store', store: targets.store.label, aggregateId: sample.orderId, version: 1 });
    published.push(`${sample.store.events.length} events to ${sample.store.aggregateId} in ${targets.store.label}`);
  }

  return { sample, published, ...(first === undefined ? {} : { first }) };
}
