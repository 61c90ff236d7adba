/**
 * The message table in Chromium over a real BrowseStore, answered as the panel answers: a click on a
 * column's title sorts every row by it in the host (timestamp across partitions above all), a second click
 * reverses; the size column; long headers cut with an ellipsis in the cell and whole in its tooltip; the
 * correlation id the identity reader finds, wherever the message carries it.
 */
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { FlowEvent } from '../../src/core/envelope';
import { identityMetadata, readIdentity } from '../../src/core/identity';
import type { EventHeader } from '../../src/core/envelope';
import type { JsonValue } from '../../src/core/json';
import { BrowseStore } from '../../src/panels/messageBrowser/browseStore';
import { launchBrowser } from '../support/browser';
import { openBrowserPage } from './browserHarness';
import { KAFKA } from '../../src/connectors/kafka/kafkaSource';

const T0 = 1_764_000_000_000;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** As a browse returns them: partition 1's messages, then 2's, then 0's; times interleaved across them. */
function readOrder(): FlowEvent[] {
  const events: FlowEvent[] = [];
  for (const [order, partition] of [1, 2, 0].entries()) {
    for (let offset = 0; offset < 4; offset++) {
      const time = T0 + offset * 3000 + partition * 1000;
      const value = 'x'.repeat(10 + order * 4 + offset);
      events.push({
        id: `p${partition}-${offset}`,
        type: 'OrderCreated',
        timestamp: new Date(time).toISOString(),
        data: value,
        payload: { kind: 'text', size: value.length, preview: value, truncated: false },
        metadata: { headers: [{ key: 'tenant', value: 'acme-corporation-international' }, { key: 'correlation-id', value: `corr-${partition}-${offset}` }, { key: 'traceparent', value: TRACEPARENT }] },
        source: { system: KAFKA, topic: 'orders', partition, offset: String(offset), key: `k${partition}` },
      });
    }
  }
  return events;
}

/** Messages carrying their correlation id where real systems put it, read as a browse reads them. */
function correlated(): FlowEvent[] {
  const LONG = `req-${'7'.repeat(90)}`;
  const carriers: { headers: EventHeader[]; body: JsonValue }[] = [
    { headers: [{ key: 'kafka_correlationId', value: 'spring-42' }], body: { orderId: 'Order-1' } },
    { headers: [{ key: 'traceparent', value: TRACEPARENT }], body: { orderId: 'Order-2' } },
    { headers: [], body: { orderId: 'Order-3', correlation_id: 'body-7' } },
    { headers: [{ key: 'X-Correlation-ID', value: LONG }], body: { orderId: 'Order-4' } },
    { headers: [], body: { orderId: 'Order-5', metadata: { correlationId: 'envelope-3' } } },
  ];
  return carriers.map(({ headers, body }, offset): FlowEvent => ({
    id: `c-${offset}`,
    type: 'OrderCreated',
    timestamp: new Date(T0 + offset * 1000).toISOString(),
    data: body,
    metadata: { ...identityMetadata(readIdentity({ headers, body })), headers },
    source: { system: KAFKA, topic: 'orders', partition: 0, offset: String(offset), key: `k${offset}` },
  }));
}

async function column(page: Page, name: string): Promise<string[]> {
  return page.locator(`.message-list .message-row .cell.${name}`).allTextContents();
}

