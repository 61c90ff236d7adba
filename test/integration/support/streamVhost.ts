/**
 * A vhost of a test file's own on the rig's RabbitMQ with a stream queue and a classic queue beside it, made
 * before the file's tests and deleted after them; what the management API lists there, to assert that a
 * reader left no consumer or channel behind.
 */
import * as assert from 'node:assert/strict';
import type * as amqp from 'amqplib';
import type { RabbitBroker } from '../../../src/connectors/rabbitmq/rabbitBroker';
import { host, rabbitmq } from '../../services/ports';
import { deleteTestVhost, management, openTestVhost } from '../../support/rabbitVhost';
import { RabbitFixture, uniqueName } from './rabbitFixture';

export interface StreamVhost {
  readonly vhost: string;
  readonly stream: string;
  readonly classic: string;
  /** The test's own AMQP connection to the vhost, for publishing beside the broker under test. */
  connection(): amqp.ChannelModel;
  broker(): RabbitBroker;
  /** The queues the vhost's consumers read, and how many channels are open in it. */
  onServer(): Promise<{ consumers: string[]; channels: number }>;
}

/** Registers the before and after hooks in the calling `describe`. */
export function useStreamVhost(purpose: string, prefix: string): StreamVhost {
  const vhost = uniqueName(prefix);
  const stream = 'orders.stream';
  const classic = 'orders.audit';
  const fixture = new RabbitFixture();
  let raw: amqp.ChannelModel | undefined;
  let broker: RabbitBroker | undefined;

  before(async function () {
    raw = await openTestVhost(this, purpose, vhost);
    await fixture.start();
    broker = fixture.broker({ amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}` });
    const channel = await raw.createChannel();
    await channel.assertQueue(stream, { durable: true, arguments: { 'x-queue-type': 'stream' } });
    await channel.assertQueue(classic, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await channel.close();
  });

  after(async () => {
    await fixture.dispose();
    await raw?.close().catch(() => undefined);
    await deleteTestVhost(vhost);
  });

  const read = async <T>(path: string): Promise<T> => {
    const response = await management('GET', path);
    assert.ok(response.ok, `${path}: ${response.status}`);
    return (await response.json()) as T;
  };

  return {
    vhost,
    stream,
    classic,
    connection: () => {
      if (!raw) throw new Error('no AMQP connection');
      return raw;
    },
    broker: () => {
      if (!broker) throw new Error('no broker under test');
      return broker;
    },
    onServer: async () => {
      const consumers = await read<{ queue: { name: string } }[]>(`/consumers/${encodeURIComponent(vhost)}`);
      const channels = await read<unknown[]>(`/vhosts/${encodeURIComponent(vhost)}/channels`);
      return { consumers: consumers.map((c) => c.queue.name), channels: channels.length };
    },
  };
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
