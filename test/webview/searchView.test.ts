/**
 * The search view's built bundle in Chromium under the panel's CSP, its rows paged from a real
 * SearchResults of 10,000 events (hostile ids among them): the DOM stays bounded while scrolling to the
 * end, a click on a row posts the open message for that row's event and its Trace button the trace
 * message, text from brokers stays text, and the form says what is wrong before posting anything.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import '../../src/connectors/kafka/kafkaSource';
import type { FoundEvent } from '../../src/core/flow/flowTypes';
import { SearchResults } from '../../src/panels/search/searchResults';
import { parseSearchMessage, parseSearchState, type SearchFirstView, type SearchState, type SearchToWebview, type SearchView } from '../../src/protocol/search';
import { launchBrowser } from '../support/browser';
import { collectPageProblems, distDir, serveWebviewPages, type PageServer } from './pageServer';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const artifacts = path.join(repoRoot, 'test', 'e2e', 'artifacts');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const T0 = Date.parse('2026-12-06T10:00:00.000Z');

function results(count: number): SearchResults {
  const held = new SearchResults();
  const found: FoundEvent[] = Array.from({ length: count }, (_, i) => ({
    event: { id: i === 0 ? HOSTILE : `e${i}`, type: i === 0 ? HOSTILE : 'OrderPlaced', timestamp: new Date(T0 + i).toISOString(), data: {}, metadata: { correlationId: 'c-1' }, source: { system: 'kafka', topic: 'orders', partition: 0, offset: String(i) } },
    connectionId: 'kafka',
    connectionLabel: 'Rig Kafka',
    source: 'orders',
  }));
  // Arrived newest first: the keys are not the time order.
  held.add(found.reverse());
  return held;
}

function viewOf(total: number): SearchView {
  return {
    planning: false,
    planVersion: 1,
    sources: [
      { index: 0, id: '["kafka","orders"]', label: 'Rig Kafka › orders', plan: 'orders: reading changes nothing.', changesState: false, state: 'answered', scanned: total, found: total, detail: 'changed nothing.' },
      { index: 1, id: '["rabbit","billing"]', label: 'Rig RabbitMQ › billing', plan: 'billing: reading marks the messages it peeks redelivered.', changesState: true, state: 'planned', scanned: 0, found: 0, detail: '' },
      { index: 2, id: '["rabbit","billing.dlq"]', label: 'Rig RabbitMQ › billing.dlq', plan: '', changesState: false, refused: '3 messages are at their delivery limit', state: 'planned', scanned: 0, found: 0, detail: '' },
    ],
    leftOut: [{ label: 'Down Kafka', reason: 'it could not be opened (connect ECONNREFUSED)' }],
    running: false,
    searchVersion: 1,
    total,
    status: `${total} event(s) found`,
  };
}

describe('Search view in Chromium', function () {
  this.timeout(60_000);
  const held = results(10_000);
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let origin = '';
  /** What the next page opened carries. */
  let firstView: SearchFirstView = { view: viewOf(held.size) };

  before(async () => {
    assert.ok(fs.existsSync(path.join(distDir, 'search.js')), 'no search.js: run npm run build first');
    server = await serveWebviewPages((url) => (url.pathname === '/' ? { app: 'search', title: 'Search', firstView, dark: true } : undefined));
    origin = server.origin;
    browser = await launchBrowser();
  });

  afterEach(() => {
    firstView = { view: viewOf(held.size) };
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The page, with the host's side played here: row requests answered from `held`, every message kept. */
  async function open(): Promise<{ page: Page; posted: unknown[]; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    const posted: unknown[] = [];
    const problems: string[] = [];
    collectPageProblems(page, problems);
    await page.exposeFunction('__searchHost', (raw: unknown): SearchToWebview[] => {
      posted.push(raw);
      const parsed = parseSearchMessage(raw);
      if (!parsed.ok) return [{ type: 'error', message: parsed.error }];
      if (parsed.message.type === 'requestRows') return [{ type: 'rows', requestId: parsed.message.requestId, offset: parsed.message.offset, total: held.size, rows: held.rows(parsed.message.offset, parsed.message.count) }];
      return [];
    });
    await page.addInitScript({
      content: `window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__searchHost(message).then((replies) => { for (const data of replies) window.dispatchEvent(new MessageEvent('message', { data })); }),
        getState: () => undefined,
        setState: (state) => { window.__saved = state; },
      });`,
    });
    await page.goto(`${origin}/`);
    return { page, posted, problems };
  }

  const asked = (posted: unknown[], type: string): unknown[] => posted.filter((m) => (m as { type: string }).type === type);
  const saved = (page: Page): Promise<SearchState | undefined> => page.evaluate(() => (window as unknown as { __saved?: SearchState }).__saved);

  it('shows 10,000 results with a bounded number of rows in the DOM, in time order, hostile text as text', async () => {
    const { page, problems } = await open();
    await page.locator('.result-row[data-key="9999"]').waitFor();
    // The newest arrived first (key 0) and is last in time: the first row is the oldest.
    assert.equal(await page.locator('#result-list .result-row').first().getAttribute('data-key'), '9999');
    const bounded = async (): Promise<number> => page.locator('#result-list .result-row').count();
    assert.ok((await bounded()) <= 100, `${await bounded()} rows in the DOM`);
    // The oldest carries the hostile id and type.
    assert.equal(await page.locator('.result-row[data-key="9999"] .cell.type').textContent(), HOSTILE);
    assert.match((await page.locator('.result-row[data-key="9999"] .cell.ids').textContent()) ?? '', /^id <img src=x onerror="window.__pwned=1"> · correlation c-1$/);
    await page.locator('#result-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
    await page.locator('.result-row[data-key="0"]').waitFor();
    assert.ok((await bounded()) <= 100, `${await bounded()} rows in the DOM at the end`);
    assert.equal(await page.locator('.result-row[data-key="0"] .cell.ids').textContent(), 'id e9999 · correlation c-1');
    assert.equal(await page.locator('#result-list img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'search-view.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a click on a row posts open for its event, its Trace button posts trace only; the plan ticks what changes nothing', async () => {
    const { page, posted, problems } = await open();
    await page.locator('.result-row[data-key="9995"]').waitFor();
    await page.locator('.result-row[data-key="9995"] .cell.place').click();
    await page.locator('.result-row[data-key="9990"] .row-trace').click();
    assert.deepEqual([...asked(posted, 'open'), ...asked(posted, 'trace')], [{ type: 'open', key: 9995 }, { type: 'trace', key: 9990 }]);
    assert.equal(await page.locator('.result-row[data-key="9995"]').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#source-0').isChecked(), true);
    assert.equal(await page.locator('#source-1').isChecked(), false);
    assert.equal(await page.locator('#source-2').isDisabled(), true);
    assert.match((await page.locator('#search-plan').textContent()) ?? '', /left out — 3 messages are at their delivery limit.*Down Kafka.*not searched — it could not be opened/);
    // Nothing is posted for a query the form can tell is wrong; a good one names the ticked sources.
    await page.selectOption('#search-kind', 'header');
    await page.fill('#search-text', 'event-type');
    await page.locator('#search-start').click();
    assert.match((await page.locator('#search-problem').textContent()) ?? '', /has no "="/);
    assert.deepEqual(asked(posted, 'search'), []);
    await page.fill('#search-text', 'event-type=OrderPlaced');
    await page.locator('#source-1').check();
    await page.locator('#search-start').click();
    const [search] = asked(posted, 'search') as { kind: string; text: string; from?: number; to?: number; sources: number[] }[];
    assert.deepEqual({ ...search, from: undefined }, { type: 'search', kind: 'header', text: 'event-type=OrderPlaced', from: undefined, sources: [0, 1] });
    assert.ok(search.from !== undefined && Math.abs(Date.now() - 3_600_000 - search.from) < 120_000, 'the window starts an hour ago');
    for (const message of posted) assert.ok(parseSearchMessage(message).ok);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a view restored after a reload shows its query, window and ticks; a search saves what it searched, an edit marks it not searched', async () => {
    const from = Date.parse('2026-12-05T08:00:00.000Z');
    const restored: SearchState = { kind: 'eventType', text: 'OrderPaid', window: { from }, sources: ['["rabbit","billing"]'], searched: true };
    firstView = { view: viewOf(held.size), restored };
    const { page, posted, problems } = await open();
    await page.locator('#source-1').waitFor();
    assert.equal(await page.locator('#search-kind').inputValue(), 'eventType');
    assert.equal(await page.locator('#search-text').inputValue(), 'OrderPaid');
    assert.equal(await page.locator('#search-to').inputValue(), '');
    assert.equal(await page.locator('#search-from').evaluate((input: HTMLInputElement) => new Date(input.value).getTime()), from);
    // The ticks are the restored ones, not the defaults: the queue that changes state ticked, the topic not.
    assert.equal(await page.locator('#source-0').isChecked(), false);
    assert.equal(await page.locator('#source-1').isChecked(), true);
    assert.deepEqual(await saved(page), restored);
    await page.locator('#search-start').click();
    const [search] = asked(posted, 'search');
    assert.deepEqual(search, { type: 'search', kind: 'eventType', text: 'OrderPaid', from, sources: [1] });
    assert.deepEqual(await saved(page), restored);
    await page.locator('#source-0').check();
    const edited = await saved(page);
    assert.deepEqual(edited, { ...restored, sources: ['["kafka","orders"]', '["rabbit","billing"]'], searched: false });
    assert.deepEqual(parseSearchState(edited), edited, 'the host reads back what the page saved');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
