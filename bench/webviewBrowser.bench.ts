/**
 * The Kafka message browser over 100,000 messages: the host's bounded store filled with 100,000 decoded
 * messages (its heap beside the messages' raw bytes), then the built bundle in headless Chromium paging
 * through it (first rows painted after the first row answer, rows in the DOM while scrolling to the end).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FlowEvent } from '../src/core/envelope';
import { BrowseStore } from '../src/panels/messageBrowser/browseStore';
import { launchBrowser } from '../test/support/browser';
import { openBrowserPage } from '../test/webview/browserHarness';
import { SkipBenchmark, type Benchmark } from './benchmark';
import { figure, round } from './measure';

const MESSAGES = 100_000;
const OPENS = 5;
const MAX_FIRST_ROWS_MS = 300;
const MAX_ROWS = 200;
const MAX_MEMORY_RATIO = 2;

/** Messages as the connector decodes them: the Order flow's shape, about 200 bytes of JSON each. */
function message(i: number): { event: FlowEvent; rawBytes: number } {
  const key = `Order-${100_000 + (i % 20_000)}`;
  const value = JSON.stringify({ orderId: key, customerId: `customer-${i % 97}`, items: [{ sku: `SKU-${i % 501}`, quantity: 1 + (i % 3), price: 19.99 }], total: 19.99 * (1 + (i % 3)), currency: 'EUR' });
  const headers = [
    { key: 'event-type', value: 'ItemAdded' },
    { key: 'correlation-id', value: `corr-${i.toString(16).padStart(8, '0')}` },
  ];
  const rawBytes = Buffer.byteLength(value) + Buffer.byteLength(key) + headers.reduce((sum, h) => sum + h.key.length + h.value.length, 0) + 8 + 8 + 4;
  const event: FlowEvent = {
    id: `orders/${i % 3}/${i}`,
    type: 'ItemAdded',
    timestamp: new Date(1_764_000_000_000 + i * 10).toISOString(),
    data: JSON.parse(value) as FlowEvent['data'],
    aggregateId: key,
    metadata: { correlationId: headers[1].value, headers },
    source: { system: 'kafka', topic: 'orders', partition: i % 3, offset: String(Math.floor(i / 3)), key },
  };
  return { event, rawBytes };
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

export const webviewBrowserBenchmark: Benchmark = {
  name: 'webview-kafka-browser',
  title: 'Kafka message browser with 100,000 messages (host store + built bundle, headless Chromium)',
  target: `host memory for the browse ≤ ${MAX_MEMORY_RATIO}× the raw bytes; ≤ ${MAX_ROWS} rows in the DOM; first rows painted ≤ ${MAX_FIRST_ROWS_MS} ms after the first row answer`,
  async run() {
    if (!fs.existsSync(path.join(__dirname, '..', '..', 'dist', 'webview', 'messageBrowser.js'))) throw new SkipBenchmark('no webview bundle: npm run build');
    if (!(globalThis as { gc?: unknown }).gc) throw new SkipBenchmark('run with node --expose-gc (npm run bench does) to measure the store');
    // The store is filled batch by batch, as a browse does; what it keeps is the heap its clearing frees.
    const store = new BrowseStore(MESSAGES);
    let rawBytes = 0;
    for (let from = 0; from < MESSAGES; from += 20_000) {
      const batch = Array.from({ length: 20_000 }, (_, j) => message(from + j));
      rawBytes += batch.reduce((sum, m) => sum + m.rawBytes, 0);
      store.add(batch.map((m) => m.event));
    }
    const browser = await launchBrowser();
    try {
      const firstRows: number[] = [];
      let maxRows = 0;
      for (let open = 0; open <= OPENS; open++) {
        const opened = await openBrowserPage(browser, store);
        const { page } = opened;
        // From the first row answer the page received to the first frame with message rows in it.
        const ms = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const check = (): void => {
                if (document.querySelector('.message-row[data-index]')) {
                  const entries = performance.getEntriesByName('efx-first-rows');
                  requestAnimationFrame(() => resolve(performance.now() - (entries[0]?.startTime ?? 0)));
                } else requestAnimationFrame(check);
              };
              check();
            }),
        );
        if (open > 0) firstRows.push(ms);
        maxRows = Math.max(maxRows, await page.locator('.message-row[data-index]').count());
        if (open === OPENS) {
          for (const fraction of [0.25, 0.5, 1]) {
            await page.locator('#message-list').evaluate((list, f) => list.scrollTo({ top: list.scrollHeight * f }), fraction);
            await page.waitForTimeout(250);
            maxRows = Math.max(maxRows, await page.locator('.message-row').count());
          }
          await page.locator(`.message-row[data-index="${MESSAGES - 1}"]`).waitFor({ timeout: 15_000 });
          if (opened.problems.length > 0) throw new Error(`the page reported problems: ${opened.problems.join('; ')}`);
        }
        await opened.close();
      }
      const withStore = heapUsed();
      store.clear();
      const storeBytes = withStore - heapUsed();
      const paint = figure(firstRows);
      const ratio = storeBytes / rawBytes;
      const pass = paint.median <= MAX_FIRST_ROWS_MS && maxRows <= MAX_ROWS && ratio <= MAX_MEMORY_RATIO;
      return {
        name: this.name,
        title: this.title,
        size: `${MESSAGES.toLocaleString('en-US')} messages (${(rawBytes / 2 ** 20).toFixed(1)} MiB raw), ${OPENS} opens`,
        target: this.target,
        ours: paint,
        status: pass ? 'pass' : 'miss',
        note: 'ours = first frame with message rows after the page received its first rows (navigation start when none is marked); memory = heap freed by clearing the store (after GC) ÷ the messages’ raw key + value + header bytes',
        extra: { storeMiB: round(storeBytes / 2 ** 20, 1), rawMiB: round(rawBytes / 2 ** 20, 1), memoryRatio: round(ratio, 2), maxDomRows: maxRows },
      };
    } finally {
      await browser.close();
    }
  },
};
