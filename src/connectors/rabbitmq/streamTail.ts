/**
 * A live tail of a stream queue: one consumer on a channel of its own, from where the start says (`next`:
 * what arrives from now on), each message handed over as it arrives, until the signal stops it. A stream
 * consumer consumes nothing (its acks only grant credit), and the tail resolves only after its consumer is
 * cancelled and its channel closed, so nothing of it is left on the broker. A stream deleted under the tail,
 * or a channel the broker closed, ends it with the reason.
 */
import type { BrowseStart } from '../broker';
import type { TailOptions, TailRequest } from '../browsing';
import type { IdentityRules } from '../../core/identity';
import type { TypedMessage } from './appendedStreamTypes';
import type { AmqpSession } from './amqpSession';
import { RabbitError } from './errors';
import { reidentify, toPeekedMessage, type PeekedMessage } from './messages';

/** Messages in flight to the tail before it acks: enough for a burst, small enough to stay bounded. */
const TAIL_PREFETCH = 200;

type OffsetSpec = 'first' | 'next' | number | { '!': 'timestamp'; value: number };

/** Where a tail starts: the latest N is read by a stream read first, so the tail itself starts at `next`. */
function offsetSpec(start: BrowseStart): OffsetSpec {
  switch (start.from) {
    case 'beginning':
      return 'first';
    case 'offset':
      return Math.max(0, Math.floor(Number(start.offset)));
    case 'timestamp':
      return { '!': 'timestamp', value: Math.floor(start.timestamp / 1000) };
    case 'latest':
      return 'next';
    case 'cursors':
      return Math.max(0, Math.floor(Number(start.cursors[0]?.next ?? 0)));
  }
}

/** A tail's options, and the body size of each message it hands over (just before `onEvents`, in the same order). */
export interface StreamTailOptions extends TailOptions {
  onBodySizes?: (bytes: readonly number[]) => void;
}

export async function tailStream(session: AmqpSession, vhost: string, request: TailRequest, options: StreamTailOptions, identity?: IdentityRules): Promise<void> {
  const { source: queue, signal } = request;
  if (options.filter !== undefined) throw new RabbitError('amqp', 'invalid', `a tail of stream ${queue} takes no filter: the caller filters what it is handed`);
  if (request.start.from === 'latest' && request.start.count > 0) throw new RabbitError('amqp', 'invalid', `a tail of stream ${queue} starts at the end: read its last messages first`);
  if (signal.aborted) return;
  await session.withChannel(
    'plain',
    async (channel) => {
      let position = 0;
      let batch: PeekedMessage[] = [];
      let sizes: number[] = [];
      let flushing: ReturnType<typeof setImmediate> | undefined;
      // Messages that arrive together are handed over together: one repaint for a burst.
      const flush = (): void => {
        flushing = undefined;
        const messages = batch;
        const bytes = sizes;
        batch = [];
        sizes = [];
        if (messages.length === 0 || signal.aborted) return;
        reidentify(messages, identity);
        options.onBodySizes?.(bytes);
        options.onEvents(messages.map((m) => m.event));
      };
      let end: (error?: Error) => void = () => undefined;
      const ended = new Promise<void>((resolve, reject) => (end = (error) => (error ? reject(error) : resolve())));
      const stop = (): void => end();
      signal.addEventListener('abort', stop, { once: true });
      channel.on('close', () => end(new RabbitError('amqp', 'closed', `the broker closed the tail of stream ${queue}`)));
      await channel.prefetch(TAIL_PREFETCH);
      const { consumerTag } = await channel.consume(
        queue,
        (raw) => {
          // The broker cancels a consumer whose stream was deleted.
          if (raw === null) return end(new RabbitError('amqp', 'not-found', `stream ${queue} cancelled the tail (was it deleted?)`));
          // A stopping tail grants no more credit: at most the prefetch still arrives before the cancel.
          if (signal.aborted) return;
          channel.ack(raw);
          const offset: unknown = raw.properties.headers?.['x-stream-offset'];
          const { message, problems } = toPeekedMessage(raw, { vhost, queue, position: position++, ...(typeof offset === 'number' ? { streamOffset: String(offset) } : {}) });
          for (const problem of problems) options.onProblem?.(problem.message);
          batch.push(message);
          sizes.push(raw.content.length);
          flushing ??= setImmediate(flush);
        },
        { noAck: false, arguments: { 'x-stream-offset': offsetSpec(request.start) } },
      );
      try {
        if (!signal.aborted) await ended;
      } finally {
        signal.removeEventListener('abort', stop);
        if (flushing !== undefined) clearImmediate(flushing);
        // A channel the broker closed (the reason already ends the tail) has no consumer left to cancel.
        await channel.cancel(consumerTag).catch(() => undefined);
      }
    },
    signal,
  );
}

/** A tail from `next` that hands over each message's type and body size: what a monitor counts a stream's types by. */
export function tailStreamTypes(session: AmqpSession, vhost: string, stream: string, onMessages: (messages: readonly TypedMessage[]) => void, signal: AbortSignal, identity?: IdentityRules): Promise<void> {
  let sizes: readonly number[] = [];
  const options: StreamTailOptions = { onBodySizes: (bytes) => (sizes = bytes), onEvents: (events) => onMessages(events.map((event, i) => ({ type: event.type, bytes: sizes[i] ?? 0 }))) };
  return tailStream(session, vhost, { source: stream, start: { from: 'latest', count: 0 }, signal }, options, identity);
}
