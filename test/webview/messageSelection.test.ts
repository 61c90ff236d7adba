/**
 * Selecting several messages in the message browser's built bundle (Chromium, the panel's CSP, a real
 * BrowseStore of 100,000 rows): click, Ctrl-click, Shift ranges (also across rows the page never fetched),
 * the keyboard, Ctrl-A; the count in the status line; aria-selected kept on the rows as the virtual list
 * scrolls them out and back; Re-publish Selected offered on a dead-letter topic only, posting exactly the
 * positions selected.
 */
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
// The Kafka kind describes its sources' positions (what the store keeps of each row).
import '../../src/connectors/kafka/kafkaSource';
import type { FlowEvent } from '../../src/core/envelope';
import { BrowseStore } from '../../src/panels/messageBrowser/browseStore';
import { launchBrowser } from '../support/browser';
import { openBrowserPage, type OpenedBrowser } from './browserHarness';

const TOTAL = 100_000;

function events(count: number): FlowEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${i}`,
    type: 'OrderCreated',
    timestamp: new Date(1_764_000_000_000 + i).toISOString(),
    data: { orderId: `Order-${i}` },
    metadata: {},
    // Partition and offset both follow the row: row i is partition i % 3, offset 1000 + i.
    source: { system: 'kafka', topic: 'orders.DLT', partition: i % 3, offset: String(1000 + i), key: `Order-${i}` },
  }));
}

const position = (i: number) => ({ partition: i % 3, offset: String(1000 + i) });
const row = (page: Page, i: number) => page.locator(`.message-row[data-index="${i}"]`);

async function selectedOnScreen(page: Page): Promise<number[]> {
  const indices = await page.locator('.message-list .message-row[aria-selected="true"]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.index)));
  return indices.sort((a, b) => a - b);
}

async function selectionStatus(page: Page): Promise<string> {
  return (await page.locator('#selection-status').textContent()) ?? '';
}

describe('message browser selection (built bundle, Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  const store = new BrowseStore(TOTAL);
  store.add(events(TOTAL));

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  async function opened(run: (opened: OpenedBrowser) => Promise<void>): Promise<void> {
    const view = await openBrowserPage(browser, store);
    try {
      await row(view.page, 0).waitFor();
      await run(view);
      assert.deepEqual(view.problems, []);
    } finally {
      await view.close();
    }
  }

  it('click selects one, Ctrl-click toggles, Shift-click selects a range, Ctrl+Shift adds one; the status line counts them', async () => {
    await opened(async ({ page }) => {
      assert.equal(await selectionStatus(page), '');
      await row(page, 2).click();
      assert.deepEqual(await selectedOnScreen(page), [2]);
      assert.equal(await selectionStatus(page), '1 selected');
      await row(page, 4).click();
      assert.deepEqual(await selectedOnScreen(page), [4], 'a plain click replaces the selection');

      await row(page, 7).click({ modifiers: ['Control'] });
      await row(page, 9).click({ modifiers: ['Control'] });
      assert.deepEqual(await selectedOnScreen(page), [4, 7, 9]);
      await row(page, 7).click({ modifiers: ['Control'] });
      assert.deepEqual(await selectedOnScreen(page), [4, 9], 'Ctrl-click again leaves it out');
      assert.equal(await selectionStatus(page), '2 selected');

      await row(page, 3).click();
      await row(page, 8).click({ modifiers: ['Shift'] });
      assert.deepEqual(await selectedOnScreen(page), [3, 4, 5, 6, 7, 8]);
      assert.equal(await selectionStatus(page), '6 selected');
      await row(page, 1).click({ modifiers: ['Shift'] });
      assert.deepEqual(await selectedOnScreen(page), [1, 2, 3], 'a new Shift range from the same anchor replaces the last');

      await row(page, 12).click({ modifiers: ['Control'] });
      await row(page, 14).click({ modifiers: ['Control', 'Shift'] });
      assert.deepEqual(await selectedOnScreen(page), [1, 2, 3, 12, 13, 14]);
      assert.equal(await selectionStatus(page), '6 selected');
      assert.equal(await page.locator('#message-list').getAttribute('aria-activedescendant'), 'message-14', 'the last clicked row has the focus');
      assert.equal(await page.locator('.message-row.focused').count(), 1);
    });
  });

  it('arrows move the focus and the selection, Shift+arrow extends it, Space toggles, Ctrl-A selects every row the browse holds, Escape clears', async () => {
    await opened(async ({ page }) => {
      await row(page, 5).click();
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await selectedOnScreen(page), [6]);
      assert.equal(await page.locator('#message-list').getAttribute('aria-activedescendant'), 'message-6');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      assert.deepEqual(await selectedOnScreen(page), [6, 7, 8]);
      await page.keyboard.press('Space');
      assert.deepEqual(await selectedOnScreen(page), [6, 7], 'Space leaves the focused row out');
      assert.equal(await page.locator('#message-list').getAttribute('aria-activedescendant'), 'message-8');

      await page.keyboard.press('Control+a');
      assert.equal(await selectionStatus(page), '100,000 selected');
      assert.equal(await page.locator('.message-list .message-row[aria-selected="false"]').count(), 0);
      await row(page, 3).click({ modifiers: ['Control'] });
      assert.equal(await selectionStatus(page), '99,999 selected');
      assert.equal(await row(page, 3).getAttribute('aria-selected'), 'false');
      await page.keyboard.press('Escape');
      assert.equal(await selectionStatus(page), '', 'Escape clears the selection');
      assert.equal(await page.locator('.message-list .message-row[aria-selected="true"]').count(), 0);
    });
  });

  it('keeps the selection while the virtual list scrolls rows out of the DOM and back, and a Shift range over rows never fetched', async () => {
    await opened(async ({ page, posted }) => {
      await row(page, 1).click();
      await row(page, 4).click({ modifiers: ['Shift'] });
      await row(page, 10).click({ modifiers: ['Control'] });
      const list = page.locator('#message-list');
      await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await row(page, TOTAL - 1).waitFor();
      assert.equal(await row(page, 1).count(), 0, 'the selected rows left the DOM');
      assert.equal(await selectionStatus(page), '5 selected');
      assert.deepEqual(await selectedOnScreen(page), []);

      await list.evaluate((element) => element.scrollTo({ top: 0 }));
      await row(page, 0).waitFor();
      assert.deepEqual(await selectedOnScreen(page), [1, 2, 3, 4, 10], 'rows rendered again come back selected');

      // From row 10 (the last clicked) to row 5,000: most of those rows the page never held; the host names them.
      await list.evaluate((element) => element.scrollTo({ top: 5_000 * 22 }));
      await row(page, 5_000).click({ modifiers: ['Control', 'Shift'] });
      await page.locator('#selection-status', { hasText: '4,995 selected' }).waitFor();
      assert.deepEqual(posted.filter((m) => (m as { type: string }).type === 'selectRange'), [{ type: 'selectRange', requestId: 1, from: 10, to: 5_000 }]);
      await list.evaluate((element) => element.scrollTo({ top: 2_500 * 22 }));
      // The rows around 5,000 stay in the DOM until the list renders the new place: wait for that first.
      await row(page, 2_500).waitFor();
      const unselected = page.locator('.message-list .message-row[aria-selected="false"]');
      const rendered = await page
        .waitForFunction(() => document.querySelectorAll('.message-list .message-row[aria-selected="false"]').length === 0, undefined, { timeout: 5_000 })
        .then(() => true, () => false);
      assert.ok(rendered, `the middle of the range is selected too; unselected rows shown: ${(await unselected.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-index')))).join(', ')}`);
    });
  });

  it('offers Re-publish Selected on a dead-letter topic only, and posts exactly the selected positions', async () => {
    await opened(async ({ page, posted, push }) => {
      const republish = page.locator('#action-republish');
      assert.equal(await republish.isVisible(), false, 'not a dead-letter topic (yet)');
      await push({ type: 'deadLetters', origins: ['orders'] });
      await republish.waitFor({ state: 'visible' });
      assert.equal(await republish.isDisabled(), true, 'nothing selected');
      await row(page, 2).click();
      await row(page, 6).click({ modifiers: ['Control'] });
      await row(page, 20).click({ modifiers: ['Control'] });
      await row(page, 21).click({ modifiers: ['Control', 'Shift'] });
      await republish.click();
      await page.locator('#message-list').focus();
      await page.keyboard.press('Control+a');
      await row(page, 0).click({ modifiers: ['Control'] });
      await republish.click();
      const sent = posted.filter((m) => (m as { type: string }).type === 'republish');
      assert.deepEqual(sent, [
        { type: 'republish', selection: { positions: [position(2), position(6), position(20), position(21)] } },
        { type: 'republish', selection: { all: true, except: [position(0)] } },
      ]);
    });
  });

  it('offers Save Selection as Recording and Copy Selection on any topic once something is selected, posting exactly the selected positions', async () => {
    await opened(async ({ page, posted }) => {
      const save = page.locator('#action-save-selection');
      const copy = page.locator('#action-copy-selection');
      assert.equal(await save.isVisible(), true, 'not only on dead-letter topics');
      assert.equal(await save.isDisabled(), true, 'nothing selected');
      assert.equal(await copy.isDisabled(), true, 'nothing selected');
      await row(page, 3).click();
      await row(page, 5).click({ modifiers: ['Control'] });
      await row(page, 8).click({ modifiers: ['Control', 'Shift'] });
      await page.locator('#selection-status', { hasText: '5 selected' }).waitFor();
      await save.click();
      await copy.click();
      await page.locator('#message-list').focus();
      await page.keyboard.press('Control+a');
      await row(page, 1).click({ modifiers: ['Control'] });
      await copy.click();
      const sent = posted.filter((m) => (m as { type: string }).type === 'recordSelection');
      const picked = [position(3), position(5), position(6), position(7), position(8)];
      assert.deepEqual(sent, [
        { type: 'recordSelection', selection: { positions: picked }, to: 'file' },
        { type: 'recordSelection', selection: { positions: picked }, to: 'clipboard' },
        { type: 'recordSelection', selection: { all: true, except: [position(1)] }, to: 'clipboard' },
      ]);
    });
  });

  it('keeps the same messages selected when the table is sorted', async () => {
    try {
      await sortedByPartition();
    } finally {
      store.sort = undefined;
    }
  });

  async function sortedByPartition(): Promise<void> {
    await opened(async ({ page }) => {
      await row(page, 0).click();
      await row(page, 3).click({ modifiers: ['Control'] });
      await page.locator('#sort-partition').click();
      // Partition 0 first: rows 0, 3, 6, … lead the sorted view.
      await page.locator('.message-list .message-row').first().waitFor();
      await page.waitForFunction(() => document.querySelector('#sort-partition')?.parentElement?.getAttribute('aria-sort') === 'ascending');
      await row(page, 6).waitFor();
      assert.deepEqual(await selectedOnScreen(page), [0, 3]);
      assert.equal(await selectionStatus(page), '2 selected');
    });
  }
});
