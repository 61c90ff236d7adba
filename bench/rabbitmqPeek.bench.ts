/** Peeking 1,000 messages of a 100,000-message queue through the connector, against the management API's get with ack_requeue_true. */
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { basicAuth, benchName, fill, MANAGEMENT_URL, openRig, readyCount, RIG_NOTE } from './rabbitmq/benchBroker';

const QUEUE_SIZE = 100_000;
const PEEK = 1000;
const MAX_TIME_RATIO = 1.0;
const REPETITIONS = 5;

export const rabbitmqPeekBenchmark: Benchmark = {
  name: 'rabbitmq-peek',
  title: 'RabbitMQ: peek 1,000 messages of a 100,000-message queue',
  target: `≤ ${MAX_TIME_RATIO}× the time of the management API's get (ack_requeue_true)`,
  async run(context) {
    const rig = await openRig();
    try {
      const queue = await rig.queue(benchName('peek'));
      await fill(rig.raw, queue, QUEUE_SIZE, false);
      const broker = rig.broker();
      let ours = 0;
      let theirs = 0;
      const samples = await timePair(
        async () => {
          ours = (await broker.peek(queue, { limit: PEEK })).messages.length;
        },
        async () => {
          const response = await fetch(`${MANAGEMENT_URL}/api/queues/%2F/${encodeURIComponent(queue)}/get`, {
            method: 'POST',
            headers: { authorization: basicAuth(), 'content-type': 'application/json' },
            body: JSON.stringify({ count: PEEK, ackmode: 'ack_requeue_true', encoding: 'auto', truncate: 65536 }),
          });
          theirs = ((await response.json()) as unknown[]).length;
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      const left = await readyCount(rig.raw, queue);
      if (ours !== PEEK || theirs !== PEEK || left !== QUEUE_SIZE) throw new Error(`peeked ${ours}, the API got ${theirs}, the queue holds ${left}`);
      return comparedRow(
        { name: this.name, title: this.title, size: `${PEEK.toLocaleString('en-US')} of ${QUEUE_SIZE.toLocaleString('en-US')} messages in a classic queue`, target: this.target, note: `${RIG_NOTE}; ours returns every message in order (the queue is checked after)` },
        samples,
        'management API POST /api/queues/…/get, ack_requeue_true',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await rig.close();
    }
  },
};
