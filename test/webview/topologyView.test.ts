/**
 * The topology view in Chromium, on the sample topology as the panel builds it (the channels from
 * `topologyChannels`, drawn by `channelGraph`, the page from `buildWebviewHtml`, VS Code's dark theme variables): text stays readable
 * at any width, edge labels are whole and never overlap, the view pans and zooms, Fit shows the whole graph,
 * and a click on a node asks the host to open it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { kafkaChannels } from '../../src/connectors/kafka/kafkaChannels';
import { topologyChannels } from '../../src/connectors/rabbitmq/rabbitChannels';
import { markQueues } from '../../src/connectors/rabbitmq/topologyMarks';
import type { BindingInfo, ExchangeInfo, QueueArguments, QueueInfo } from '../../src/connectors/rabbitmq/topologyTypes';
import { channelGraph } from '../../src/panels/topology/channelGraph';
import { parseTopologyMessage } from '../../src/protocol/topology';
import { launchBrowser } from '../support/browser';
import { openRecordingPage, distDir, serveWebviewPages, type PageServer } from './pageServer';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const artifacts = path.join(repoRoot, 'test', 'e2e', 'artifacts');

const exchange = (name: string, type: string): ExchangeInfo => ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
const bind = (source: string, destination: string, routingKey = ''): BindingInfo => ({ vhost: '/', source, destination, destinationType: 'queue', routingKey, arguments: {} });
const queue = (name: string, args: QueueArguments, ready = 0): QueueInfo => ({ vhost: '/', name, type: 'classic', durable: true, ready, unacked: 0, messages: ready, consumers: 0, arguments: args, declaredArguments: {} });

/** The sample topology (Declare Sample Topology), with the delay queue handing on under a routing key of its own. */
function sampleGraph() {
  const work = { deadLetterExchange: 'orders.dlx', maxPriority: 10 };
  const exchanges = [exchange('', 'direct'), exchange('amq.topic', 'topic'), exchange('orders', 'topic'), exchange('orders.dlx', 'fanout'), exchange('orders.delay', 'fanout')];
  const queues = [
    queue('orders.dlq', {}, 2),
    queue('orders.delay', { messageTtl: 5000, deadLetterExchange: 'orders', deadLetterRoutingKey: 'payment.retry' }),
    queue('orders.created', work, 12),
    queue('orders.items', work, 30),
    queue('orders.payments', work, 7),
    queue('orders.shipping', work, 1),
  ];
  const bindings = [
    bind('orders.dlx', 'orders.dlq'),
    bind('orders.delay', 'orders.delay'),
    bind('orders', 'orders.created', 'order.created'),
    bind('orders', 'orders.items', 'order.item-added'),
    bind('orders', 'orders.payments', 'order.payment-completed'),
    bind('orders', 'orders.payments', 'order.paid'),
    bind('orders', 'orders.shipping', 'order.shipped'),
    bind('orders', 'orders.shipping', 'order.cancelled'),
  ];
  const map = topologyChannels('rig', { vhost: '/', exchanges, bindings, queues, marks: markQueues(queues, exchanges, bindings) });
  const action = (c: { kind: string }): string => (c.kind === 'exchange' ? 'show it and its bindings in the tree' : 'open its peek view');
  return channelGraph(map, { connection: 'Rig', scope: '/', action, readAt: new Date('2026-12-06T09:00:00.000Z') });
}

