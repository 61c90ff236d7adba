/**
 * The RabbitMQ rows' handles on the rig's broker: our RabbitBroker and a bare amqplib connection with the
 * same socket options, queues with a random suffix per run (other checkouts share the broker), deleted after.
 */
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { RabbitBroker } from '../../src/connectors/rabbitmq/rabbitBroker';
import { SkipBenchmark } from '../benchmark';

export const AMQP_PORT = Number(process.env.EFX_BENCH_RABBITMQ_PORT ?? 35672);
export const MANAGEMENT_URL = process.env.EFX_BENCH_RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:35673';
const USER = 'guest';
const PASSWORD = 'guest';

export const RIG_NOTE = "the rig's RabbitMQ 3.10 on loopback, shared with other processes on this 2-core machine";

export function benchName(row: string): string {
  return `efx-bench-${row}-${randomUUID().slice(0, 8)}`;
}

export function basicAuth(): string {
  return `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
}

export interface BenchRig {
  broker(vhost?: string): RabbitBroker;
  /** A bare amqplib connection (noDelay, as ours), for the baseline and for seeding. */
  raw: amqp.ChannelModel;
  queue(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function openRig(): Promise<BenchRig> {
  let raw: amqp.ChannelModel;
  try {
    raw = await amqp.connect({ hostname: '127.0.0.1', port: AMQP_PORT, username: USER, password: PASSWORD }, { noDelay: true, timeout: 5000 });
  } catch (error) {
    throw new SkipBenchmark(`no RabbitMQ at 127.0.0.1:${AMQP_PORT} (${error instanceof Error ? error.message : String(error)}); start the rig: npm run services:up`);
  }
  const brokers: RabbitBroker[] = [];
  const queues: string[] = [];
  return {
    raw,
    broker(vhost = '/') {
      const broker = new RabbitBroker({ amqpUrl: `amqp://127.0.0.1:${AMQP_PORT}/${encodeURIComponent(vhost)}`, managementUrl: MANAGEMENT_URL, username: USER, password: PASSWORD, timeoutMs: 60_000 });
      brokers.push(broker);
      return broker;
    },
    async queue(name, args = {}) {
      const ch = await raw.createChannel();
      await ch.assertQueue(name, { durable: true, arguments: args });
      await ch.close();
      queues.push(name);
      return name;
    },
    async close() {
      for (const broker of brokers) await broker.close();
      const ch = await raw.createChannel();
      for (const queue of queues) await ch.deleteQueue(queue);
      await ch.close();
      await raw.close();
    },
  };
}

/** Fills a queue through the default exchange with confirms, in batches. */
export async function fill(raw: amqp.ChannelModel, queue: string, count: number, persistent: boolean): Promise<void> {
  const ch = await raw.createConfirmChannel();
  for (let from = 0; from < count; from += 5000) {
    for (let i = from; i < Math.min(count, from + 5000); i++) {
      if (!ch.sendToQueue(queue, Buffer.from(`{"seq":${i},"type":"OrderCreated"}`), { persistent, messageId: `m-${i}` })) await new Promise((resolve) => ch.once('drain', resolve));
    }
    await ch.waitForConfirms();
  }
  await ch.close();
}

export async function readyCount(raw: amqp.ChannelModel, queue: string): Promise<number> {
  const ch = await raw.createChannel();
  const count = (await ch.checkQueue(queue)).messageCount;
  await ch.close();
  return count;
}

export async function purge(raw: amqp.ChannelModel, queue: string): Promise<void> {
  const ch = await raw.createChannel();
  await ch.purgeQueue(queue);
  await ch.close();
}
