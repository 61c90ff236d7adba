// A RabbitBroker on the rig's shared RabbitMQ, names with a random suffix per run (other checkouts test on
// the same broker at the same time), and a bare amqplib connection for seeding and for reading queues
// back the way any other client would. Everything a test declares is deleted by `dispose`.
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { RabbitBroker } from '../../../src/connectors/rabbitmq/rabbitBroker';
import type { RabbitOptions } from '../../../src/connectors/rabbitmq/options';
import * as ports from '../../services/ports';
import { portOpen } from './mongoFixture';

export async function requireRabbit(): Promise<void> {
  for (const [what, port] of [['AMQP', ports.rabbitmq.port], ['management', ports.rabbitmq.managementPort]] as const) {
    if (!(await portOpen(port))) throw new Error(`RabbitMQ ${what} is not listening on ${ports.host}:${port}: run \`npm run services:up\` first`);
  }
}

export function uniqueName(prefix: string): string {
  return `efx-${prefix}-${randomUUID().slice(0, 8)}`;
}

export function rigOptions(overrides: Partial<RabbitOptions> = {}): RabbitOptions {
  return {
    amqpUrl: `amqp://${ports.host}:${ports.rabbitmq.port}/`,
    managementUrl: ports.rabbitmq.managementUrl,
    username: ports.rabbitmq.username,
    password: ports.rabbitmq.password,
    timeoutMs: 10_000,
    connectionName: uniqueName('test-connection'),
    ...overrides,
  };
}

export interface RawMessage {
  body: string;
  headers: Record<string, unknown>;
  properties: amqp.MessageProperties;
  redelivered: boolean;
  routingKey: string;
}

export class RabbitFixture {
  readonly brokers: RabbitBroker[] = [];
  private connection: amqp.ChannelModel | undefined;
  private readonly queues = new Set<string>();
  private readonly exchanges = new Set<string>();

  async start(): Promise<void> {
    await requireRabbit();
    this.connection = await amqp.connect(ports.rabbitmq.url);
  }

  broker(overrides: Partial<RabbitOptions> = {}): RabbitBroker {
    const broker = new RabbitBroker(rigOptions(overrides));
    this.brokers.push(broker);
    return broker;
  }

  async channel<T>(use: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
    if (!this.connection) throw new Error('start() the fixture first');
    const channel = await this.connection.createConfirmChannel();
    try {
      return await use(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  track(kind: 'queue' | 'exchange', name: string): string {
    (kind === 'queue' ? this.queues : this.exchanges).add(name);
    return name;
  }

  async queue(name: string, args: Record<string, unknown> = {}, durable = true): Promise<string> {
    this.track('queue', name);
    await this.channel((ch) => ch.assertQueue(name, { durable, arguments: args }));
    return name;
  }

  /** Publishes bodies straight to a queue through the default exchange, with confirms. */
  async fill(queue: string, bodies: readonly (string | Buffer)[], options: (index: number) => amqp.Options.Publish = () => ({})): Promise<void> {
    await this.channel(async (ch) => {
      for (let from = 0; from < bodies.length; from += 1000) {
        for (let i = from; i < Math.min(bodies.length, from + 1000); i++) {
          const body = bodies[i];
          ch.sendToQueue(queue, typeof body === 'string' ? Buffer.from(body) : body, { persistent: true, ...options(i) });
        }
        await ch.waitForConfirms();
      }
    });
  }

  /** The exact ready count, over AMQP (the management API's counts lag by seconds). */
  async ready(queue: string): Promise<number> {
    return this.channel(async (ch) => (await ch.checkQueue(queue)).messageCount);
  }

  /**
   * Takes every message of a queue, acknowledging it: the final word on what the queue held, in order.
   * A consumer with a prefetch, not one `get` per message: on a loaded machine a round trip each is slow.
   */
  async drain(queue: string): Promise<RawMessage[]> {
    const toRaw = (message: amqp.Message): RawMessage => ({ body: message.content.toString('utf8'), headers: message.properties.headers ?? {}, properties: message.properties, redelivered: message.fields.redelivered, routingKey: message.fields.routingKey });
    return this.channel(async (ch) => {
      const out: RawMessage[] = [];
      const total = (await ch.checkQueue(queue)).messageCount;
      if (total > 0) {
        await ch.prefetch(500);
        let done: () => void = () => undefined;
        const finished = new Promise<void>((resolve) => (done = resolve));
        const { consumerTag } = await ch.consume(queue, (message) => {
          if (message === null) return done();
          out.push(toRaw(message));
          ch.ack(message);
          if (out.length >= total) done();
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
        clearTimeout(timer);
        await ch.cancel(consumerTag);
      }
      // Anything that arrived after the count was taken.
      for (;;) {
        const message = await ch.get(queue, { noAck: true });
        if (message === false) break;
        out.push(toRaw(message));
      }
      return out;
    });
  }

  /** Waits until `queue` holds `count` ready messages (dead-lettering and TTLs happen in the broker's own time). */
  async waitForReady(queue: string, count: number, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await this.ready(queue);
      if (ready >= count || Date.now() > deadline) return ready;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async dispose(): Promise<void> {
    for (const broker of this.brokers) await broker.close();
    if (this.connection) {
      await this.channel(async (ch) => {
        for (const queue of this.queues) await ch.deleteQueue(queue).catch(() => undefined);
      }).catch(() => undefined);
      await this.channel(async (ch) => {
        for (const exchange of this.exchanges) await ch.deleteExchange(exchange).catch(() => undefined);
      }).catch(() => undefined);
      await this.connection.close();
    }
  }
}
