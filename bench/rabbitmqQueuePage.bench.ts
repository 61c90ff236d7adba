/**
 * The first page of the Queues of a vhost with 5,000 queues as the Connections tree loads it (the page, plus
 * exchanges and bindings for the DLQ and delay marks), against one paged /api/queues call.
 */
import * as amqp from 'amqplib';
import { RabbitBrokerConnection } from '../src/connections/rabbitmq/rabbitConnection';
import { rabbitSectionNode, vhostNode } from '../src/explorer/rabbitmq/rabbitNodes';
import { rabbitTree } from '../src/explorer/rabbitmq/rabbitTree';
import { connectionNode } from '../src/explorer/treeNode';
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
  title: 'RabbitMQ: first page of queues in the tree, vhost with 5,000 queues',
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
      const connection = new RabbitBrokerConnection(
        { id: 'bench', name: 'bench', amqpUrl: `amqp://127.0.0.1:${AMQP_PORT}/${encodeURIComponent(vhost)}`, managementUrl: MANAGEMENT_URL, username: 'guest', production: false },
        { secrets: () => Promise.resolve({ password: 'guest' }), readFiles: () => Promise.resolve({}), createBroker: () => broker },
      );
      const queues = rabbitSectionNode(vhostNode(connectionNode(connection), vhost), 'queues');
      const treeContext = { pageSize: () => PAGE, search: () => undefined, redraw: () => undefined, warn: () => undefined };
      let ours = 0;
      let theirs = 0;
      const samples = await timePair(
        async () => {
          ours = (await rabbitTree.children(queues, treeContext)).filter((n) => n.kind === 'rabbitQueue').length;
        },
        async () => {
          const body = (await (await api('GET', `/api/queues/${encodeURIComponent(vhost)}?page=1&page_size=${PAGE}&pagination=true`)).json()) as { items: unknown[] };
          theirs = body.items.length;
        },
        { warmup: 1, repetitions: Math.min(context.repetitions, REPETITIONS) },
      );
      if (ours !== PAGE || theirs !== PAGE) throw new Error(`a page of ${ours}, the API's of ${theirs}`);
      return comparedRow(
        { name: this.name, title: this.title, size: `${QUEUES.toLocaleString('en-US')} queues, page of ${PAGE}`, target: this.target, note: `${RIG_NOTE}; ours is the tree's load: the page (the columns a queue row shows, mapped to QueueInfo) with exchanges and bindings fetched beside it for the DLQ and delay marks` },
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
