/**
 * The real webview bundle in Debian's Chromium, under the panel's CSP, talking to a real TimelineSession
 * over 100,000 events. Needs `npm run build` first (the bundle is what ships).
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chooseReducer, genericReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { saveScreenshot } from '../support/browser';
import { generatedStream, sampleOrderStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite, type OpenedTimeline, type Theme } from './timelineHarness';

const IMG_ATTACK = '<img src=x onerror=window.__pwned=1>';
const SCRIPT_ATTACK = '<script>window.__pwned=1</script>';

/** 100,000 generated events with a hostile one at index 1, a version gap (10 is missing) and two snapshots. */
function bigSession(): TimelineSession {
  const events = generatedStream(100_001).filter((event) => event.version !== 10);
  const hostile = events[1];
  events[1] = { ...hostile, type: 'NoteAdded', data: { note: IMG_ATTACK, html: SCRIPT_ATTACK }, metadata: { ...hostile.metadata, headers: [{ key: 'x-note', value: IMG_ATTACK }] } };
  return new TimelineSession({
    storeLabel: 'Local',
    aggregateId: 'Counter-1',
    aggregateType: 'Counter',
    events,
    snapshots: [{ aggregateId: 'Counter-1', version: 99_000, state: { counter: 98_999 }, takenAt: '2026-01-06T00:00:00.000Z' }],
    reducer: genericReducer,
  });
}

function orderSession(): TimelineSession {
  const { aggregateId, aggregateType, events } = sampleOrderStream();
  return new TimelineSession({ storeLabel: '.eventflow/events.ndjson', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) });
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent({ timeout: 10_000 })) ?? '';
}

async function waitForVersion(page: Page, version: string): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector('#event-version')?.textContent === expected, version, { timeout: 15_000 });
}

async function selectedIndex(page: Page): Promise<string | null> {
  return page.locator('.event-row[aria-selected="true"]').first().getAttribute('data-index', { timeout: 10_000 });
}

