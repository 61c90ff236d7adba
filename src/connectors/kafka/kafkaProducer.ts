import type { Message, PartitionMetadata, Producer } from 'kafkajs';
import type { OutgoingMessage, PublishDestination, PublishReceipt } from '../broker';
import { loadKafkaDriver } from './driver';
import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError } from './kafkaErrors';
import { encodeHeaders } from './records';

/** Messages per produce request: large enough for throughput, small enough to keep a request well under the broker's limits. */
export const PRODUCE_BATCH = 1000;

/**
 * Sends messages with acks from all in-sync replicas. Each message's partition is chosen here, with the
 * same Java-compatible partitioner kafkajs would use (so one key always lands in one partition), which lets
 * the receipt say exactly where each message landed: the broker answers one base offset per partition.
 */
export class KafkaPublisher {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private readonly partitionsOf = new Map<string, PartitionMetadata[]>();
  private partitioner: ((args: { topic: string; partitionMetadata: PartitionMetadata[]; message: Message }) => number) | undefined;

  constructor(private readonly context: KafkaContext) {}

  async publish(destination: PublishDestination, messages: OutgoingMessage[], signal?: AbortSignal): Promise<PublishReceipt[]> {
    const topic = destination.name;
    const producer = await this.context.guard('Connecting the producer', signal, () => this.connectProducer());
    const metadata = await this.metadataOf(topic, signal);
    if (destination.partition !== undefined && !metadata.some((p) => p.partitionId === destination.partition)) {
      throw new KafkaConnectorError('other', `${topic} has no partition ${destination.partition} (it has ${metadata.length}).`);
    }
    const partitioner = await this.partitionerFn();
    const receipts: PublishReceipt[] = [];
    for (let from = 0; from < messages.length; from += PRODUCE_BATCH) {
      const batch = messages.slice(from, from + PRODUCE_BATCH).map((m) => toKafkaMessage(m));
      for (const message of batch) {
        message.partition ??= destination.partition ?? partitioner({ topic, partitionMetadata: metadata, message });
      }
      const answer = await this.context.guard(`Producing to ${topic}`, signal, () => producer.send({ topic, acks: -1, messages: batch }));
      const base = new Map(answer.map((r) => [r.partition, BigInt(r.baseOffset ?? r.offset ?? '-1')]));
      const seen = new Map<number, bigint>();
      for (const message of batch) {
        const partition = message.partition ?? 0;
        const index = seen.get(partition) ?? 0n;
        seen.set(partition, index + 1n);
        const first = base.get(partition);
        receipts.push({ partition, ...(first === undefined || first < 0n ? {} : { offset: (first + index).toString() }) });
      }
    }
    return receipts;
  }

  /** The partition a message with this key goes to (the same partitioner `publish` uses). */
  async partitionOf(topic: string, key: string, signal?: AbortSignal): Promise<number> {
    const metadata = await this.metadataOf(topic, signal);
    const partitioner = await this.partitionerFn();
    return partitioner({ topic, partitionMetadata: metadata, message: { key, value: null } });
  }

  /** How a topic's partitions are chosen for a key (the `publish` partitioner); throws when the topic does not exist. */
  async keyPartitioner(topic: string, signal?: AbortSignal): Promise<{ partitions: number; partitionOfKey: (key: Buffer | null) => number }> {
    const metadata = await this.metadataOf(topic, signal);
    const partitioner = await this.partitionerFn();
    return { partitions: metadata.length, partitionOfKey: (key) => partitioner({ topic, partitionMetadata: metadata, message: { key, value: null } }) };
  }

  /** Records sent as they are (bytes, partitions chosen by the caller), acks from all in-sync replicas. */
  async sendRecords(topic: string, messages: Message[], signal?: AbortSignal): Promise<void> {
    const producer = await this.context.guard('Connecting the producer', signal, () => this.connectProducer());
    await this.context.guard(`Producing to ${topic}`, signal, () => producer.send({ topic, acks: -1, messages }));
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await producer?.disconnect();
  }

  private connectProducer(): Promise<Producer> {
    this.connecting ??= (async () => {
      const driver = await loadKafkaDriver();
      const producer = this.context.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: driver.Partitioners.DefaultPartitioner });
      await producer.connect();
      this.producer = producer;
      return producer;
    })();
    this.connecting.catch(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async partitionerFn() {
    this.partitioner ??= (await loadKafkaDriver()).Partitioners.DefaultPartitioner();
    return this.partitioner;
  }

  private async metadataOf(topic: string, signal?: AbortSignal): Promise<PartitionMetadata[]> {
    const cached = this.partitionsOf.get(topic);
    if (cached) return cached;
    const metadata = await this.context.guard(`Reading the partitions of ${topic}`, signal, () => this.context.admin.fetchTopicMetadata({ topics: [topic] }));
    const partitions = metadata.topics[0]?.partitions ?? [];
    if (partitions.length === 0) throw new KafkaConnectorError('other', `Topic ${topic} does not exist.`);
    this.partitionsOf.set(topic, partitions);
    return partitions;
  }

  /** After a topic is deleted or grows partitions, its cached layout is stale. */
  forget(topic: string): void {
    this.partitionsOf.delete(topic);
  }
}

function toKafkaMessage(message: OutgoingMessage): Message {
  const timestamp = message.properties?.timestamp;
  const headers = encodeHeaders(message.headers);
  return {
    key: message.key === undefined ? null : typeof message.key === 'string' ? message.key : bufferOf(message.key),
    value: message.body === null || typeof message.body === 'string' ? message.body : bufferOf(message.body),
    ...(headers ? { headers } : {}),
    ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }),
  };
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
