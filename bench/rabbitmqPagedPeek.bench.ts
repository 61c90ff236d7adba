/**
 * Paging a 1,000-message classic queue 10 pages of 100 through `browse`, against one peek of 1,000 in the
 * same run. The pages come from one peek held by the broker, so ten pages cost about one peek; reading
 * each page again from the queue's head would cost 100 + 200 + … + 1,000 = 5,500 deliveries.
 */
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { benchName, fill, openRig, readyCount, RIG_NOTE } from './rabbitmq/benchBroker';

const QUEUE_SIZE = 1000;
const PAGE = 100;
const MAX_TIME_RATIO = 1.2;
// Each repetition takes a fraction of a second: more of them steady the medians on a loaded machine.
const REPETITIONS = 15;

export const rabbitmqPagedPeekBenchmark: Benchmark = {
  name: 'rabbitmq-paged-peek',
  title: 'RabbitMQ: 1,000 queued messages paged 10 pages of 100 (classic queue)',
  target: `≤ ${MAX_TIME_RATIO}× the time of one peek of 1,000 (no re-peek)`,
  async run(context) {
    const rig = await openRig();
    try {
      const queue = await rig.queue(benchName('paged-peek'));
      await fill(rig.raw, queue, QUEUE_SIZE, false);
      const broker = rig.broker();
      let paged = 0;
      let peeked = 0;
      const samples = await timePair(
        async () => {
          // A first page each time: one new peek, then nine pages from it.
          let page = await broker.browse({ source: queue, start: { from: 'beginning' }, limit: PAGE });
          paged = page.events.length;
          while (page.cursors.length > 0) {
            page = await broker.browse({ source: queue, start: { from: 'cursors', cursors: page.cursors }, limit: PAGE });
            paged += page.events.length;
          }
        },
        async () => {
          const outcome = await broker.peek(queue, { limit: QUEUE_SIZE });
          peeked = outcome.messages.length;
        },
        { warmup: 1, repetitions: Math.max(context.repetitions, REPETITIONS) },
      );
      const left = await readyCount(rig.raw, queue);
      if (paged !== QUEUE_SIZE || peeked !== QUEUE_SIZE || left !== QUEUE_SIZE) throw new Error(`paged ${paged}, peeked ${peeked}, the queue holds ${left}`);
      return comparedRow(
        { name: this.name, title: this.title, size: `${QUEUE_SIZE.toLocaleString('en-US')} messages, ${QUEUE_SIZE / PAGE} pages of ${PAGE}`, target: this.target, note: `${RIG_NOTE}; the pages are slices of one peek the broker holds` },
        samples,
        'one peek of 1,000',
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await rig.close();
    }
  },
};