/** Topics with a group reading one, as a cluster's channels draw: nothing in the view is RabbitMQ's. */
function readersGraph() {
  const listing = {
    topics: [{ name: 'orders', internal: false, partitions: 6, replicationFactor: 1, messages: 1200n, cleanupPolicy: 'delete' }],
    topicsInAll: 4,
    groups: [{ group: { groupId: 'billing', state: 'Stable', members: 2, protocolType: 'consumer' }, topics: ['orders'] }],
    groupsInAll: 1,
    limit: 1,
  };
  return channelGraph(kafkaChannels('k', listing), { connection: 'Rig Kafka', scope: 'cluster', action: () => 'show it in the tree', readAt: new Date('2026-12-06T09:00:00.000Z') });
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlap = (a: Box, b: Box): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const inside = (a: Box, b: Box): boolean => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;

describe('RabbitMQ topology view in Chromium', function () {
  this.timeout(60_000);
  const graph = sampleGraph();
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let origin = '';

  before(async () => {
    assert.ok(fs.existsSync(path.join(distDir, 'topology.js')), 'no topology.js: run npm run build first');
    fs.mkdirSync(artifacts, { recursive: true });
    server = await serveWebviewPages((url) => (url.pathname === '/topology' || url.pathname === '/topology-readers' ? { app: 'topology', title: 'topology', firstView: { graph: url.pathname === '/topology' ? graph : readersGraph() }, dark: true } : undefined));
    origin = server.origin;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(width: number, height = 520, at = '/topology', nodes = graph.nodes.length): Promise<{ page: Page; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    const { page, problems } = await openRecordingPage(browser, `${origin}${at}`, { width, height });
    await page.locator('.node').nth(nodes - 1).waitFor();
    return { page, problems };
  }

  const posted = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  const boxes = (page: Page, selector: string): Promise<Box[]> =>
    page.locator(selector).evaluateAll((elements) =>
      elements.map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
  const zoom = async (page: Page): Promise<number> => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.topology-layer').getAttribute('transform')) ?? '')?.[1]);
  /** Each text's font size as drawn on the screen: its CSS size times the zoom it is drawn at. */
  const screenFontSizes = (page: Page): Promise<{ text: string; px: number }[]> =>
    page.locator('.node-name, .node-detail, .edge-label-text').evaluateAll((elements) =>
      elements.map((e) => ({ text: e.textContent ?? '', px: parseFloat(getComputedStyle(e).fontSize) * ((e as SVGGraphicsElement).getScreenCTM()?.a ?? 0) })),
    );

  it('at 600 px wide every text is at least 11 px on screen, and every edge label is whole, apart from the others and from the nodes', async () => {
    const { page, problems } = await open(600);
    const sizes = await screenFontSizes(page);
    assert.ok(sizes.length > graph.nodes.length * 2, `only ${sizes.length} texts`);
    assert.deepEqual(sizes.filter((s) => s.px < 11), [], 'text drawn below 11 px');
    assert.equal(await zoom(page), 1);
    const labels = graph.edges.map((e) => e.label).filter(Boolean).sort();
    assert.ok(labels.includes('after 5000 ms as payment.retry'));
    assert.deepEqual((await page.locator('.edge-label-text').allTextContents()).sort(), labels, 'a label was cut');
    // Each label's text inside its backing box; the boxes apart from each other and from every node.
    const texts = await boxes(page, '.edge-label-text');
    const backs = await boxes(page, '.edge-label-bg');
    const nodes = await boxes(page, '.node rect');
    texts.forEach((text, i) => assert.ok(inside(text, backs[i]), `label ${i} spills out of its box`));
    for (let i = 0; i < backs.length; i += 1) {
      for (let j = i + 1; j < backs.length; j += 1) assert.ok(!overlap(backs[i], backs[j]), `labels ${i} and ${j} overlap`);
      nodes.forEach((node, j) => assert.ok(!overlap(backs[i], node), `label ${i} overlaps node ${j}`));
    }
    // Fit: the whole graph in the view, no label cut by its edge.
    await page.locator('#zoom-fit').click();
    const view = (await boxes(page, '.topology-svg'))[0];
    for (const box of [...(await boxes(page, '.edge-label-bg')), ...(await boxes(page, '.node rect'))]) assert.ok(inside(box, view), `${JSON.stringify(box)} is outside the view ${JSON.stringify(view)} after Fit`);
    await page.locator('#zoom-actual').click();
    await page.screenshot({ path: path.join(artifacts, 'rabbitmq-topology-600.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the wheel zooms about the pointer, the buttons zoom in and out, a drag pans without opening the node under it', async () => {
    const { page, problems } = await open(900);
    const view = (await boxes(page, '.topology-svg'))[0];
    await page.mouse.move(view.left + 200, view.top + 150);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => (document.getElementById('zoom-level')?.textContent ?? '') !== '100 %');
    const zoomed = await zoom(page);
    assert.ok(zoomed > 1.5, `the wheel zoomed to ${zoomed}`);
    assert.equal(await page.locator('#zoom-level').textContent(), `${Math.round(zoomed * 100)} %`);
    await page.locator('#zoom-out').click();
    assert.ok(Math.abs((await zoom(page)) - zoomed / 1.25) < 0.01);
    await page.locator('#zoom-in').click();
    assert.ok(Math.abs((await zoom(page)) - zoomed) < 0.01);
    await page.locator('.topology-svg').focus();
    await page.keyboard.press('0');
    const fitted = await zoom(page);
    assert.ok(fitted < zoomed, 'the 0 key did not fit');
    const before = (await boxes(page, '.node[data-id="exchange:orders"] rect'))[0];
    const start = { x: (before.left + before.right) / 2, y: (before.top + before.bottom) / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 60, start.y + 40, { steps: 5 });
    await page.mouse.up();
    const after = (await boxes(page, '.node[data-id="exchange:orders"] rect'))[0];
    assert.ok(Math.abs(after.left - before.left - 60) < 1 && Math.abs(after.top - before.top - 40) < 1, `the drag moved the graph by ${after.left - before.left}, ${after.top - before.top}`);
    assert.deepEqual(await posted(page), [{ type: 'ready' }], 'the drag opened the node it started on');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a click on a queue asks for its peek view, on an exchange for it and its bindings; Enter does the same', async () => {
    const { page, problems } = await open(1280, 760);
    await page.locator('#zoom-fit').click();
    await page.locator('.node[data-id="queue:orders.dlq"]').click();
    await page.locator('.node[data-id="exchange:orders"]').click();
    await page.locator('.node[data-id="queue:orders.delay"]').press('Enter');
    const messages = await posted(page);
    assert.deepEqual(messages, [
      { type: 'ready' },
      { type: 'openNode', nodeId: 'queue:orders.dlq' },
      { type: 'openNode', nodeId: 'exchange:orders' },
      { type: 'openNode', nodeId: 'queue:orders.delay' },
    ]);
    for (const message of messages) assert.ok(parseTopologyMessage(message).ok);
    await page.screenshot({ path: path.join(artifacts, 'rabbitmq-topology-1280.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('draws any kind of channel: a topic and the group reading it, counted by kind, with the cut said', async () => {
    const { page, problems } = await open(900, 520, '/topology-readers', 2);
    assert.match((await page.locator('.topology-status').textContent()) ?? '', /^1 topic · 1 consumer group · read /);
    assert.equal(await page.locator('.node-holds.node-topic').count(), 1);
    assert.equal(await page.locator('.node-reads.node-consumer-group').count(), 1);
    assert.equal(await page.locator('.edge-reads').count(), 1);
    assert.deepEqual(await page.locator('.legend-item').allTextContents(), ['reads']);
    assert.match((await page.locator('.node-topic').textContent()) ?? '', /delete · 1,?200 messages · 6 partitions/);
    assert.equal(await page.locator('.topology-message').textContent(), 'Drawn from the first 1: 3 of 4 topics not listed.');
    await page.locator('.node-consumer-group').click();
    assert.deepEqual(await posted(page), [{ type: 'ready' }, { type: 'openNode', nodeId: 'group:billing' }]);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
