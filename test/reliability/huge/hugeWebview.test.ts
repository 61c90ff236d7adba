/**
 * The real webview bundle in Chromium, under the panel's CSP, showing the details the host sends for a
 * 10 MB event and a 10,000-level nested one: each renders within a bound, the page keeps answering, and
 * the DOM stays the size of what is on screen, not of the data.
 */
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { genericReducer } from '../../../src/core/reducers';
import { TimelineSession } from '../../../src/panels/timeline/timelineSession';
import { launchBrowser } from '../../support/browser';
import { openTimeline, startTimelineServer, type OpenedTimeline, type TimelineServer } from '../../webview/timelineHarness';
import { figure } from '../support/figures';
import { hugeStream } from './hugeInputs';

const RENDER_BOUND_MS = 2000;
const RESPONSE_BOUND_MS = 500;
const MAX_ELEMENTS = 5000;

async function elementCount(page: Page): Promise<number> {
  return page.evaluate(() => document.getElementsByTagName('*').length);
}

/** Round trip of a script that lays the page out and waits for the next frame: a busy main thread shows up here. */
async function responseMs(page: Page): Promise<number> {
  const started = performance.now();
  await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.body.getBoundingClientRect().height))));
  return performance.now() - started;
}

describe('huge and deep input: the timeline webview in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: TimelineServer;
  let opened: OpenedTimeline;
  let page: Page;

  before(async () => {
    server = await startTimelineServer();
    browser = await launchBrowser();
    const session = new TimelineSession({ storeLabel: 'huge', aggregateId: 'Big-1', aggregateType: 'Big', events: hugeStream(), reducer: genericReducer });
    opened = await openTimeline(browser, server, session);
    page = opened.page;
    // It opens at the last event: the deep one.
    await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '3', undefined, { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [version, name, marker] of [
    ['2', '10MB', 'more characters'],
    ['3', 'deep10k', ''],
  ] as const) {
    it(`renders the ${name} event's detail within ${RENDER_BOUND_MS} ms and stays responsive`, async () => {
      await page.locator('#first').click();
      await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '1', undefined, { timeout: 10_000 });
      const baseline = await elementCount(page);
      const started = performance.now();
      await page.locator(`.event-row[data-index="${Number(version) - 1}"]`).click();
      await page.waitForFunction((v) => document.querySelector('#event-version')?.textContent === v, version, { timeout: 30_000 });
      const renderMs = performance.now() - started;
      const response = await responseMs(page);
      const elements = await elementCount(page);
      figure(`huge.webview.${name}.renderMs`, Math.round(renderMs));
      figure(`huge.webview.${name}.roundTripAfterRenderMs`, Math.round(response));
      figure(`huge.webview.${name}.elements`, elements);
      assert.ok(renderMs < RENDER_BOUND_MS, `rendered in ${renderMs} ms`);
      assert.ok(response < RESPONSE_BOUND_MS, `next frame after ${response} ms`);
      assert.ok(elements < MAX_ELEMENTS, `${elements} elements (${baseline} with the small event)`);
      const badges = (await page.locator('.pane-state .section-badges').textContent()) ?? '';
      assert.match(badges, /shortened for display/);
      if (marker) assert.match((await page.locator('#payload').textContent()) ?? '', new RegExp(marker));
      assert.deepEqual(opened.problems, []);
    });
  }
});
