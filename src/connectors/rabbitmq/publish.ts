import type { ConfirmChannel } from 'amqplib';
import type { OutgoingMessage, PublishDestination, PublishReceipt } from '../broker';
import type { AmqpSession } from './amqpSession';
import { RabbitError } from './errors';
import { bodyBytes, publishOptions } from './publishOptions';

/** Messages published between two waits for the broker's confirms. */
export const PUBLISH_BATCH = 1000;

/** Waits until the channel may take more (its write buffer drained), so a big publish does not pile up in memory. */
export function drained(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      channel.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      channel.off('drain', onDrain);
      reject(new Error('channel closed while waiting to publish'));
    };
    channel.once('drain', onDrain);
    channel.once('close', onClose);
  });
}

/**
 * Publishes with publisher confirms, `batch` messages between waits: resolves once the broker confirmed
 * every message. A message the broker refuses (nack) fails the whole call, naming the batch.
 */
export async function publishConfirmed(session: AmqpSession, destination: PublishDestination, messages: readonly OutgoingMessage[], signal?: AbortSignal, batch = PUBLISH_BATCH): Promise<PublishReceipt[]> {
  // Every message is checked before the first is sent, so a bad property sends nothing at all.
  const prepared = messages.map((message, index) => {
    try {
      if (message.key !== undefined && typeof message.key !== 'string') throw new Error('a routing key is text; this key is bytes');
      if (message.body === null) throw new Error('the message has no value (null, a log\'s tombstone); an AMQP message always has a body');
      return { routingKey: message.key ?? '', options: publishOptions(message), body: bodyBytes(message.body) };
    } catch (error) {
      throw new RabbitError('amqp', 'invalid', `message ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  await session.withChannel(
    'confirm',
    async (channel) => {
      const confirm = channel as ConfirmChannel;
      for (let from = 0; from < prepared.length; from += batch) {
        if (signal?.aborted) throw new RabbitError('amqp', 'aborted', `Publishing cancelled after ${from} of ${prepared.length} messages (all ${from} confirmed)`);
        const to = Math.min(prepared.length, from + batch);
        for (let i = from; i < to; i++) {
          const { routingKey, options, body } = prepared[i];
          if (!confirm.publish(destination.name, routingKey, body, options)) await drained(confirm);
        }
        try {
          await confirm.waitForConfirms();
        } catch (error) {
          throw new RabbitError('amqp', 'other', `the broker did not confirm messages ${from + 1}–${to} (${from} before them are confirmed): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
    signal,
  );
  return prepared.map(() => ({}));
}
