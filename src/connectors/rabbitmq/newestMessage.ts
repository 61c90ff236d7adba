import type { PeekedMessage } from './messages';
import type { RabbitBroker } from './rabbitBroker';

/** The newest message of a queue, or why it was not read. */
export type NewestMessage = { message: PeekedMessage } | { unread: string };

/**
 * A queue's newest message, read only where reading changes nothing: a stream, from its last offset. A classic
 * or quorum queue cannot be read at its tail without taking, flagging or counting every message before it, so
 * it is not read at all and the answer says what a peek would do instead.
 */
export async function readNewestWithoutEffect(broker: RabbitBroker, queue: string, vhost: string, signal?: AbortSignal): Promise<NewestMessage> {
  const plan = await broker.planRead(queue, signal, vhost);
  if (plan.effect !== 'none') return { unread: `${queue} is not read here: a peek is not without effect (${plan.note})` };
  const outcome = await broker.peek(queue, { limit: 1, start: { from: 'last', count: 1 }, ...(signal ? { signal } : {}) }, vhost);
  const message = outcome.messages.at(-1);
  return message === undefined ? { unread: `${queue} holds no message` } : { message };
}
