/** Publishing 100,000 persistent messages with confirms through the connector, against a bare amqplib confirm-channel loop with the same batching. */
import type { OutgoingMessage } from '../src/connectors/broker';
import { PUBLISH_BATCH } from '../src/connectors/rabbitmq/publish';
import type { Benchmark } from './benchmark';
import { comparedRow, settle } from './measure';
import { benchName, openRig, purge, readyCount, RIG_NOTE } from './rabbitmq/benchBroker';

const MESSAGES = 100_000;
const MIN_THROUGHPUT_RATIO = 0.9;
const REPETITIONS = 3;

export const rabbitmqPublishBenchmark: Benchmark = {
  name: 'rabbitmq-publish',
  title: 'RabbitMQ: publish 100,000 persistent messages with publisher confirms',
  target: `≥ ${MIN_THROUGHPUT_RATIO}× the bare confirm-channel loop's throughput`,
  async run(context) {
    const rig = await openRig();
    try {
      const queue = await rig.queue(benchName('publish'));
      const broker = rig.broker();
      const bodies = Array.from({ length: MESSAGES }, (_, i) => Buffer.from(`{"seq":${i},"type":"OrderCreated"}`));
      const messages: OutgoingMessage[] = bodies.map((body, i) => ({ key: queue, body, properties: { persistent: true, messageId: `m-${i}`, contentType: 'application/json' } }));
      const ours = async (): Promise<void> => {
        await broker.publish({ name: '' }, messages);
      };
      const baseline = async (): Promise<void> => {
        const ch = await rig.raw.createConfirmChannel();
        for (let from = 0; from < MESSAGES; from += PUBLISH_BATCH) {
          for (let i = from; i < Math.min(MESSAGES, from + PUBLISH_BATCH); i++) {
            if (!ch.publish('', queue, bodies[i], { persistent: true, messageId: `m-${i}`, contentType: 'application/json' })) await new Promise((resolve) => ch.once('drain', resolve));
          }
          await ch.waitForConfirms();
        }
        await ch.close();
      };
      // Each side starts from an empty queue (purged untimed), so neither pays for the other's backlog.
      const samples = { ours: [] as number[], baseline: [] as number[] };
      const repetitions = Math.min(context.repetitions, REPETITIONS);
      for (let i = 0; i <= repetitions; i++) {
        // Who goes first alternates, so the broker's clean-up of the previous purge falls on both alike.
        const order = [['ours', ours], ['baseline', baseline]] as const;
        for (const [side, task] of i % 2 === 0 ? order : [...order].reverse()) {
          await purge(rig.raw, queue);
          await settle();
          const started = performance.now();
          await task();
          const ms = performance.now() - started;
          if (i > 0) samples[side].push(ms);
          const count = await readyCount(rig.raw, queue);
          if (count !== MESSAGES) throw new Error(`${side} left ${count} messages, not ${MESSAGES}`);
        }
      }
      await purge(rig.raw, queue);
      return comparedRow(
        { name: this.name, title: this.title, size: `${MESSAGES.toLocaleString('en-US')} persistent messages of ~40 bytes, confirms every ${PUBLISH_BATCH}`, target: this.target, note: RIG_NOTE },
        samples,
        `bare amqplib confirm channel, waitForConfirms every ${PUBLISH_BATCH}`,
        (speedup) => speedup >= MIN_THROUGHPUT_RATIO,
      );
    } finally {
      await rig.close();
    }
  },
};
