/**
 * One failed delivery and its retry, done by the broker as a real consumer would make it happen: the
 * consumer takes the message and rejects it (the queue dead-letters it to its DLX, the broker writes
 * `x-death`), the retry takes it from the dead-letter queue and re-publishes it, headers and all, to the delay
 * exchange, whose queue's TTL hands it back to the orders exchange (another `x-death` entry, `expired`).
 */
import type { Channel, ConfirmChannel, GetMessage, Options } from 'amqplib';
import type { AmqpSession } from './amqpSession';
import { SAMPLE_DELAY_MS, type SampleTopologyNames } from './sampleTopology';

/** How many messages ahead of ours a take holds before giving up (they go back to their queue). */
const MAX_AHEAD = 1_000;
const POLL_MS = 100;
/** What a retry copies besides the headers (which hold `x-death`). */
const KEPT_PROPERTIES = ['contentType', 'correlationId', 'type', 'timestamp', 'priority', 'appId'] as const;

export async function rejectAndRetry(session: AmqpSession, names: SampleTopologyNames, queue: string, messageId: string, signal?: AbortSignal): Promise<void> {
  await session.withChannel(
    'confirm',
    async (channel) => {
      const rejected = await take(channel, queue, messageId, 2_000, signal);
      channel.nack(rejected, false, false);
      const dead = await take(channel, names.deadLetterQueue, messageId, SAMPLE_DELAY_MS * 2, signal);
      const { properties, content } = dead;
      const options: Options.Publish = { headers: properties.headers, messageId, persistent: true };
      for (const name of KEPT_PROPERTIES) {
        const value: unknown = properties[name];
        if (value !== undefined) (options as Record<string, unknown>)[name] = value;
      }
      const sent = channel.publish(names.delayExchange, dead.fields.routingKey, content, options);
      if (!sent) await new Promise((resolve) => channel.once('drain', resolve));
      await (channel as ConfirmChannel).waitForConfirms();
      channel.ack(dead);
    },
    signal,
  );
  await waitForDelayToPass(session, names.delayQueue, signal);
}

/**
 * Takes the message with `messageId` from `queue` (polling until `waitMs` has passed); messages ahead of it
 * are held unacked meanwhile and handed back (requeued) once it is found or given up on.
 */
async function take(channel: Channel, queue: string, messageId: string, waitMs: number, signal?: AbortSignal): Promise<GetMessage> {
  const ahead: GetMessage[] = [];
  const until = Date.now() + waitMs;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const message = await channel.get(queue, { noAck: false });
      if (message && message.properties.messageId === messageId) return message;
      if (message) {
        ahead.push(message);
        if (ahead.length > MAX_AHEAD) throw new Error(`${messageId} is not among the first ${MAX_AHEAD} messages of ${queue}`);
        continue;
      }
      if (Date.now() > until) throw new Error(`${messageId} did not reach ${queue}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    for (const message of ahead) channel.nack(message, false, true);
  }
}

/** The delay queue empties `SAMPLE_DELAY_MS` after the retry: then the message is back in its work queue. */
async function waitForDelayToPass(session: AmqpSession, delayQueue: string, signal?: AbortSignal): Promise<void> {
  const until = Date.now() + SAMPLE_DELAY_MS * 4;
  for (;;) {
    const { messageCount } = await session.withChannel('plain', (channel) => channel.checkQueue(delayQueue), signal);
    if (messageCount === 0) return;
    if (Date.now() > until) throw new Error(`the retry is still in ${delayQueue} after ${(SAMPLE_DELAY_MS * 4) / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
  }
}
