/**
 * The flow view in Chromium, on a trace the model builds (2,000 events over three systems, relays, causes,
 * gaps, retries), with the page from `buildWebviewHtml` and VS Code's dark theme variables: the page stays
 * small whatever the trace holds, a failed source shows its reason, hostile ids stay text, a click or Enter
 * asks the host to open the event, the buttons ask for exports, and pan and zoom redraw only what is in view.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseFlowMessage } from '../../src/protocol/flow';
import { launchBrowser } from '../support/browser';
import { flowViewOf, HOSTILE_ID, serveFlowPages } from './flowHarness';
import { openRecordingPage, distDir } from './pageServer';

const artifacts = path.join(__dirname, '..', '..', '..', 'test', 'e2e', 'artifacts');
const HOSTILE = HOSTILE_ID;

describe('Flow view in Chromium', function () {
  this.timeout(60_000);
  const views = new Map([
    ['/small', flowViewOf(12)],
    ['/large', flowViewOf(2000)],
    ['/followable', { ...flowViewOf(12), canFollow: true }],
    ['/following', { ...flowViewOf(12), canFollow: true, following: true }],
  ]);
  let browser: Browser | undefined;
  let served: Awaited<ReturnType<typeof serveFlowPages>> | undefined;
  let origin = '';

  before(async () => {
    assert.ok(fs.existsSync(path.join(distDir, 'flow.js')), 'no flow.js: run npm run build first');
    fs.mkdirSync(artifacts, { recursive: true });
    served = await serveFlowPages(views);
    origin = served.origin;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(at: string, width = 1000, height = 600): Promise<{ page: Page; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    const { page, problems } = await openRecordingPage(browser, `${origin}${at}`, { width, height });
    await page.waitForFunction(() => document.getElementById('flow-canvas')?.dataset.frameMs !== undefined);
    return { page, problems };
  }

  const posted = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  const canvasBox = async (page: Page) => {
    const box = await page.locator('#flow-canvas').boundingBox();
    assert.ok(box);
    return box;
  };

  it('paints 2,000 events with under 300 DOM nodes, says which source failed and why, and every message it posts is one the host accepts', async () => {
    const { page, problems } = await open('/large');
    const figures = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { nodes: document.getElementsByTagName('*').length, responseEnd: navigation.responseEnd, size: navigation.transferSize, domInteractive: navigation.domInteractive, drawn: performance.getEntriesByName('flow-first-paint')[0]?.startTime ?? NaN };
    });
    console.log(`      flow.firstPaintMs: ${(figures.drawn - figures.responseEnd).toFixed(0)} (page received to the first drawn frame, 2,000 events; ${figures.size} bytes; dom interactive at ${figures.domInteractive.toFixed(0)}, drawn at ${figures.drawn.toFixed(0)})`);
    console.log(`      flow.domNodes: ${figures.nodes}`);
    assert.ok(figures.nodes <= 300, `${figures.nodes} DOM nodes`);
    assert.match((await page.locator('#flow-status').textContent()) ?? '', /^2,000 events · 3 systems · \d+ gaps · 2 of 3 source\(s\) answered, 1 failed · ±1 h around/);
    assert.deepEqual(await page.locator('#flow-sources li').allTextContents(), ['Down RabbitMQ › audit: failed — connect ECONNREFUSED 127.0.0.1:5999', 'Rig RabbitMQ › orders.payments: left out — left out by you']);
    await page.locator('#export-ndjson').click();
    await page.locator('#export-mermaid').click();
    await page.locator('#widen').click();
    const messages = await posted(page);
    assert.deepEqual(messages, [{ type: 'ready' }, { type: 'export', format: 'ndjson' }, { type: 'export', format: 'mermaid' }, { type: 'widen' }]);
    for (const message of messages) assert.ok(parseFlowMessage(message).ok);
    await page.screenshot({ path: path.join(artifacts, 'flow-view-2000.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a click on an event asks the host to open it; arrow keys move between events and Enter opens the selected one', async () => {
    const { page, problems } = await open('/small');
    const box = await canvasBox(page);
    // The view starts at 1:1 with the first column just right of the lane names (150 px + 16 px), lanes from 8 px down.
    await page.mouse.click(box.x + 166 + 190 * 2 + 40, box.y + 8 + 100 * 2 + 50);
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'openNode', index: 2 }]);
    assert.match((await page.locator('#flow-detail').textContent()) ?? '', /^OrderBilled · Local · Local › Order-0 v1/);
    assert.match((await page.locator('#flow-detail').textContent()) ?? '', /caused by OrderPlaced at orders → billing #0 \(key order\.placed\) \(\+50 ms\)/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).slice(2), [{ type: 'openNode', index: 4 }]);
    assert.match((await page.locator('#flow-detail').textContent()) ?? '', /the same message, relayed/);
    assert.match((await page.locator('#flow-detail').textContent()) ?? '', /dead-lettered 2× \(rejected\) in billing/);
    await page.screenshot({ path: path.join(artifacts, 'flow-view.png') });
    // A hostile id is text in the detail, never markup.
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    assert.ok(((await page.locator('#flow-detail').textContent()) ?? '').includes(HOSTILE));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('#flow-detail img').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('Keep Following asks the host to follow; while following it says so and Stop stops it; a view with nothing to follow offers none', async () => {
    const { page, problems } = await open('/followable');
    assert.equal(await page.locator('#follow').isDisabled(), false);
    assert.equal(await page.locator('#stop').isDisabled(), true);
    await page.locator('#follow').click();
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'follow' }]);
    assert.ok(parseFlowMessage({ type: 'follow' }).ok);
    await page.close();
    const following = await open('/following');
    assert.equal(await following.page.locator('#follow').textContent(), 'Following…');
    assert.equal(await following.page.locator('#follow').isDisabled(), true);
    await following.page.locator('#stop').click();
    assert.deepEqual((await posted(following.page)).slice(1), [{ type: 'stop' }]);
    await following.page.close();
    const none = await open('/small');
    assert.equal(await none.page.locator('#follow').isDisabled(), true);
    await none.page.close();
    assert.deepEqual([...problems, ...following.problems, ...none.problems], []);
  });

  it('pans and zooms by redrawing only the columns in view, within a frame', async () => {
    const { page, problems } = await open('/large');
    const box = await canvasBox(page);
    const frames: number[] = [];
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 10; i++) {
      await page.mouse.wheel(0, i < 5 ? 300 : -300);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      frames.push(Number(await page.locator('#flow-canvas').getAttribute('data-frame-ms')));
    }
    await page.mouse.down();
    await page.mouse.move(box.x + 100, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    frames.push(Number(await page.locator('#flow-canvas').getAttribute('data-frame-ms')));
    await page.locator('#zoom-fit').click();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    frames.push(Number(await page.locator('#flow-canvas').getAttribute('data-frame-ms')));
    const worst = Math.max(...frames);
    console.log(`      flow.panZoomFrameMs: ${worst.toFixed(2)} (worst of ${frames.length} frames, 2,000 events; fit draws them all)`);
    assert.ok(frames.every((f) => Number.isFinite(f) && f >= 0));
    assert.equal((await posted(page)).length, 1, 'a drag opened nothing');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
