/**
 * A cluster with 10,000 topics: the Topics node opens a page at a time (one metadata call for the names, the
 * page's topics alone described) and the extension's event loop never stalls while it does. The topics are
 * made once per run with a unique prefix, in batches through the admin API, and deleted after. Creating
 * them has a time budget: a broker too slow for 10,000 within it gets as many as fit, and the figures say so.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { KafkaBroker } from '../../../src/connectors/kafka';
import { KafkaClusterConnection } from '../../../src/connections/kafka/kafkaConnection';
import { readKafkaProfiles } from '../../../src/connections/kafka/kafkaProfile';
import type { TreeContext } from '../../../src/explorer/kindTree';
import { kafkaTree } from '../../../src/explorer/kafka/kafkaTree';
import { connectionNode, type TreeNode } from '../../../src/explorer/treeNode';
import * as ports from '../../services/ports';
import { rawKafka, waitForTopics } from '../../integration/support/kafkaFixture';
import { portOpen } from '../../integration/support/mongoFixture';
import { skipOrFailWithoutRig } from '../../support/rig';
import { figure } from '../support/figures';

const WANTED = 10_000;
const BATCH = 500;
const CREATE_BUDGET_MS = 60_000;
const PAGE = 100;

describe('Kafka: 10,000 topics open a page at a time', function () {
  this.timeout(600_000);
  const prefix = `efx-many-${randomUUID().slice(0, 8)}-`;
  const admin = rawKafka().admin();
  const created: string[] = [];
  let connection: KafkaClusterConnection;
  let search: string | undefined;
  const context: TreeContext = { pageSize: () => PAGE, search: () => search, redraw: () => undefined, warn: (message) => assert.fail(message) };

  before(async function () {
    skipOrFailWithoutRig(this, 'Kafka many topics', (await portOpen(ports.kafka.port)) ? undefined : `Kafka on ${ports.host}:${ports.kafka.port} does not answer`);
    await admin.connect();
    const began = Date.now();
    for (let from = 0; from < WANTED && Date.now() - began < CREATE_BUDGET_MS; from += BATCH) {
      const names = Array.from({ length: Math.min(BATCH, WANTED - from) }, (_, i) => `${prefix}${String(from + i).padStart(5, '0')}`);
      created.push(...names);
      await admin.createTopics({ waitForLeaders: false, timeout: 60_000, topics: names.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })) });
    }
    figure('kafka.manyTopics.created', created.length);
    figure('kafka.manyTopics.createSeconds', (Date.now() - began) / 1000);
    // The broker answers createTopics before the leaders are elected: the pages the test reads must have them.
    await waitForTopics(admin, created.slice(0, 5 * PAGE), 240_000);
    const [profile] = readKafkaProfiles([{ id: 'rig', name: 'Rig', bootstrapServers: [...ports.kafka.brokers] }]).profiles;
    connection = new KafkaClusterConnection(profile, { secrets: () => Promise.resolve({}), readFiles: () => Promise.resolve({}), createBroker: (options) => new KafkaBroker(options) });
    // The names reach the broker's metadata a while after the controller took them.
    const broker = await connection.open();
    while ((await broker.topics({ prefix, limit: 1 })).total < created.length) {
      if (Date.now() - began > 300_000) throw new Error('the topics made were not all listed within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    figure('kafka.manyTopics.readySeconds', (Date.now() - began) / 1000);
  });

  after(async () => {
    await connection?.close();
    const began = Date.now();
    const failures: string[] = [];
    for (let from = 0; from < created.length; from += 1000) {
      // Every batch is tried even when one fails, so one slow batch does not leave the other 9,000 behind.
      await admin.deleteTopics({ topics: created.slice(from, from + 1000), timeout: 60_000 }).catch((error: unknown) => failures.push(`topics ${from}..${from + 999}: ${String(error)}`));
    }
    figure('kafka.manyTopics.deleteSeconds', (Date.now() - began) / 1000);
    figure('kafka.manyTopics.deleteFailures', failures.length);
    await settled(began);
    await admin.disconnect();
    assert.deepEqual(failures, [], 'the test topics were not all deleted');
  });

  /**
   * The broker applies 10,000 deletions long after it answered them; a test that creates a topic meanwhile
   * waited more than a minute for it to be hosted. So this file waits for the names to go and for a new
   * topic to be hosted, and the time it takes is its own.
   */
  async function settled(began: number): Promise<void> {
    while ((await admin.listTopics()).some((name) => name.startsWith(prefix))) {
      if (Date.now() - began > 180_000) throw new Error('the deleted topics were still listed after 3 minutes');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const probe = `${prefix}settled`;
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: probe, numPartitions: 1, replicationFactor: 1 }] });
    await waitForTopics(admin, [probe], Math.max(30_000, 240_000 - (Date.now() - began)));
    await admin.deleteTopics({ topics: [probe], timeout: 60_000 });
    figure('kafka.manyTopics.settledSeconds', (Date.now() - began) / 1000);
  }

  it('shows the first page, then each next one, and never blocks the event loop', async () => {
    const stall = monitorEventLoopDelay({ resolution: 10 });
    const [, topics] = await kafkaTree.children(connectionNode(connection), context);
    search = prefix;
    stall.enable();
    let began = performance.now();
    let page: TreeNode[] = await kafkaTree.children(topics, context);
    const firstMs = performance.now() - began;
    const pages: number[] = [];
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const more = page.at(-1);
      const names = page.filter((n) => n.kind === 'kafkaTopic').map((n) => (n.kind === 'kafkaTopic' ? n.topic.name : ''));
      seen.push(...names);
      assert.ok(names.length <= PAGE, `a page held ${names.length} topics`);
      if (more?.kind !== 'loadMore') break;
      began = performance.now();
      page = (await kafkaTree.page?.(topics, more.after, context)) ?? [];
      pages.push(performance.now() - began);
    }
    stall.disable();
    search = undefined;
    began = performance.now();
    const unfiltered = await kafkaTree.children(topics, context);
    const unfilteredMs = performance.now() - began;
    const total = (await (await connection.open()).topics({ prefix, limit: 1 })).total;
    const maxStallMs = stall.max / 1e6;
    figure('kafka.manyTopics.firstPageMs', Math.round(firstMs));
    figure('kafka.manyTopics.nextPageMs', Math.round(Math.max(...pages)));
    figure('kafka.manyTopics.unfilteredFirstPageMs', Math.round(unfilteredMs));
    figure('kafka.manyTopics.maxEventLoopStallMs', Math.round(maxStallMs));
    assert.equal(total, created.length, 'every topic made is counted');
    assert.deepEqual(seen, created.slice(0, seen.length), 'pages in name order, none skipped or repeated');
    assert.equal(seen.length, Math.min(created.length, 5 * PAGE));
    assert.ok(unfiltered.filter((n) => n.kind === 'kafkaTopic').length === PAGE && unfiltered.at(-1)?.kind === 'loadMore');
    assert.ok(firstMs < 5000, `the first page took ${firstMs.toFixed(0)} ms`);
    assert.ok(maxStallMs < 500, `the event loop stalled ${maxStallMs.toFixed(0)} ms`);
  });
});