describe('timeline webview (Chromium, real bundle, panel CSP)', function () {
  this.timeout(120_000);
  const openPage = timelinePagesForSuite();

  describe('100,000 events', () => {
    let opened: OpenedTimeline;
    let page: Page;

    before(async () => {
      opened = await openPage(bigSession());
      page = opened.page;
      await waitForVersion(page, '100001');
    });

    after(async () => {
      await page?.close();
    });

    it('renders the rows on screen and opens at the last event', async () => {
      await page.locator('.event-row[data-index="99999"]').waitFor({ timeout: 15_000 });
      assert.equal(await selectedIndex(page), '99999');
      assert.match(await text(page, '#aggregate-id'), /Counter-1/);
      const rows = await page.locator('.event-row').count();
      assert.ok(rows > 10, `only ${rows} rows rendered`);
    });

    it('keeps at most 200 rows in the DOM and asks for rows in pages', async () => {
      await page.locator('#event-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight / 2 }));
      await page.locator('.event-row[data-index="50000"]').waitFor({ timeout: 15_000 });
      const rows = await page.locator('.event-row, .event-row-placeholder').count();
      assert.ok(rows <= 200, `${rows} rows in the DOM`);
      const pages = opened.requests.filter((request) => (request as { type: string }).type === 'requestRows') as Array<{ count: number }>;
      assert.ok(pages.length >= 2);
      assert.ok(pages.every((request) => request.count <= 500));
    });

    it('steps with the buttons: first, then next updates the version and the state', async () => {
      await page.locator('#first').click();
      await waitForVersion(page, '1');
      assert.equal(await selectedIndex(page), '0');
      await page.locator('#next').click(); // the hostile NoteAdded
      await waitForVersion(page, '2');
      await page.locator('#next').click();
      await waitForVersion(page, '3');
      assert.equal(await text(page, '#event-type'), 'CounterIncremented');
      assert.equal(await text(page, '#state [data-path="counter"]'), '2');
      const changed = await page.locator('#state .changed').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-path')));
      assert.ok(changed.includes('counter'), `changed: ${changed.join(', ')}`);
      assert.match(await text(page, '#metadata'), /corr-0/);
    });

    it('shows hostile event data as text and runs none of it', async () => {
      await page.locator('#previous').click();
      await waitForVersion(page, '2');
      assert.equal(await text(page, '#event-type'), 'NoteAdded');
      const payload = await text(page, '#payload');
      assert.ok(payload.includes(IMG_ATTACK), payload);
      assert.ok(payload.includes(SCRIPT_ATTACK), payload);
      assert.ok((await text(page, '#metadata')).includes(IMG_ATTACK));
      assert.ok((await text(page, '.event-row[data-index="1"]')).includes('<img'));
      assert.equal(await page.locator('#app img, #app script').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    });

    it('goes to the last event with End when the list has focus, and back with Home', async () => {
      await page.locator('#event-list').focus();
      await page.keyboard.press('End');
      await waitForVersion(page, '100001');
      assert.equal(await selectedIndex(page), '99999');
      await page.keyboard.press('ArrowUp');
      await waitForVersion(page, '100000');
      await page.keyboard.press('Home');
      await waitForVersion(page, '1');
      await page.keyboard.press('ArrowDown');
      await waitForVersion(page, '2');
    });

    it('plays forward and stops on a click', async () => {
      await page.locator('#play').click();
      await waitForVersion(page, '4');
      await page.locator('#event-type').click();
      const stoppedAt = await text(page, '#event-version');
      await page.waitForTimeout(1200);
      assert.equal(await text(page, '#event-version'), stoppedAt);
      assert.equal(await page.locator('#play').getAttribute('aria-pressed'), 'false');
    });

    it('filters by event type: the list shrinks to that type and grows back', async () => {
      const spacer = page.locator('.event-list-spacer');
      const fullHeight = await spacer.evaluate((element) => element.getBoundingClientRect().height);
      await page.locator('#filter vscode-checkbox[value="LabelChanged"]').click();
      await page.waitForFunction(
        (before) => (document.querySelector('.event-list-spacer')?.getBoundingClientRect().height ?? before) < before / 2,
        fullHeight,
        { timeout: 15_000 },
      );
      await page.locator('.event-row').first().waitFor({ timeout: 15_000 });
      const types = await page.locator('.event-row .row-type').allTextContents();
      assert.ok(types.length > 0 && types.every((type) => type === 'LabelChanged'), types.join(', '));
      await page.locator('#next').click();
      await page.waitForFunction(() => document.querySelector('#event-type')?.textContent === 'LabelChanged', undefined, { timeout: 15_000 });
      await page.locator('.filter-bar .link-button').click();
      await page.waitForFunction((before) => document.querySelector('.event-list-spacer')?.getBoundingClientRect().height === before, fullHeight, {
        timeout: 15_000,
      });
    });

    it('marks the version gap inline and in the banner, and the snapshot on its row', async () => {
      assert.match(await text(page, '#warnings'), /Version 10 is missing/);
      await page.locator('#warnings .link-button').first().click();
      await waitForVersion(page, '11');
      const row = page.locator('.event-row[data-index="9"]');
      assert.match((await row.getAttribute('class')) ?? '', /has-warning/);
      await page.locator('#last').click();
      await waitForVersion(page, '100001');
      assert.match(await text(page, '#event-list'), /./);
      assert.equal(await page.locator('.event-row.has-snapshot').count(), 0); // v99,000 is far off screen
      await page.locator('#event-list').evaluate((list) => list.scrollTo({ top: 98_998 * 22 }));
      await page.locator('.event-row.has-snapshot[data-index="98998"]').waitFor({ timeout: 15_000 });
      await page.locator('.event-row[data-index="99000"]').click();
      await waitForVersion(page, '99002');
      assert.match(await text(page, '.detail-header'), /from snapshot v99000/);
      await saveScreenshot(page, 'webview-100k');
    });

    it('asks the host to export the stream and the state', async () => {
      await page.locator('#export-stream').click();
      await page.locator('#export-state').click();
      await page.waitForFunction(() => document.querySelector('#message')?.textContent?.includes('Exported the state'), undefined, { timeout: 15_000 });
      assert.deepEqual(opened.exports, ['stream', 'state']);
    });

    it('renders the toolkit components under the CSP, with no CSP violations or page errors', async () => {
      const styled = await page.locator('#first').evaluate((button) => {
        const inner = button.shadowRoot?.querySelector('button');
        return inner ? { cursor: getComputedStyle(inner).cursor, sheets: button.shadowRoot?.adoptedStyleSheets.length ?? 0 } : undefined;
      });
      assert.ok(styled !== undefined, 'vscode-button has no shadow button');
      assert.equal(styled.cursor, 'pointer');
      assert.ok(styled.sheets > 0);
      assert.deepEqual(opened.problems, []);
    });

    it('reports an inline handler as a CSP violation (the check above can fail)', async () => {
      await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.innerHTML = '<img src="data:," onload="window.__pwned=1">';
        document.body.append(probe);
      });
      await page.waitForFunction(() => true);
      const deadline = Date.now() + 5000;
      while (!opened.problems.some((problem) => /Content Security Policy|Refused/i.test(problem)) && Date.now() < deadline) {
        await page.waitForTimeout(50);
      }
      assert.ok(opened.problems.some((problem) => /Content Security Policy|Refused/i.test(problem)), opened.problems.join('\n'));
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    });
  });

  describe('the sample Order flow, in each theme', () => {
    const themes: Array<[Theme, string]> = [
      ['dark', 'webview'],
      ['light', 'webview-light'],
      ['high-contrast', 'webview-high-contrast'],
    ];
    for (const [theme, screenshot] of themes) {
      it(`shows Order-1001 paid with its total and the changed status highlighted (${theme})`, async () => {
        const opened = await openPage(orderSession(), theme);
        const { page } = opened;
        try {
          await waitForVersion(page, '6');
          await page.locator('.event-row[data-index="4"]').click();
          await waitForVersion(page, '5');
          assert.equal(await text(page, '#event-type'), 'OrderPaid');
          assert.match(await text(page, '#state [data-path="status"]'), /^"?paid"?$/);
          assert.equal(await text(page, '#state [data-path="total"]'), '109.97');
          assert.match((await page.locator('#state [data-path="status"]').getAttribute('class')) ?? '', /\bchanged\b/);
          assert.doesNotMatch((await page.locator('#state [data-path="total"]').getAttribute('class')) ?? '', /\bchanged\b/);
          await page.locator('#event-list').focus();
          await saveScreenshot(page, screenshot);
          assert.deepEqual(opened.problems, []);
        } finally {
          await page.close();
        }
      });
    }
  });
});
