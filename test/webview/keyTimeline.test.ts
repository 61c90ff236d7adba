/**
 * A Kafka key timeline in Chromium over a real TimelineSession (a short stream, no versions of its own):
 * ticking two types and then "Show all" brings every row back, filled, and the selected event is no
 * longer "hidden by the filter"; a tombstone is listed and shown as one.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { recordToEvent } from '../../src/connectors/kafka/records';
import type { FlowEvent } from '../../src/core/envelope';
import { genericReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { timelinePagesForSuite } from './timelineHarness';

const TYPES = ['OrderCreated', 'ItemAdded', 'ItemAdded', 'OrderPaid', 'OrderShipped'];

/** Twelve records of one key over three partitions' worth of offsets, as a key timeline reads them. */
function keyTimeline(): TimelineSession {
  const events: FlowEvent[] = Array.from({ length: 12 }, (_, i) => ({
    id: `orders-${i % 3}-${i}`,
    type: TYPES[i % TYPES.length] ?? 'OrderCreated',
    timestamp: new Date(1_764_000_000_000 + i * 1000).toISOString(),
    data: { orderId: 'Order-7', step: i },
    metadata: { headers: [{ key: 'event-type', value: TYPES[i % TYPES.length] ?? '' }] },
    source: { system: 'kafka', topic: 'orders', partition: i % 3, offset: String(i), key: 'Order-7' },
  }));
  return new TimelineSession({ storeLabel: 'kafka · orders', aggregateId: 'Order-7', aggregateType: 'orders', events, reducer: genericReducer });
}

async function rowTypes(page: Page): Promise<string[]> {
  return page.locator('.event-row .row-type').allTextContents();
}

describe('Kafka key timeline webview (Chromium, real session)', function () {
  this.timeout(60_000);
  const openPage = timelinePagesForSuite();

  it('after two types are ticked, Show all fills every row again and the selection is shown', async () => {
    const opened = await openPage(keyTimeline());
    const { page } = opened;
    try {
      await page.locator('.event-row').nth(11).waitFor({ timeout: 15_000 });
      await page.locator('.event-row[data-index="0"]').click();
      await page.locator('#event-position', { hasText: '1 of 12' }).waitFor({ timeout: 15_000 });
      await page.locator('#filter vscode-checkbox[value="ItemAdded"]').click();
      await page.waitForFunction(() => document.querySelectorAll('.event-row').length === 5, undefined, { timeout: 15_000 });
      await page.locator('#filter vscode-checkbox[value="OrderPaid"]').click();
      await page.waitForFunction(() => document.querySelectorAll('.event-row').length === 7, undefined, { timeout: 15_000 });
      assert.deepEqual([...new Set(await rowTypes(page))].sort(), ['ItemAdded', 'OrderPaid']);
      assert.equal(await page.locator('#event-position').textContent(), 'hidden by the filter');
      await page.locator('.filter-bar .link-button', { hasText: 'Show all' }).click();
      await page.waitForFunction(() => document.querySelectorAll('.event-row').length === 12, undefined, { timeout: 15_000 });
      assert.equal(await page.locator('#event-list .placeholder, #event-list .event-row.placeholder').count(), 0);
      assert.deepEqual([...new Set(await rowTypes(page))].sort(), ['ItemAdded', 'OrderCreated', 'OrderPaid', 'OrderShipped']);
      await page.locator('#event-position', { hasText: '1 of 12' }).waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#filter vscode-checkbox[checked]').count(), 0);
      // One filter per click, none posted by the page on its own.
      const filters = opened.requests.filter((r) => (r as { type: string }).type === 'setFilter');
      assert.deepEqual(filters, [
        { type: 'setFilter', types: ['ItemAdded'] },
        { type: 'setFilter', types: ['ItemAdded', 'OrderPaid'] },
        { type: 'setFilter', types: [] },
      ]);
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });

  it('lists and shows a tombstone as "tombstone (null value)", and an empty value as 0 bytes of text', async () => {
    const at = (offset: string, value: Buffer | null) => recordToEvent('accounts', 0, { offset, timestamp: '1764763200000', key: Buffer.from('acct-1'), value });
    const session = new TimelineSession({ storeLabel: 'kafka · accounts', aggregateId: 'acct-1', aggregateType: 'accounts', events: [at('0', Buffer.alloc(0)), at('1', null)], reducer: genericReducer });
    const opened = await openPage(session);
    const { page } = opened;
    try {
      await page.locator('.event-row[data-index="1"]').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('.event-row[data-index="1"] .row-summary').textContent(), 'tombstone (null value)');
      await page.locator('#payload-missing', { hasText: 'tombstone (null value): no bytes at all, not an empty value' }).waitFor({ timeout: 15_000 });
      await page.locator('.event-row[data-index="0"]').click();
      await page.locator('#payload .payload-note', { hasText: 'text payload, 0 bytes' }).waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#payload-missing').count(), 0);
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });
});