describe('message table: sort, size, headers (Chromium, real store)', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  it('sorts by timestamp across partitions on a click, reverses on the second, and by size', async () => {
    const store = new BrowseStore(100);
    store.add(readOrder());
    const opened = await openBrowserPage(browser, store);
    try {
      const { page } = opened;
      await page.locator('.message-row[data-index="11"]').waitFor();
      assert.deepEqual((await column(page, 'partition')).slice(0, 5), ['1', '1', '1', '1', '2']);
      await page.locator('#sort-timestamp').click();
      await page.locator('.message-header .cell.timestamp[aria-sort="ascending"]').waitFor();
      await page.waitForFunction(() => document.querySelector('.message-list .message-row .cell.partition')?.textContent === '0');
      const ascending = await column(page, 'time');
      assert.deepEqual(ascending, [...ascending].sort());
      assert.deepEqual((await column(page, 'partition')).slice(0, 6), ['0', '1', '2', '0', '1', '2']);
      await page.locator('#sort-timestamp').click();
      await page.locator('.message-header .cell.timestamp[aria-sort="descending"]').waitFor();
      await page.waitForFunction(() => document.querySelector('.message-list .message-row .cell.partition')?.textContent === '2');
      const descending = await column(page, 'time');
      assert.deepEqual(descending, [...ascending].reverse());
      await page.locator('#sort-size').click();
      await page.locator('.message-header .cell.size[aria-sort="ascending"]').waitFor();
      await page.waitForFunction(() => document.querySelector('.message-list .message-row .cell.size')?.textContent === '10 B');
      assert.equal((await column(page, 'size')).at(-1), '21 B');
      assert.equal(await page.locator('.message-header .cell.timestamp').getAttribute('aria-sort'), 'none');
      // Selection names the message, not the place: the row opened is the one clicked.
      await page.locator('.message-list .message-row').first().click();
      await page.locator('#action-open').click();
      const open = opened.posted.filter((m) => (m as { type: string }).type === 'open').at(-1) as { index: number };
      assert.equal(store.byIndex(open.index)?.size, 10);
      assert.deepEqual(opened.problems, []);
    } finally {
      await opened.close();
    }
  });

  it('shows the correlation id the identity reader finds in headers, body or envelope, whole on hover, and sorts by it', async () => {
    const store = new BrowseStore(100);
    store.add(correlated());
    const opened = await openBrowserPage(browser, store);
    try {
      const { page } = opened;
      await page.locator('.message-row[data-index="4"]').waitFor();
      assert.equal(await page.locator('.message-header .cell.correlation').textContent(), 'Correlation id');
      const long = `req-${'7'.repeat(90)}`;
      assert.deepEqual(await column(page, 'correlation'), ['spring-42', '', 'body-7', long, 'envelope-3']);
      assert.equal(await page.locator('.message-row[data-index="3"] .cell.correlation').getAttribute('title'), long);
      const none = page.locator('.message-row[data-index="1"] .cell.correlation');
      assert.match((await none.getAttribute('class')) ?? '', /\bnone\b/);
      assert.match((await none.getAttribute('title')) ?? '', /No correlation id/);
      const cut = await page.locator('.message-row[data-index="3"] .cell.correlation').evaluate((element) => ({ overflow: getComputedStyle(element).textOverflow, cut: element.scrollWidth > element.clientWidth }));
      assert.deepEqual(cut, { overflow: 'ellipsis', cut: true });

      await page.locator('#sort-correlation').click();
      await page.locator('.message-header .cell.correlation[aria-sort="ascending"]').waitFor();
      await page.waitForFunction(() => document.querySelector('.message-list .message-row .cell.correlation')?.textContent === '');
      assert.deepEqual(await column(page, 'correlation'), ['', 'body-7', 'envelope-3', long, 'spring-42'], 'none first, then by id');
      await page.locator('#sort-correlation').click();
      await page.locator('.message-header .cell.correlation[aria-sort="descending"]').waitFor();
      await page.waitForFunction(() => document.querySelector('.message-list .message-row .cell.correlation')?.textContent === 'spring-42');
      assert.deepEqual(await column(page, 'correlation'), ['spring-42', long, 'envelope-3', 'body-7', '']);
      assert.deepEqual(opened.problems, []);
    } finally {
      await opened.close();
    }
  });

  it('cuts long headers with an ellipsis in the cell and shows them whole on hover (traceparent included)', async () => {
    const store = new BrowseStore(100);
    store.add(readOrder());
    const opened = await openBrowserPage(browser, store);
    try {
      const { page } = opened;
      const cell = page.locator('.message-row[data-index="0"] .cell.headers');
      await cell.waitFor();
      assert.equal(await cell.getAttribute('title'), `tenant=acme-corporation-international, correlation-id=corr-1-0, traceparent=${TRACEPARENT}`);
      const shown = await cell.evaluate((element) => ({ overflow: getComputedStyle(element).textOverflow, cut: element.scrollWidth > element.clientWidth }));
      assert.deepEqual(shown, { overflow: 'ellipsis', cut: true });
    } finally {
      await opened.close();
    }
  });
});
