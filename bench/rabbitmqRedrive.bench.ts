/**
 * Redriving 10,000 dead letters through the connector, against a bare amqplib get → publish (confirm) → ack
 * loop with the same batching. Each repetition moves all 10,000 from one queue to the other: ours one way,
 * the baseline back, so each starts from the same 10,000.
 */
import type { Benchmark } from './benchmark';
import { comparedRow, settle } from './measure';
import { benchName, fill, openRig, readyCount, RIG_NOTE } from './rabbitmq/benchBroker';

const MESSAGES = 10_000;
const BATCH = 200;
const MIN_THROUGHPUT_RATIO = 0.9;
const REPETITIONS = 5;

export const rabbitmqRedriveBenchmark: Benchmark = {
  name: 'rabbitmq-redrive',
  title: 'RabbitMQ: redrive 10,000 dead letters',
  target: `≥ ${MIN_THROUGHPUT_RATIO}× the bare get → publish (confirm) → ack loop's throughput`,
  async run(context) {
    const rig = await openRig();
    try {
      const dlq = await rig.queue(benchName('redrive-dlq'));
      const target = await rig.queue(benchName('redrive-target'));
      await fill(rig.raw, dlq, MESSAGES, true);
      const broker = rig.broker();
      const ours = async (from: string, to: string): Promise<void> => {
        // The same messages go round every repetition: no redrive limit, or the fourth round would leave them all.
        const report = await broker.redrive({ queue: from, destination: { to: 'exchange', exchange: '', routingKey: to }, batchSize: BATCH, maxRedrives: Number.MAX_SAFE_INTEGER });
        if (report.moved !== MESSAGES || report.interrupted) throw new Error(`moved ${report.moved}: ${report.interrupted?.message ?? ''}`);
      };
      const baseline = async (from: string, to: string): Promise<void> => {
        const ch = await rig.raw.createConfirmChannel();
        let moved = 0;
        for (;;) {
          const batch = [];
          for (let i = 0; i < BATCH; i++) {
            const message = await ch.get(from, { noAck: false });
            if (message === false) break;
            ch.publish('', to, message.content, message.properties);
            batch.push(message);
          }
          if (batch.length === 0) break;
          await ch.waitForConfirms();
          ch.ack(batch[batch.length - 1], true);
          moved += batch.length;
        }
        await ch.close();
        if (moved !== MESSAGES) throw new Error(`the baseline moved ${moved}`);
      };
      const samples = { ours: [] as number[], baseline: [] as number[] };
      const repetitions = Math.min(context.repetitions, REPETITIONS);
      for (let i = 0; i <= repetitions; i++) {
        // Who goes first alternates, as in every paired row: the messages go to the target and back each
        // round, and the side that moves them back goes first in the next round.
        const sides = i % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
        for (const [step, side] of sides.entries()) {
          const [from, to] = step === 0 ? [dlq, target] : [target, dlq];
          if ((await readyCount(rig.raw, from)) !== MESSAGES) throw new Error(`${from} does not hold ${MESSAGES} before ${side}`);
          await settle();
          const started = performance.now();
          await (side === 'ours' ? ours : baseline)(from, to);
          if (i > 0) samples[side].push(performance.now() - started);
        }
      }
      return comparedRow(
        { name: this.name, title: this.title, size: `${MESSAGES.toLocaleString('en-US')} persistent messages, confirms every ${BATCH}`, target: this.target, note: `${RIG_NOTE}; ours also reads x-death, decides each target and adds the redrive counter header` },
        samples,
        `bare amqplib get → publish → waitForConfirms every ${BATCH} → ack`,
        (speedup) => speedup >= MIN_THROUGHPUT_RATIO,
      );
    } finally {
      await rig.close();
    }
  },
};
