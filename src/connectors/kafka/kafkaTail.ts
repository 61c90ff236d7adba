import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { TailOptions, TailRequest } from '../browsing';
import type { FlowEvent } from '../../core/envelope';
import { planRanges } from './browsePlan';
import { compileFilter } from './filters';
import { watermarksOf, type ThrowAwayGroups } from './kafkaBrowse';
import type { KafkaContext } from './kafkaClient';
import { KafkaConnectorError, classifyKafkaError } from './kafkaErrors';
import { secretsOf } from './options';
import { decodeHeaders, recordToEvent } from './records';

export const TAIL_GROUP_PREFIX = 'efx-tail';

/**
 * A live tail: ONE consumer that keeps reading until stopped. kafkajs cannot assign partitions by hand, so
 * the tail joins one throw-away group of its own (`efx-tail-<uuid>`, never a group of the user's), never
 * commits an offset, and deletes the group when it stops. A consumer that fails is replaced in the same
 * group, continuing from the next offset of each partition, so nothing is skipped or shown twice.
 */
export async function tailTopic(context: KafkaContext, groups: ThrowAwayGroups, request: TailRequest, options: TailOptions): Promise<void> {
  const { source: topic, signal } = request;
  const timeoutMs = options.timeoutMs ?? context.options.operationTimeoutMs ?? 30_000;
  const predicate = await compileFilter(options.filter);
  const all = await watermarksOf(context, topic, signal);
  const selected = request.partitions ? all.filter((w) => request.partitions?.includes(w.partition)) : all;
  if (selected.length === 0) throw new KafkaConnectorError('other', `${topic} has no partition ${request.partitions?.join(', ') ?? ''} to follow.`);
  const next = new Map(planRanges(selected, request.start).map((r) => [r.partition, r.start]));
  const others = all.map((w) => w.partition).filter((p) => !next.has(p));
  const groupId = `${TAIL_GROUP_PREFIX}-${randomUUID()}`;
  groups.add(groupId);
  const describe = (error: unknown) => classifyKafkaError(error, context.label, secretsOf(context.options)).message;
  let healthySince = Date.now();
  const reported = new Set<string>();
  try {
    while (!signal.aborted) {
      const consumer = context.kafka.consumer({
        groupId,
        sessionTimeout: 10_000,
        heartbeatInterval: 2000,
        rebalanceTimeout: 10_000,
        maxWaitTimeInMs: 500,
        allowAutoTopicCreation: false,
        retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000, restartOnFailure: () => Promise.resolve(false) },
      });
      try {
        const running = () => (healthySince = Date.now());
        await followWith(consumer, topic, next, others, signal, running, async (partition, messages) => {
          healthySince = Date.now();
          const decoders = context.decoders?.appliesTo(topic) ? context.decoders : undefined;
          if (decoders) {
            const parts = messages.map((m) => ({ key: m.key, value: m.value, headers: decodeHeaders(m.headers) }));
            for (const problem of await decoders.prepare(topic, parts, signal)) {
              if (!reported.has(problem)) options.onProblem?.(`Some values are shown as hex: ${problem}.`);
              reported.add(problem);
            }
          }
          const events: FlowEvent[] = [];
          for (const message of messages) {
            const offset = BigInt(message.offset);
            const expected = next.get(partition);
            if (expected === undefined || offset < expected) continue;
            next.set(partition, offset + 1n);
            const event = recordToEvent(topic, partition, message, { identity: context.options.identity, ...(decoders ? { decoders } : {}), ...(options.keepBytes ? { keepBytes: true } : {}) });
            if (!predicate || predicate(event)) events.push(event);
          }
          if (events.length > 0) options.onEvents(events);
        });
      } catch (error) {
        if (signal.aborted) break;
        if (Date.now() - healthySince > timeoutMs) throw new KafkaConnectorError(classifyKafkaError(error, context.label, secretsOf(context.options)).kind, `The live tail of ${topic} stopped: ${describe(error)}`);
        options.onProblem?.(`The tail's consumer failed and is replaced: ${describe(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        await consumer.disconnect().catch((error: unknown) => options.onProblem?.(`Leaving the tail's group failed: ${describe(error)}`));
      }
    }
  } finally {
    const problems = await groups.deleteAll(context, 5000);
    for (const problem of problems) options.onProblem?.(problem.message);
  }
}

/**
 * Runs one consumer until the signal stops it (resolves) or it crashes (rejects); `running` once it reads.
 * Batches before the seeks are dropped.
 */
async function followWith(
  consumer: Consumer,
  topic: string,
  next: ReadonlyMap<number, bigint>,
  others: readonly number[],
  signal: AbortSignal,
  running: () => void,
  accept: (partition: number, messages: EachBatchPayload['batch']['messages']) => Promise<void>,
): Promise<void> {
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const settled = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  settled.catch(() => undefined);
  const onStop = () => settle?.resolve();
  signal.addEventListener('abort', onStop, { once: true });
  const removeCrash = consumer.on(consumer.events.CRASH, (event) => settle?.reject(event.payload.error));
  // Until each partition is seeked, a fetch may come from the group's default position: not ours to show.
  let seeked = false;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      // A batch fetched before its partition's seek took effect is stale: kafkajs fetches again from the seek.
      eachBatch: (payload) => {
        const { batch } = payload;
        return seeked && !payload.isStale() && next.has(batch.partition) ? accept(batch.partition, batch.messages) : Promise.resolve();
      },
    });
    if (others.length > 0) consumer.pause([{ topic, partitions: [...others] }]);
    for (const [partition, offset] of next) consumer.seek({ topic, partition, offset: offset.toString() });
    seeked = true;
    running();
    if (signal.aborted) return;
    await settled;
  } finally {
    signal.removeEventListener('abort', onStop);
    removeCrash();
  }
}
