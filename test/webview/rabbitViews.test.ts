/**
 * The RabbitMQ topology and peek bundles in Chromium, in the page the panels build (same CSP, first view as
 * a JSON data block), with hostile names and bodies: everything shows as text, nothing runs, no CSP report,
 * and what the page posts is what the host accepts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parsePeekMessage, type PeekRedrivePlan, type PeekView } from '../../src/protocol/rabbitmq/peek';
import { parseTopologyMessage, type TopologyGraph } from '../../src/protocol/topology';
import { launchBrowser } from '../support/browser';
import { openRecordingPage, distDir, serveWebviewPages, type PageServer } from './pageServer';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const artifacts = path.join(repoRoot, 'test', 'e2e', 'artifacts');
const HOSTILE = '</script><img src=x onerror="window.__pwned=1">';

const graph: TopologyGraph = {
  connection: 'Rig',
  scope: '/',
  readAt: '2026-12-03T10:00:00.000Z',
  nodes: [
    { id: 'exchange:orders', kind: 'exchange', role: 'routes', name: 'orders', detail: 'topic', figures: [], marks: [], action: 'show it and its bindings in the tree' },
    { id: `queue:${HOSTILE}`, kind: 'queue', role: 'holds', name: HOSTILE, detail: 'classic', figures: [{ label: 'ready', value: 3 }, { label: 'unacked', value: 0 }, { label: 'consumers', value: 0, tooltipOnly: true }], marks: [], action: 'open its peek view' },
    { id: 'exchange:orders.dlx', kind: 'exchange', role: 'routes', name: 'orders.dlx', detail: 'fanout', figures: [], marks: [], action: 'show it and its bindings in the tree' },
    { id: 'queue:orders.dlq', kind: 'queue', role: 'holds', name: 'orders.dlq', detail: 'classic', figures: [{ label: 'ready', value: 1 }, { label: 'unacked', value: 0 }, { label: 'consumers', value: 0, tooltipOnly: true }], marks: ['dlq'], action: 'open its peek view' },
  ],
  edges: [
    { from: 'exchange:orders', to: `queue:${HOSTILE}`, kind: 'route', label: 'order.*' },
    { from: `queue:${HOSTILE}`, to: 'exchange:orders.dlx', kind: 'dead-letter', label: 'dead letters' },
    { from: 'exchange:orders.dlx', to: 'queue:orders.dlq', kind: 'route', label: '' },
  ],
};

const view: PeekView = {
  broker: 'Rig',
  vhost: '/',
  queue: 'orders.dlq',
  queueType: 'classic',
  dlq: true,
  exchanges: ['orders', 'orders.retry'],
  notes: ['Ready before the peek: 2; after: 2.'],
  readAt: '2026-12-03T10:00:00.000Z',
  messages: [0, 1].map((position) => ({
    position,
    messageId: `m-${position}`,
    redelivered: position === 1,
    exchange: 'orders.dlx',
    routingKey: 'order.created',
    size: 20,
    properties: { contentType: 'application/json', messageId: `m-${position}` },
    headers: [{ key: 'tenant', value: HOSTILE }],
    deaths: [{ why: `rejected in ${HOSTILE}`, reason: 'rejected', queue: HOSTILE, exchange: 'orders', routingKeys: ['order.created'], count: 1 }],
    body: { note: HOSTILE },
    bodyKind: 'json' as const,
  })),
};

describe('RabbitMQ webviews in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let origin = '';

  before(async () => {
    for (const app of ['topology', 'peek']) assert.ok(fs.existsSync(path.join(distDir, `${app}.js`)), `no ${app}.js: run npm run build first`);
    server = await serveWebviewPages((url) => (url.pathname === '/topology' ? { app: 'topology', title: 'topology', firstView: { graph }, dark: false } : url.pathname === '/peek' ? { app: 'peek', title: 'peek', firstView: { view }, dark: false } : undefined));
    origin = server.origin;
    browser = await launchBrowser();
    fs.mkdirSync(artifacts, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(app: 'topology' | 'peek'): Promise<{ page: Page; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    return openRecordingPage(browser, `${origin}/${app}`, { width: 1280, height: 760 });
  }

  const posted = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);

  it('topology: draws the first view, hostile names as text, and a click posts an open the host accepts', async () => {
    const { page, problems } = await open('topology');
    await page.locator('.node-queue.node-dlq').waitFor();
    assert.equal(await page.locator('.node').count(), 4);
    assert.equal(await page.locator('.edge-dead-letter').count(), 1);
    assert.equal(await page.locator('img').count(), 0, 'a hostile name became markup');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.locator('.node-queue.node-dlq').click();
    const messages = await posted(page);
    assert.deepEqual(messages, [{ type: 'ready' }, { type: 'openNode', nodeId: 'queue:orders.dlq' }]);
    for (const message of messages) assert.ok(parseTopologyMessage(message).ok);
    await page.locator(`.node[data-id="queue:${HOSTILE.replace(/"/g, '\\"')}"]`).press('Enter');
    const last = (await posted(page)).at(-1);
    assert.ok(parseTopologyMessage(last).ok, 'an open of a hostile name is still a valid message');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('peek: lists the messages with why they died; redrive asks for the dry run to the chosen destination first', async () => {
    const { page, problems } = await open('peek');
    await page.locator('.peek-row').nth(1).waitFor();
    await page.locator('.peek-deaths li', { hasText: 'rejected in </script>' }).waitFor();
    assert.equal(await page.locator('img').count(), 0, 'a hostile header or body became markup');
    assert.match((await page.locator('.peek-row').nth(1).textContent()) ?? '', /redelivered/);
    assert.equal(await page.locator('#redrive-selected').getAttribute('disabled'), '');
    assert.deepEqual(await page.locator('#redrive-destination option').allTextContents(), ['back to the queue each died in', 'to the exchange each was first published to', 'to exchange orders', 'to exchange orders.retry']);
    await page.locator('.peek-row').nth(1).locator('input[type=checkbox]').check();
    await page.locator('#redrive-selected').click();
    await page.locator('#redrive-destination').selectOption({ label: 'to exchange orders.retry' });
    await page.locator('#redrive-all').click();
    await page.locator('.peek-row').first().dblclick();
    const messages = await posted(page);
    assert.deepEqual(messages, [
      { type: 'ready' },
      { type: 'planRedrive', positions: [1], destination: { to: 'origin-queue' } },
      { type: 'planRedrive', positions: 'all', destination: { to: 'exchange', exchange: 'orders.retry' } },
      { type: 'open', position: 0 },
    ]);
    for (const message of messages) assert.ok(parsePeekMessage(message).ok);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('peek: a text body shows as the text itself, not as a quoted JSON string; a JSON body stays a tree', async () => {
    const textView: PeekView = {
      ...view,
      messages: [
        { ...view.messages[0], position: 0, body: 'not json at all', bodyKind: 'text' },
        { ...view.messages[1], position: 1, body: { note: 'json' }, bodyKind: 'json' },
      ],
    };
    const { page, problems } = await open('peek');
    await page.locator('.peek-row').nth(1).waitFor();
    await page.evaluate((json) => window.postMessage({ type: 'peek', view: JSON.parse(json) as unknown }, '*'), JSON.stringify(textView));
    await page.locator('.peek-row[data-position="0"]').click();
    await page.locator('.peek-body-text').waitFor();
    assert.equal(await page.locator('.peek-body-text').textContent(), 'not json at all');
    assert.equal(await page.locator('.peek-detail').getByText('"not json at all"').count(), 0, 'the text is shown in quotes');
    assert.match((await page.locator('.peek-detail h3', { hasText: 'Body' }).textContent()) ?? '', /Body \(text\)/);
    await page.locator('.peek-row[data-position="1"]').click();
    await page.locator('.peek-body-json').waitFor();
    assert.equal(await page.locator('.peek-body-text').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('peek: each row shows position, id, routing key, type, priority, redelivered, size and age; a header click sorts, the arrows follow the shown order', async () => {
    const base = view.messages[0];
    const columnsView: PeekView = {
      ...view,
      readAt: '2026-12-03T10:00:00.000Z',
      messages: [
        { ...base, position: 0, messageId: 'a', routingKey: 'order.paid', type: 'OrderPaid', priority: 5, redelivered: true, size: 2048, timestamp: '2026-12-03T09:59:50.000Z' },
        { ...base, position: 1, messageId: 'b', routingKey: 'order.created', type: 'OrderCreated', priority: 1, redelivered: false, size: 12, timestamp: '2026-12-03T07:00:00.000Z' },
        { ...base, position: 2, messageId: 'c', routingKey: 'order.shipped', redelivered: false, size: 700 },
      ],
    };
    const { page, problems } = await open('peek');
    await page.locator('.peek-row').nth(1).waitFor();
    await page.evaluate((json) => window.postMessage({ type: 'peek', view: JSON.parse(json) as unknown }, '*'), JSON.stringify(columnsView));
    await page.locator('.peek-row[data-position="2"]').waitFor();
    assert.deepEqual(await page.locator('.peek-sort').allTextContents(), ['#', 'message id', 'routing key', 'type', 'pri', 'redelivered', 'size', 'age']);
    const cells = async (position: number): Promise<string[]> => (await page.locator(`.peek-row[data-position="${position}"] td`).allTextContents()).slice(1, 9);
    assert.deepEqual(await cells(0), ['0', 'a', 'order.paid', 'OrderPaid', '5', 'redelivered', '2.0 KB', '10 s']);
    assert.deepEqual(await cells(1), ['1', 'b', 'order.created', 'OrderCreated', '1', '', '12 B', '3 h']);
    assert.deepEqual(await cells(2), ['2', 'c', 'order.shipped', '', '', '', '700 B', '']);
    assert.equal(await page.locator('.peek-row[data-position="2"] td.peek-col-age').getAttribute('title'), 'the publisher set no timestamp property');
    const shown = async (): Promise<string[]> => page.locator('.peek-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-position') ?? ''));
    assert.deepEqual(await shown(), ['0', '1', '2']);
    await page.locator('.peek-sort[data-column="size"]').click();
    assert.deepEqual(await shown(), ['1', '2', '0']);
    assert.equal(await page.locator('th.peek-col-size').getAttribute('aria-sort'), 'ascending');
    await page.locator('.peek-sort[data-column="size"]').click();
    assert.deepEqual(await shown(), ['0', '2', '1']);
    await page.locator('.peek-sort[data-column="age"]').click();
    assert.deepEqual(await shown(), ['0', '1', '2'], 'youngest first, no timestamp last');
    await page.locator('.peek-sort[data-column="routingKey"]').click();
    assert.deepEqual(await shown(), ['1', '0', '2']);
    // The selection moves in the order shown: order.created → order.paid → order.shipped.
    await page.locator('.peek-row[data-position="1"]').click();
    await page.locator('.peek-list').press('ArrowDown');
    assert.equal(await page.locator('.peek-row.selected').getAttribute('data-position'), '0');
    await page.locator('.peek-list').press('ArrowDown');
    assert.equal(await page.locator('.peek-row.selected').getAttribute('data-position'), '2');
    await page.setViewportSize({ width: 1100, height: 420 });
    await page.screenshot({ path: path.join(artifacts, 'rabbitmq-peek-columns.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('peek: Run through bus posts the selected message, or the checked ones', async () => {
    const { page, problems } = await open('peek');
    await page.locator('.peek-row').nth(1).waitFor();
    await page.locator('.peek-row').nth(1).click();
    await page.locator('#run-bus').click();
    await page.locator('.peek-row').nth(0).locator('input[type=checkbox]').check();
    await page.locator('.peek-row').nth(1).locator('input[type=checkbox]').check();
    await page.locator('#run-bus').click();
    const sent = (await posted(page)).filter((m) => (m as { type: string }).type === 'runThroughBus');
    assert.deepEqual(sent, [
      { type: 'runThroughBus', positions: [1] },
      { type: 'runThroughBus', positions: [0, 1] },
    ]);
    for (const message of sent) assert.ok(parsePeekMessage(message).ok);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('peek: lists the dry run the host sends, message by message, and only its button runs the redrive as listed', async () => {
    const { page, problems } = await open('peek');
    await page.locator('.peek-row').nth(1).waitFor();
    assert.equal(await page.locator('#redrive-plan').isVisible(), false);
    const plan: PeekRedrivePlan = {
      positions: 'all',
      destination: { to: 'exchange', exchange: 'orders.retry' },
      toSend: 1,
      skipped: 1,
      byTarget: [{ target: 'orders.retry → order.created', count: 1 }],
      items: [
        { position: 0, id: 'm-0', goes: 'orders.retry / order.created', death: `rejected in ${HOSTILE}` },
        { position: 1, id: 'm-1', stays: 'redriven 3 times already (x-efx-redrive-count); it keeps dying' },
      ],
    };
    await page.evaluate((data) => window.postMessage({ type: 'redrivePlan', plan: data }, '*'), plan);
    await page.locator('#redrive-plan h2', { hasText: 'Dry run: 1 would be sent, 1 stay' }).waitFor();
    assert.deepEqual(await page.locator('#redrive-plan .peek-plan-targets li').allTextContents(), ['1 → orders.retry → order.created']);
    assert.deepEqual(await page.locator('#redrive-plan .peek-plan-items li').allTextContents(), [`m-0 → orders.retry / order.created (rejected in ${HOSTILE})`, 'm-1 stays: redriven 3 times already (x-efx-redrive-count); it keeps dying']);
    assert.equal(await page.locator('img').count(), 0, 'a hostile name in the plan became markup');
    await page.locator('#redrive-confirm').click();
    assert.equal(await page.locator('#redrive-plan').isVisible(), false);
    const messages = await posted(page);
    assert.deepEqual(messages.at(-1), { type: 'redrive', positions: 'all', destination: { to: 'exchange', exchange: 'orders.retry' } });
    assert.ok(parsePeekMessage(messages.at(-1)).ok);
    // A plan that sends nothing offers nothing to confirm.
    await page.evaluate((data) => window.postMessage({ type: 'redrivePlan', plan: { ...data, toSend: 0, byTarget: [] } }, '*'), plan);
    assert.equal(await page.locator('#redrive-confirm').getAttribute('disabled'), '');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
