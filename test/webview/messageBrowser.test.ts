/**
 * The message browser's built bundle in Chromium under the panel's CSP, paging from a real BrowseStore:
 * few rows in the DOM at 100,000, hostile keys and values shown as text, buttons posting what they name.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { recordToEvent } from '../../src/connectors/kafka/records';
import type { FlowEvent } from '../../src/core/envelope';
import { BrowseStore } from '../../src/panels/messageBrowser/browseStore';
import { launchBrowser } from '../support/browser';
import { openBrowserPage } from './browserHarness';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

function events(count: number): FlowEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${i}`,
    type: 'OrderCreated',
    timestamp: new Date(1_764_000_000_000 + i).toISOString(),
    data: { orderId: i === 0 ? HOSTILE : `Order-${i}` },
    metadata: { headers: [{ key: 'event-type', value: 'OrderCreated' }] },
    source: { system: 'kafka', topic: 'orders', partition: i % 3, offset: String(i), key: i === 0 ? HOSTILE : `Order-${i}` },
  }));
}

describe('message browser webview (built bundle, Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  const store = new BrowseStore(100_000);
  store.add(events(100_000));

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  it('pages 100,000 messages with few rows in the DOM, showing hostile text as text', async () => {
    const opened = await openBrowserPage(browser, store);
    try {
      const { page } = opened;
      await page.locator('.message-row[data-index="0"]').waitFor();
      assert.equal(await page.locator('.message-row[data-index="0"] .cell.key').textContent(), HOSTILE);
      assert.equal(await page.locator('.message-row img').count(), 0);
      await page.locator('#message-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
      await page.locator('.message-row[data-index="99999"]').waitFor();
      assert.ok((await page.locator('.message-row').count()) <= 200);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.match((await page.locator('#no-commit-note').textContent()) ?? '', /never commits offsets/);
      assert.deepEqual(opened.problems, []);
    } finally {
      await opened.close();
    }
  });

  it('posts open, compare, run through bus and a validated browse for what the user chose', async () => {
    const opened = await openBrowserPage(browser, store);
    try {
      const { page, posted } = opened;
      await page.locator('.message-row[data-index="2"]').click();
      await page.locator('.message-row[data-index="5"]').click();
      await page.locator('#action-compare').click();
      await page.locator('#action-open').click();
      await page.locator('#action-bus').click();
      await page.selectOption('#browse-mode', 'timestamp');
      await page.fill('#browse-timestamp', '2026-12-03T12:00:00Z');
      await page.fill('#filter-header', 'event-type=OrderCreated');
      await page.fill('#filter-jsonpath', '$[?(@.total > 100)]');
      await page.locator('#browse-start').click();
      await page.selectOption('#browse-mode', 'offset');
      await page.fill('#browse-offset', '-3');
      await page.locator('#browse-start').click();
      await page.locator('#browse-problem', { hasText: 'whole number' }).waitFor();
      const sent = posted.filter((m) => ['compare', 'open', 'runThroughBus', 'browse'].includes((m as { type: string }).type));
      assert.deepEqual(sent, [
        { type: 'compare', left: 2, right: 5 },
        { type: 'open', index: 5 },
        { type: 'runThroughBus', indices: [5] },
        { type: 'browse', parameters: { mode: 'timestamp', timestamp: Date.parse('2026-12-03T12:00:00Z'), filter: { headerKey: 'event-type', headerValue: 'OrderCreated', jsonPath: '$[?(@.total > 100)]' } } },
      ]);
    } finally {
      await opened.close();
    }
  });

  it('shows a tombstone as "tombstone (null value)", apart from an empty value, and a null key apart from an empty key', async () => {
    const small = new BrowseStore(10);
    const at = (offset: string, key: Buffer | null, value: Buffer | null) => recordToEvent('accounts', 0, { offset, timestamp: '1764763200000', key, value });
    small.add([at('0', Buffer.from('acct-1'), null), at('1', Buffer.from('acct-1'), Buffer.alloc(0)), at('2', null, Buffer.from('x')), at('3', Buffer.alloc(0), Buffer.from('x'))]);
    const opened = await openBrowserPage(browser, small);
    try {
      const { page } = opened;
      await page.locator('.message-row[data-index="3"]').waitFor();
      const cells = (selector: string) => page.locator(`.message-list ${selector}`).allTextContents();
      assert.deepEqual(await cells('.cell.value'), ['tombstone (null value)', 'empty value', 'x', 'x']);
      assert.deepEqual(await cells('.cell.key'), ['acct-1', 'acct-1', 'null key', 'empty key']);
      assert.match((await page.locator('.message-row[data-index="0"] .cell.value').getAttribute('title')) ?? '', /null: a tombstone/);
      assert.match((await page.locator('.message-row[data-index="1"] .cell.value').getAttribute('title')) ?? '', /empty \(0 bytes\), not null/);
      assert.deepEqual(opened.problems, []);
    } finally {
      await opened.close();
    }
  });
});
