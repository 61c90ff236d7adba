/**
 * Every webview app under the panel's own CSP, in Chromium, through what a user does first: no
 * `securitypolicyviolation` at all (a blocked inline style silently does nothing, so only the report
 * shows it). The timeline and message browser talk to real sessions; the others carry their first view.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildFlowTrace } from '../../src/core/flow/flowTrace';
import { genericReducer } from '../../src/core/reducers';
import { sampleFlowEvents } from '../../src/core/samples';
import { busRunView } from '../../src/panels/busRun/busRunView';
import { BrowseStore } from '../../src/panels/messageBrowser/browseStore';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import type { WebviewApp } from '../../src/panels/webviewHtml';
import type { PeekView } from '../../src/protocol/rabbitmq/peek';
import type { TopologyGraph } from '../../src/protocol/topology';
import { STARTER_BUS_JS } from '../../src/sandbox/bus/starterBus';
import { ReducerSandbox } from '../../src/sandbox/reducerSandbox';
import { launchBrowser } from '../support/browser';
import { RECORDING_VSCODE_API } from './recordingVscodeApi';
import { generatedStream } from '../unit/panels/timelineEvents';
import { openBrowserPage } from './browserHarness';
import { cspViolations, watchCsp } from './cspWatch';
import { serveWebviewPages, type PageServer } from './pageServer';
import { timelinePagesForSuite } from './timelineHarness';
import { KAFKA } from '../../src/connectors/kafka/kafkaSource';

const graph: TopologyGraph = {
  connection: 'Rig',
  scope: '/',
  readAt: '2026-12-03T10:00:00.000Z',
  nodes: [
    { id: 'exchange:orders', kind: 'exchange', role: 'routes', name: 'orders', detail: 'topic', figures: [], marks: [], action: 'show it and its bindings in the tree' },
    { id: 'queue:orders.created', kind: 'queue', role: 'holds', name: 'orders.created', detail: 'classic', figures: [{ label: 'ready', value: 3 }, { label: 'unacked', value: 0 }, { label: 'consumers', value: 0, tooltipOnly: true }], marks: [], action: 'open its peek view' },
    { id: 'queue:orders.dlq', kind: 'queue', role: 'holds', name: 'orders.dlq', detail: 'classic', figures: [{ label: 'ready', value: 1 }, { label: 'unacked', value: 0 }, { label: 'consumers', value: 0, tooltipOnly: true }], marks: ['dlq'], action: 'open its peek view' },
  ],
  edges: [
    { from: 'exchange:orders', to: 'queue:orders.created', kind: 'route', label: 'order.*' },
    { from: 'queue:orders.created', to: 'queue:orders.dlq', kind: 'dead-letter', label: 'dead letters' },
  ],
};

const peek: PeekView = {
  broker: 'Rig',
  vhost: '/',
  queue: 'orders.dlq',
  queueType: 'classic',
  dlq: true,
  exchanges: ['orders'],
  notes: ['Ready before the peek: 2; after: 2.'],
  readAt: '2026-12-03T10:00:00.000Z',
  messages: [0, 1].map((position) => ({
    position,
    messageId: `m-${position}`,
    redelivered: position === 1,
    exchange: 'orders',
    routingKey: 'order.created',
    properties: { contentType: 'application/json' },
    headers: [{ key: 'tenant', value: 'acme' }],
    deaths: [{ why: 'rejected in orders.created', reason: 'rejected', queue: 'orders.created', exchange: 'orders', routingKeys: ['order.created'], count: 1 }],
    body: { orderId: `Order-${position}` },
    bodyKind: 'json' as const,
    size: 22,
  })),
};

async function settle(page: Page): Promise<void> {
  // Reports are queued as tasks: two frames and a task after the last action have delivered them.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
}

describe('webviews report no Content Security Policy violation (Chromium, panel CSP)', function () {
  this.timeout(120_000);
  const openTimeline = timelinePagesForSuite();
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  it('timeline: open, filter, step, select', async () => {
    const session = new TimelineSession({ storeLabel: 'Local', aggregateId: 'Counter-1', aggregateType: 'Counter', events: generatedStream(300), reducer: genericReducer });
    const { page } = await openTimeline(session, 'dark', { prepare: watchCsp });
    try {
      await page.locator('.event-row').first().waitFor({ timeout: 15_000 });
      await page.locator('#filter vscode-checkbox[value="LabelChanged"]').click();
      await page.locator('.filter-bar .link-button').click();
      await page.locator('#first').click();
      await page.locator('#next').click();
      await page.locator('.event-row').nth(3).click();
      await settle(page);
      assert.deepEqual(await cspViolations(page), []);
    } finally {
      await page.close();
    }
  });

  it('message browser: open, select two rows', async () => {
    const store = new BrowseStore(100);
    store.add(generatedStream(50).map((event, i) => ({ ...event, source: { system: KAFKA, topic: 'orders', partition: i % 3, offset: String(i), key: `k${i}` } })));
    const opened = await openBrowserPage(browser, store, undefined, undefined, watchCsp);
    try {
      const { page } = opened;
      await page.locator('.message-row[data-index="3"]').click();
      await page.locator('.message-row[data-index="4"]').click();
      await settle(page);
      assert.deepEqual(await cspViolations(page), []);
    } finally {
      await opened.close();
    }
  });

  describe('the apps that paint their first view (bus run, topology, peek, flow)', () => {
    let server: PageServer;
    let origin = '';
    const firstViews = new Map<WebviewApp, unknown>();
    let folder = '';

    before(async () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-csp-'));
      fs.writeFileSync(path.join(folder, 'bus.js'), STARTER_BUS_JS);
      const sandbox = new ReducerSandbox();
      const run = await sandbox.runBus(path.join(folder, 'bus.js'), sampleFlowEvents()).finally(() => sandbox.dispose());
      firstViews.set('busRun', busRunView(run, 'the sample flow'));
      firstViews.set('topology', { graph });
      firstViews.set('peek', { view: peek });
      const found = sampleFlowEvents().map((event) => ({ event, connectionId: 'local', connectionLabel: 'Local', source: 'Local' }));
      firstViews.set('flow', { view: { title: 'Flow', window: 'all time', trace: buildFlowTrace(found), sources: [], running: false, canWiden: false } });
      server = await serveWebviewPages((url) => {
        const app = url.pathname.slice(1) as WebviewApp;
        return firstViews.has(app) ? { app, title: app, firstView: firstViews.get(app), dark: false } : undefined;
      });
      origin = server.origin;
    });
    after(async () => {
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    async function openApp(app: WebviewApp, shown: string): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      await page.addInitScript({ content: RECORDING_VSCODE_API });
      await watchCsp(page);
      await page.goto(`${origin}/${app}`);
      await page.locator(shown).first().waitFor({ timeout: 15_000 });
      return page;
    }

    for (const [app, shown, act] of [
      ['busRun', '#bus-title', '.trace details.value summary'],
      ['topology', '.node', '.node-queue.node-dlq'],
      ['peek', '.peek-row', '.peek-row input[type=checkbox]'],
      ['flow', '#flow-canvas', '#zoom-in'],
    ] as const) {
      it(`${app}: open and click`, async () => {
        const page = await openApp(app, shown);
        try {
          await page.locator(act).first().click();
          await settle(page);
          assert.deepEqual(await cspViolations(page), []);
        } finally {
          await page.close();
        }
      });
    }
  });

  it('the watch reports what the CSP blocks (an inline style attribute set from HTML), so the checks above can fail', async () => {
    const session = new TimelineSession({ storeLabel: 'Local', aggregateId: 'Counter-1', aggregateType: 'Counter', events: generatedStream(5), reducer: genericReducer });
    const { page } = await openTimeline(session, 'dark', { prepare: watchCsp });
    try {
      await page.locator('.event-row').first().waitFor({ timeout: 15_000 });
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div style="color: red">probe</div>'));
      await settle(page);
      assert.match((await cspViolations(page)).join('\n'), /style-src-attr blocked inline/);
    } finally {
      await page.close();
    }
  });
});
