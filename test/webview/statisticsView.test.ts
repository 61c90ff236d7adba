/**
 * The statistics view's built bundle in Chromium under the panel's CSP, its first view and its answers
 * made from real statistics (a `SchemaVariantFinder` pass) by the functions the panel uses: the variants
 * table shows each shape's drift against the most common one, hostile type names, field keys and ids stay
 * text (no element injected, no script run, no CSP violation), a click on a type asks for its variants and
 * a click on a variant's example posts the message that names that variant's event. A page restored after a
 * reload keeps its source in its state, shows why it has no figures (as text), and "Read Again" asks for
 * them on the type it showed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { withSource, type StoreStatistics } from '../../src/connectors/reads/statistics';
import { SchemaVariantFinder } from '../../src/core/schemaVariants';
import { exampleReference, statisticsViewOf, typeDetailOf } from '../../src/panels/statistics/statisticsView';
import { parseStatisticsMessage, type StatisticsFirstView, type StatisticsToWebview } from '../../src/protocol/statistics';
import { launchBrowser } from '../support/browser';
import { collectPageProblems, distDir, serveWebviewPages, type PageServer } from './pageServer';
import { waitUntil } from '../support/waits';
import { cspViolations, watchCsp } from './cspWatch';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const artifacts = path.join(repoRoot, 'test', 'e2e', 'artifacts');
const HOSTILE_TYPE = '</script><img onerror=alert(1)>';
const HOSTILE_KEY = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_ID = '<svg onload="window.__pwned=2">';
const HOSTILE_BANNER = '<img src=x onerror="window.__pwned=3"> was not read again: reading it marks messages redelivered.';
const RESTORED_ORIGIN = { kind: 'source' as const, connectionId: 'rabbitmq:test', label: 'Broker', source: 'orders' };

function statistics(): StoreStatistics {
  const finder = new SchemaVariantFinder();
  for (let i = 1; i <= 6; i++) finder.observe(HOSTILE_TYPE, { order_id: `o-${i}`, currency: 'EUR', total: i }, `2026-12-0${i}T10:00:00Z`, `Order-${i}`, 1, `e-${i}`);
  // Last Tuesday it lost `currency`, and one payload brought a key of its own.
  finder.observe(HOSTILE_TYPE, { order_id: 'o-7', total: 7 }, '2026-12-08T09:00:00Z', 'Order-7', 1, 'e-7');
  finder.observe(HOSTILE_TYPE, { order_id: 'o-8', total: 8 }, '2026-12-08T11:00:00Z', 'Order-8', 1, 'e-8');
  finder.observe(HOSTILE_TYPE, { order_id: 'o-9', total: 9, [HOSTILE_KEY]: 'x' }, '2026-12-08T12:00:00Z', HOSTILE_ID, 3, 'e-9');
  finder.observe('OrderPaid', { order_id: 'o-1', amount: 3 }, '2026-12-02T10:00:00Z', 'Order-1', 2, 'e-10');
  finder.observe('OrderPaid', { order_id: 'o-2', amount: '4' }, '2026-12-03T10:00:00Z', 'Order-2', 2, 'e-11');
  return withSource(finder.result(), 'Local', undefined, { method: 'all', read: 11, total: 11, note: 'all 11 events' }, 0);
}

describe('Statistics view in Chromium', function () {
  this.timeout(60_000);
  const held = statistics();
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let origin = '';

  before(async () => {
    assert.ok(fs.existsSync(path.join(distDir, 'statistics.js')), 'no statistics.js: run npm run build first');
    const detail = typeDetailOf(held, 0);
    const firstView: StatisticsFirstView = { view: statisticsViewOf(held), ...(detail ? { detail } : {}) };
    // What a restored panel writes before it has figures: an empty view with the banner that says why.
    const restoredView: StatisticsFirstView = {
      view: { subject: 'orders of Broker', sample: 'not read yet', notes: [], events: 0, skipped: 0, cutPayloads: 0, types: [], otherTypes: { events: 0, types: 0, typesAtLeast: false }, days: [], largestAggregates: [], aggregates: { counted: 0, exact: true }, banner: { text: HOSTILE_BANNER, readAgain: true } },
      origin: RESTORED_ORIGIN,
    };
    server = await serveWebviewPages((url) => (url.pathname === '/' ? { app: 'statistics', title: `Statistics: ${HOSTILE_TYPE}`, firstView: url.searchParams.has('restored') ? restoredView : firstView, dark: true } : undefined));
    origin = server.origin;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The page, with the panel's side played here through the same functions; every message kept. */
  async function open(restoredState?: unknown): Promise<{ page: Page; posted: unknown[]; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const posted: unknown[] = [];
    const problems: string[] = [];
    collectPageProblems(page, problems);
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.exposeFunction('__statisticsHost', (raw: unknown): StatisticsToWebview[] => {
      posted.push(raw);
      const parsed = parseStatisticsMessage(raw);
      if (!parsed.ok) return [{ type: 'error', message: parsed.error }];
      if (parsed.message.type === 'ready') return restoredState === undefined ? [{ type: 'view', view: statisticsViewOf(held) }] : [];
      if (parsed.message.type === 'readAgain') {
        const detail = typeDetailOf(held, parsed.message.typeIndex);
        return [{ type: 'view', view: statisticsViewOf(held) }, ...(detail ? [{ type: 'typeDetail' as const, detail }] : [])];
      }
      if (parsed.message.type === 'showType') {
        const detail = typeDetailOf(held, parsed.message.typeIndex);
        return detail ? [{ type: 'typeDetail', detail }] : [{ type: 'error', message: 'no such type' }];
      }
      return [];
    });
    await watchCsp(page);
    await page.addInitScript({
      content: `window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__statisticsHost(message).then((replies) => { for (const data of replies) window.dispatchEvent(new MessageEvent('message', { data })); }),
        getState: () => (${JSON.stringify(restoredState ?? null)}) ?? undefined,
        setState: (state) => { window.__saved = state; },
      });`,
    });
    await page.goto(restoredState === undefined ? `${origin}/` : `${origin}/?restored`);
    return { page, posted, problems };
  }

  const asked = (posted: unknown[], type: string): unknown[] => posted.filter((m) => (m as { type: string }).type === type);

  it("draws the variants table with each shape's drift, hostile names as text and nothing injected", async () => {
    const { page, posted, problems } = await open();
    await page.locator('#variant-table .variant-row[data-index="2"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.type-row').length === 2);
    assert.deepEqual(await page.locator('.type-row .type-name').allTextContents(), [HOSTILE_TYPE, 'OrderPaid']);
    assert.equal(await page.locator('#variant-heading').textContent(), HOSTILE_TYPE);
    assert.equal(await page.locator('.type-row[data-index="0"]').getAttribute('aria-pressed'), 'true');
    assert.match((await page.locator('.type-row[data-index="0"] .type-variants').textContent()) ?? '', /^3 shapes$/);
    // The most common shape first, then the one that lost `currency`, then the one that also added a key.
    const events = await page.locator('#variant-table .variant-events').allTextContents();
    const shares = await page.locator('#variant-table .variant-share').allTextContents();
    assert.deepEqual(events, ['6', '2', '1']);
    assert.deepEqual(shares, ['67%', '22%', '11%']);
    assert.match((await page.locator('.variant-row[data-index="0"] .variant-drift').textContent()) ?? '', /the reference shape/);
    assert.deepEqual(await page.locator('.variant-row[data-index="1"] .field-missing').allTextContents(), ['−data.currencystring']);
    assert.equal(await page.locator('.variant-row[data-index="1"] .field-added').count(), 0);
    assert.deepEqual(await page.locator('.variant-row[data-index="2"] .field-added .field-path').allTextContents(), [`data[${JSON.stringify(HOSTILE_KEY)}]`]);
    assert.equal(await page.locator('.variant-row[data-index="1"] .variant-first').textContent(), '2026-12-08 09:00:00 · v1');
    assert.equal(await page.locator('.variant-row[data-index="2"] .open-example').textContent(), `${HOSTILE_ID} v3`);
    assert.equal(await page.locator('.variant-row[data-index="0"] .variant-fields summary').textContent(), '4 fields');
    assert.deepEqual(await page.locator('#day-table .day-row th').allTextContents(), ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-08']);
    assert.match((await page.locator('#statistics-summary').textContent()) ?? '', /^11 events of 2 types from 2026-12-01 10:00:00 to 2026-12-08 12:00:00; all 11 events\.$/);
    // Nothing the data holds became an element or ran.
    assert.equal(await page.locator('img, svg, iframe, object, embed').count(), 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('script').length), 2);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(asked(posted, 'showType'), [], 'the first view carried the first type: nothing to ask');
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'statistics-view.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a click on a type shows its variants; a click on a variant's example posts the message naming that event; exports post their format", async () => {
    const { page, posted, problems } = await open();
    await page.locator('#variant-table .variant-row[data-index="2"]').waitFor();
    await page.locator('.variant-row[data-index="1"] .open-example').click();
    await page.locator('.variant-row[data-index="2"] .open-latest').click();
    await page.locator('.type-row[data-index="1"]').click();
    await page.waitForFunction(() => document.querySelector('#variant-heading')?.textContent === 'OrderPaid');
    assert.equal(await page.locator('.type-row[data-index="1"]').getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await page.locator('.variant-row[data-index="1"] .field-missing .field-path').allTextContents(), ['data.amount']);
    assert.deepEqual(await page.locator('.variant-row[data-index="1"] .field-added').allTextContents(), ['+data.amountstring']);
    await page.locator('.variant-row[data-index="0"] .open-example').click();
    await page.locator('#export-json').click();
    await page.locator('#export-csv').click();
    await waitUntil('both exports posted', () => Promise.resolve(asked(posted, 'export').length), (count) => count === 2);
    const opens = asked(posted, 'openExample') as { typeIndex: number; variantIndex: number; which: 'example' | 'latest' }[];
    assert.deepEqual(opens, [
      { type: 'openExample', typeIndex: 0, variantIndex: 1, which: 'example' },
      { type: 'openExample', typeIndex: 0, variantIndex: 2, which: 'latest' },
      { type: 'openExample', typeIndex: 1, variantIndex: 0, which: 'example' },
    ]);
    // Each names the event the button showed.
    assert.deepEqual(
      opens.map((m) => exampleReference(held, m.typeIndex, m.variantIndex, m.which)?.reference.aggregateId),
      ['Order-7', HOSTILE_ID, 'Order-1'],
    );
    assert.deepEqual(asked(posted, 'showType'), [{ type: 'showType', typeIndex: 1 }]);
    assert.deepEqual(asked(posted, 'export'), [
      { type: 'export', format: 'json' },
      { type: 'export', format: 'csv' },
    ]);
    for (const message of posted) assert.ok(parseStatisticsMessage(message).ok, JSON.stringify(message));
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('restored after a reload: keeps its source in its state, says why it has no figures as text, and Read Again asks for them on the type it showed', async () => {
    const { page, posted, problems } = await open({ typeIndex: 1, origin: RESTORED_ORIGIN });
    await page.locator('#statistics-banner').waitFor();
    assert.equal(await page.locator('#statistics-banner-text').textContent(), HOSTILE_BANNER);
    assert.ok(await page.locator('#read-again').isVisible(), 'no Read Again');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __saved?: unknown }).__saved), { typeIndex: 1, origin: RESTORED_ORIGIN });
    await page.locator('#read-again').click();
    await page.waitForFunction(() => document.querySelector('#variant-heading')?.textContent === 'OrderPaid');
    assert.ok(await page.locator('#statistics-banner').isHidden(), 'the banner stayed after the figures came');
    assert.equal(await page.locator('.type-row[data-index="1"]').getAttribute('aria-pressed'), 'true');
    assert.deepEqual(asked(posted, 'readAgain'), [{ type: 'readAgain', typeIndex: 1 }]);
    assert.equal(await page.locator('img, svg, iframe, object, embed').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
