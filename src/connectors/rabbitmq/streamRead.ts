import type { Channel, ConsumeMessage } from 'amqplib';
import type { ReadProblem } from '../connector';
import { abortable, type AmqpSession } from './amqpSession';
import { DEFAULT_MAX_BODY_BYTES, toPeekedMessage, type PeekedMessage } from './messages';

/** Where a stream read starts. */
export type StreamStart = { from: 'first' } | { from: 'last'; count: number } | { from: 'offset'; offset: number } | { from: 'timestamp'; timestamp: number };

export interface StreamReadRequest {
  queue: string;
  start: StreamStart;
  limit: number;
  signal?: AbortSignal;
  maxPreviewBytes?: number;
  /** Bodies up to this size are kept whole; larger ones as their first bytes (`PeekedMessage.wholeSize`). */
  maxBodyBytes?: number;
}

export interface StreamReadResult {
  messages: PeekedMessage[];
  /** The offset to continue from, when the read stopped at its limit. */
  nextOffset?: number;
  reachedEnd: boolean;
  problems: ReadProblem[];
}

/** How long a stream consumer may stay silent before the read counts as at the end of the stream. */
const DEFAULT_IDLE_MS = 400;

function offsetOf(message: ConsumeMessage): number | undefined {
  const value: unknown = message.properties.headers?.['x-stream-offset'];
  return typeof value === 'number' ? value : undefined;
}

type OffsetSpec = 'first' | 'last' | number | { '!': 'timestamp'; value: number };

/**
 * Consumes from `spec` until `stop` says so or the stream stays silent for `idleMs`. Stream consumers
 * consume nothing: every message stays in the stream, the acks only grant the consumer more credit.
 */
async function consumeFrom(channel: Channel, queue: string, spec: OffsetSpec, prefetch: number, stop: (taken: ConsumeMessage[]) => boolean, idleMs: number, signal?: AbortSignal): Promise<ConsumeMessage[]> {
  const taken: ConsumeMessage[] = [];
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let idle = setTimeout(finish, idleMs * 2);
  await channel.prefetch(prefetch);
  const { consumerTag } = await channel.consume(
    queue,
    (message) => {
      if (message === null) return finish();
      channel.ack(message);
      if (taken.length > 0 && stop(taken)) return;
      taken.push(message);
      clearTimeout(idle);
      if (stop(taken)) finish();
      else idle = setTimeout(finish, idleMs);
    },
    { noAck: false, arguments: { 'x-stream-offset': spec } },
  );
  try {
    await abortable(done, signal, `Reading stream ${queue}`);
  } finally {
    clearTimeout(idle);
    await channel.cancel(consumerTag);
  }
  return taken;
}

/** Reads a stream queue from an offset, the start, its last N messages, or a time, without consuming anything. */
export async function readStream(session: AmqpSession, vhost: string, request: StreamReadRequest, idleMs = DEFAULT_IDLE_MS): Promise<StreamReadResult> {
  const limit = Math.max(0, Math.floor(request.limit));
  const prefetch = Math.min(1000, Math.max(1, limit));
  return session.withChannel(
    'plain',
    async (channel) => {
      let spec: OffsetSpec;
      let lastOffset: number | undefined;
      const start = request.start;
      if (start.from === 'last') {
        // 'last' starts at the last chunk: read it to learn the stream's last offset, then start N before it.
        const tail = await consumeFrom(channel, request.queue, 'last', 1000, () => false, idleMs, request.signal);
        lastOffset = tail.length === 0 ? undefined : offsetOf(tail[tail.length - 1]);
        if (lastOffset === undefined) return { messages: [], reachedEnd: true, problems: [] };
        spec = Math.max(0, lastOffset - Math.max(1, start.count) + 1);
      } else if (start.from === 'first') spec = 'first';
      else if (start.from === 'offset') spec = Math.max(0, Math.floor(start.offset));
      else spec = { '!': 'timestamp', value: Math.floor(start.timestamp / 1000) };
      const taken = limit === 0 ? [] : await consumeFrom(channel, request.queue, spec, prefetch, (got) => got.length >= limit || (lastOffset !== undefined && offsetOf(got[got.length - 1]) === lastOffset), idleMs, request.signal);
      const problems: ReadProblem[] = [];
      const messages = taken.map((raw, position) => {
        const offset = offsetOf(raw);
        const { message, problems: found } = toPeekedMessage(raw, { vhost, queue: request.queue, position, ...(offset === undefined ? {} : { streamOffset: String(offset) }) }, { maxPreviewBytes: request.maxPreviewBytes, maxBodyBytes: request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
        for (const problem of found) problems.push(problem);
        return message;
      });
      const last = taken.length === 0 ? undefined : offsetOf(taken[taken.length - 1]);
      const full = taken.length >= limit;
      return { messages, reachedEnd: !full || (lastOffset !== undefined && last === lastOffset), ...(full && last !== undefined ? { nextOffset: last + 1 } : {}), problems };
    },
    request.signal,
  );
}
