/** The first page of queues of a vhost with 5,000 queues through the connector, against one paged /api/queues call. */
import * as amqp from 'amqplib';
import type { Benchmark } from './benchmark';
import { comparedRow, timePair } from './measure';
import { AMQP_PORT, basicAuth, benchName, MANAGEMENT_URL, openRig, RIG_NOTE } from './rabbitmq/benchBroker';

const QUEUES = 5000;
const PAGE = 100;
const MAX_TIME_RATIO = 1.2;
const REPETITIONS = 7;

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${MANAGEMENT_URL}${path}`, { method, headers: { authorization: basicAuth(), 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response;
}

export const rabbitmqQueuePageBenchmark: Benchmark = {
  name: 'rabbitmq-queue-page',
  title: 'RabbitMQ: first page of queues of a vhost with 5,000 queues',
  target: `≤ ${MAX_TIME_RATIO}× one paged /api/queues call`,
  async run(context) {
    const rig = await openRig();
    // A vhost of its own holds the 5,000 queues; deleting it deletes them.
    const vhost = benchName('queues');
    try {
      await api('PUT', `/api/vhosts/${encodeURIComponent(vhost)}`);
      await api('PUT', `/api/permissions/${encodeURIComponent(vhost)}/guest`, { configure: '.*', write: '.*', read: '.*' });
      const seed = await amqp.connect({ hostname: '127.0.0.1', port: AMQP_PORT, username: 'guest', password: 'guest', vhost }, { noDelay: true });
      const ch = await seed.createChannel();
      for (let i = 0; i < QUEUES; i++) await ch.assertQueue(`orders.${String(i).padStart(5, '0')}`, { durable: false, arguments: i % 10 === 0 ? { 'x-dead-letter-exchange': 'dlx', 'x-message-ttl': 60000 } : {} });
      await seed.close();
      context.log(`declared ${QUEUES} queues in ${vhost}`);
      const broker = rig.broker(vhost);
      let ours = 0;
      let theirs = 0;
      const samples = await timePair(
        async () => {
          ours = (await broker.queuePage(vhost, { page: 1, pageSize: PAGE })).items.length;
        },
        async () => {
          const body = (await (await api('GET', `/api/queues/${encodeURIComponent(vhost)}?page=1&page_size=${PAGE}&pagination=true`)).json()) as { items: unknown[] };
          theirs = body.items.length;
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      if (ours !== PAGE || theirs !== PAGE) throw new Error(`a page of ${ours}, the API's of ${theirs}`);
      return comparedRow(
        { name: this.name, title: this.title, size: `${QUEUES.toLocaleString('en-US')} queues, page of ${PAGE}`, target: this.target, note: `${RIG_NOTE}; ours asks for the columns a queue row shows and maps them to QueueInfo` },
        samples,
        `GET /api/queues/{vhost}?page=1&page_size=${PAGE}`,
        (speedup) => 1 / speedup <= MAX_TIME_RATIO,
      );
    } finally {
      await api('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`).catch((error: unknown) => context.log(`could not delete ${vhost}: ${String(error)}`));
      await rig.close();
    }
  },
};
