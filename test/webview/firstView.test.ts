/**
 * The first view the panel writes into the page (init and the rows at the end of the view, as a JSON data
 * block): the list paints from it, at the end where it opens, before the host answers anything; the host's
 * repeated init redoes nothing; no event data can break out of the block. Chromium, real bundle, panel
 * CSP; needs `npm run build` first.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FlowEvent } from '../../src/core/envelope';
import { genericReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { generatedStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite } from './timelineHarness';

const BREAKOUT_ID = 'Counter-</script><script>window.__pwned=1</script><!--';
const IMG_TYPE = '<img src=x onerror=window.__pwned=1>';

/** Makes the page's host deaf: whatever the app posts is recorded and never answered. */
const SILENT_HOST = `
  window.__posted = [];
  const api = window.acquireVsCodeApi();
  window.acquireVsCodeApi = () => ({ ...api, postMessage: (message) => window.__posted.push(message) });
`;

/**
 * Records the script-src violations the page reports, from before the app runs (FAST's empty <style>
 * probe is a style-src one, and expected: see timelineHarness.ts).
 */
const VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective.startsWith('script-src')) window.__violations.push(event.effectiveDirective + ' ' + event.blockedURI);
  });
`;

function session(events: FlowEvent[], aggregateId = 'Counter-1'): TimelineSession {
  return new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType: 'Counter', events, reducer: genericReducer });
}

function posted(page: Page): Promise<{ type: string; offset?: number }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string; offset?: number }[] }).__posted);
}

describe('timeline webview: the first view comes with the page (Chromium, real bundle, panel CSP)', function () {
  this.timeout(60_000);
  const openPage = timelinePagesForSuite();

  it('paints the title and the rows at the end, where it opens, before the host answers anything', async () => {
    const { page, problems } = await openPage(session(generatedStream(100_000)), 'dark', {
      prepare: (p) => p.addInitScript({ content: SILENT_HOST }),
    });
    try {
      await page.locator('.event-row[data-index="99999"]').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#aggregate-id').textContent(), 'Counter-1');
      assert.match((await page.locator('.aggregate-facts').textContent()) ?? '', /100,000 events/);
      assert.ok((await page.locator('.event-row').count()) > 10, 'only a few rows were painted');
      const requests = await posted(page);
      assert.equal(requests[0]?.type, 'ready');
      assert.deepEqual(requests.filter((request) => request.type === 'requestRows'), [], 'the app asked for rows the page already had');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('takes the host answer to ready as the same view: it opens at the last event asking for no rows', async () => {
    const opened = await openPage(session(generatedStream(5_050)));
    const { page } = opened;
    try {
      // By the time the last event is selected the host has answered ready and the step to the last event.
      await page.locator('.event-row[data-index="5049"][aria-selected="true"]').waitFor({ timeout: 15_000 });
      const requests = opened.requests as { type: string; offset?: number }[];
      assert.equal(requests.filter((request) => request.type === 'ready').length, 1);
      assert.deepEqual(requests.filter((request) => request.type === 'requestRows'), [], 'rows were asked for: the repeated init reset the view, or the carried rows did not cover the end');
      await page.locator('#event-list').focus();
      await page.keyboard.press('Home');
      await page.locator('.event-row[data-index="0"][aria-selected="true"]').waitFor({ timeout: 15_000 });
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });

  it('keeps event data that tries to end the data block inside it, shown as text', async () => {
    const events = generatedStream(50, BREAKOUT_ID).map((event, i) => (i === 49 ? { ...event, type: IMG_TYPE } : event));
    const { page, problems } = await openPage(session(events, BREAKOUT_ID), 'dark', {
      prepare: async (p) => {
        await p.addInitScript({ content: VIOLATIONS });
        await p.addInitScript({ content: SILENT_HOST });
      },
    });
    try {
      await page.locator('.event-row[data-index="49"]').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#aggregate-id').textContent(), BREAKOUT_ID);
      assert.equal(await page.locator('.event-row[data-index="49"] .row-type').textContent(), IMG_TYPE);
      const page_ = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        violations: (window as unknown as { __violations: string[] }).__violations,
        dataBlocks: document.querySelectorAll('script[type="application/json"]').length,
        inlineScripts: Array.from(document.querySelectorAll('script:not([src])')).filter((script) => script.getAttribute('type') !== 'application/json').length,
        images: document.querySelectorAll('#app img').length,
      }));
      assert.deepEqual(page_, { pwned: undefined, violations: [], dataBlocks: 1, inlineScripts: 0, images: 0 });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
