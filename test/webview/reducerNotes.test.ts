/**
 * What the timeline says about a workspace reducer that failed (real bundle in Chromium): a file that did
 * not load, a reducer that threw part way, which of two files is used; each place is a link the host opens.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { failingReducerTimeline } from '../unit/panels/failingReducerSession';
import { chooseReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import type { ReducerNote } from '../../src/protocol/timeline';
import { sampleOrderStream } from '../unit/panels/timelineEvents';
import { saveScreenshot } from '../support/browser';
import { timelinePagesForSuite } from './timelineHarness';

const ORDERS_PY = '/work/shop/.eventflow/reducers/orders.py';
const LOAD_FAILED: ReducerNote = {
  kind: 'load-failed',
  message: "orders.py did not load: No module named 'motor' (line 2) — using the built-in reducer",
  location: { file: ORDERS_PY, line: 2, column: 1 },
};

async function waitForVersion(page: Page, version: string): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector('#event-version')?.textContent === expected, version, { timeout: 15_000 });
}

function openLocations(requests: unknown[]): unknown[] {
  return requests.filter((request) => (request as { type?: unknown }).type === 'openLocation');
}

describe('timeline webview: reducer failures are shown where the user looks (Chromium, real bundle)', function () {
  this.timeout(120_000);
  const openPage = timelinePagesForSuite();

  it('shows a reducer file that did not load in a banner, with a link to its line', async () => {
    const { aggregateId, aggregateType, events } = sampleOrderStream();
    const session = new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType), reducerNotes: [LOAD_FAILED] });
    const opened = await openPage(session, 'light', { viewport: { width: 600, height: 700 } });
    const { page } = opened;
    try {
      await waitForVersion(page, '6');
      const banner = page.locator('#reducer-load-failures');
      assert.equal(await banner.isVisible(), true);
      assert.equal(await banner.locator('.reducer-failure-text').textContent(), LOAD_FAILED.message);
      await banner.locator('.source-link').click();
      await expectRequest(opened.requests, { type: 'openLocation', file: ORDERS_PY, line: 2, column: 1 });
      await saveScreenshot(page, 'timeline-reducer-load-failed');
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });

  it('marks every event after the failure "not replayed", counts them in the header, and links the failing line', async () => {
    const timeline = await failingReducerTimeline();
    const opened = await openPage(timeline.session, 'dark', { viewport: { width: 600, height: 700 } });
    const { page } = opened;
    try {
      await waitForVersion(page, '6');
      assert.equal(await page.locator('#not-replayed-count').textContent(), ' · 4 not replayed: the reducer failed at v3');
      assert.equal(await page.locator('#event-not-applied').textContent(), 'not replayed: the reducer failed at v3');
      assert.equal(await page.locator('.pane-state .section-badges').textContent(), 'not replayed');
      for (const index of [2, 3, 4, 5]) assert.match((await page.locator(`.event-row[data-index="${index}"]`).getAttribute('class')) ?? '', /\bnot-replayed\b/);
      assert.doesNotMatch((await page.locator('.event-row[data-index="1"]').getAttribute('class')) ?? '', /\bnot-replayed\b/);

      // The long message wraps instead of being cut, and the banner keeps its buttons on screen.
      const item = page.locator('#warnings .warning-reducer');
      const box = await item.evaluate((element) => ({ height: element.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(element).lineHeight) || 16, cut: element.scrollWidth > element.clientWidth + 1 }));
      assert.ok(box.height > 1.5 * box.lineHeight, `the message takes one line (${box.height}px): it is cut`);
      assert.equal(box.cut, false);
      const show = item.getByRole('button', { name: 'Show event' });
      const showBox = await show.boundingBox();
      assert.ok(showBox !== null && showBox.x + showBox.width <= 600, 'Show event is off screen');
      await item.locator('.source-link').click();
      await expectRequest(opened.requests, { type: 'openLocation', file: timeline.file, line: 5 }, true);
      await show.click();
      await waitForVersion(page, '3');
      assert.equal(await page.locator('#event-not-applied').textContent(), 'not replayed: the reducer failed at this event (v3)');
      await saveScreenshot(page, 'timeline-not-replayed');
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
      await timeline.dispose();
    }
  });

  it('says which of two reducers for the type is used, and why, under the header', async () => {
    const { aggregateId, aggregateType, events } = sampleOrderStream();
    const choice: ReducerNote = {
      kind: 'choice',
      message: 'order.js is used for Order; orders.py also exports Order and is ignored: a .js or .ts reducer wins over a .py class. Remove or rename the other to choose.',
      location: { file: '/work/shop/.eventflow/reducers/order.js', line: 1 },
    };
    const session = new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType), reducerNotes: [choice] });
    const opened = await openPage(session, 'dark');
    const { page } = opened;
    try {
      await waitForVersion(page, '6');
      assert.equal(await page.locator('#reducer-choice span').first().textContent(), choice.message);
      assert.equal(await page.locator('#reducer-load-failures').isHidden(), true);
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });
});

/** Waits for the page to have posted `expected`; `anyColumn` leaves the column out of the comparison. */
async function expectRequest(requests: unknown[], expected: Record<string, unknown>, anyColumn = false): Promise<void> {
  const deadline = Date.now() + 5000;
  const shown = (request: unknown): string => {
    const { column, ...rest } = request as Record<string, unknown>;
    return JSON.stringify(anyColumn || column === undefined ? rest : { ...rest, column });
  };
  for (;;) {
    if (openLocations(requests).some((request) => shown(request) === JSON.stringify(expected))) return;
    if (Date.now() > deadline) throw new Error(`the page posted no ${JSON.stringify(expected)}; it posted ${JSON.stringify(openLocations(requests))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
