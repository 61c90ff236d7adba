/**
 * The toolkit's definitions (dist/webview/toolkit.js) load after the first frame with rows, under the
 * panel's nonce-only CSP, and upgrade the controls the app built before them without losing what it set.
 * Needs `npm run build` first.
 */
import * as assert from 'node:assert/strict';
import type { Page, Route } from 'playwright-core';
import { chooseReducer, genericReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import type { TimelineViewState } from '../../src/protocol/timeline';
import { generatedStream, sampleOrderStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite } from './timelineHarness';

interface ToolkitProbe {
  /** Script-src violations the page reported (FAST's empty <style> probe is a style-src one). */
  scriptViolations: string[];
  firstRows?: { at: number; buttonDefined: boolean; toolkitScripts: number };
}

/** Watches, from before the app runs, what was there when the first event row entered the DOM. */
const PROBE = `
(() => {
  const probe = { scriptViolations: [] };
  window.__toolkitProbe = probe;
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective.startsWith('script-src')) probe.scriptViolations.push(event.effectiveDirective + ' ' + event.blockedURI);
  });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('.event-row')) return;
    observer.disconnect();
    probe.firstRows = {
      at: performance.now(),
      buttonDefined: customElements.get('vscode-button') !== undefined,
      toolkitScripts: document.querySelectorAll('script[src$="/toolkit.js"]').length,
    };
  });
  observer.observe(document, { childList: true, subtree: true });
})();
`;

function probe(page: Page): Promise<ToolkitProbe> {
  return page.evaluate(() => (window as unknown as { __toolkitProbe: ToolkitProbe }).__toolkitProbe);
}

function toolkitDefined(page: Page): Promise<unknown> {
  return page.waitForFunction(() => customElements.get('vscode-button') !== undefined, undefined, { timeout: 15_000 });
}

/** Milliseconds from the end of timeline.js's download (just before it runs) to the request of toolkit.js. */
function toolkitRequestedAfterApp(page: Page): Promise<number> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const app = entries.find((entry) => entry.name.endsWith('/timeline.js'));
    const toolkit = entries.find((entry) => entry.name.endsWith('/toolkit.js'));
    return app === undefined || toolkit === undefined ? NaN : toolkit.startTime - app.responseEnd;
  });
}

function counterSession(count: number): TimelineSession {
  return new TimelineSession({ storeLabel: 'Local', aggregateId: 'Counter-1', aggregateType: 'Counter', events: generatedStream(count), reducer: genericReducer });
}

function orderSession(): TimelineSession {
  const { aggregateId, aggregateType, events } = sampleOrderStream();
  return new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) });
}

describe('timeline webview: the toolkit loads after the first rows (Chromium, real bundles, panel CSP)', function () {
  this.timeout(60_000);
  const openPage = timelinePagesForSuite();

  it('puts the first rows in the DOM before the toolkit is asked for, then upgrades the buttons with the nonce', async () => {
    const opened = await openPage(counterSession(100_000), 'dark', { prepare: (page) => page.addInitScript({ content: PROBE }) });
    const { page } = opened;
    try {
      await toolkitDefined(page);
      const seen = await probe(page);
      assert.ok(seen.firstRows !== undefined, 'no event row appeared');
      assert.equal(seen.firstRows.buttonDefined, false, 'vscode-button was defined before the first rows');
      assert.equal(seen.firstRows.toolkitScripts, 0, 'toolkit.js was asked for before the first rows');
      const loaded = await page.evaluate(() => {
        const entry = performance.getEntriesByType('resource').find((resource) => resource.name.endsWith('/toolkit.js'));
        const scripts = Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'));
        return {
          requestedAt: entry?.startTime,
          scripts: scripts.map((script) => ({ path: new URL(script.src).pathname, nonce: script.nonce ?? '' })).sort((a, b) => a.path.localeCompare(b.path)),
        };
      });
      assert.ok(loaded.requestedAt !== undefined && loaded.requestedAt >= seen.firstRows.at, `toolkit.js requested at ${loaded.requestedAt} ms, first rows at ${seen.firstRows.at} ms`);
      assert.deepEqual(
        loaded.scripts.map((script) => script.path),
        ['/dist/webview/timeline.js', '/dist/webview/toolkit.js'],
      );
      const [app, toolkit] = loaded.scripts;
      assert.ok(app.nonce.length > 0 && toolkit.nonce === app.nonce, 'toolkit.js does not carry the page nonce');

      await page.locator('.event-row[data-index="99999"]').waitFor({ timeout: 15_000 });
      const buttons = await page.locator('vscode-button').evaluateAll((elements) =>
        elements.map((element) => ({ id: element.id, shadow: element.shadowRoot?.querySelector('button') !== null && element.shadowRoot !== null })),
      );
      // 7 step and export controls, 6 of the debugging bar (A, compare, breakpoint, link, code, the tools menu).
      assert.equal(buttons.length, 13);
      assert.deepEqual(buttons.filter((button) => !button.shadow), [], 'buttons without a shadow button');
      assert.deepEqual((await probe(page)).scriptViolations, []);
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });

  it('keeps what the app set before the upgrade: disabled buttons, a checked filter, no second filter request', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const state: TimelineViewState = { storeLabel: 'Local', aggregateId: 'Order-1001', aggregateType: 'Order', selectedIndex: null, filter: ['ItemAdded'] };
    const prepare = async (page: Page): Promise<void> => {
      await page.addInitScript({ content: `window.__vscodeState = ${JSON.stringify(state)};` });
      await page.route('**/toolkit.js', async (route: Route) => {
        await held;
        await route.continue();
      });
    };
    const opened = await openPage(orderSession(), 'dark', { prepare, waitUntil: 'domcontentloaded' });
    const { page } = opened;
    try {
      // The saved filter leaves the two ItemAdded events; the app opens at the last of them.
      await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '3', undefined, { timeout: 15_000 });
      await page.locator('.event-row[data-index="2"][aria-selected="true"]').waitFor({ timeout: 15_000 });
      const before = await page.evaluate(() => {
        const next = document.querySelector('#next') as HTMLElement & { disabled?: boolean };
        const box = next.getBoundingClientRect();
        return {
          defined: customElements.get('vscode-button') !== undefined,
          nextDisabled: next.disabled,
          visibility: getComputedStyle(next).visibility,
          checkboxVisibility: getComputedStyle(document.querySelector('vscode-checkbox') as Element).visibility,
          size: [box.width, box.height],
        };
      });
      assert.deepEqual(before, { defined: false, nextDisabled: true, visibility: 'hidden', checkboxVisibility: 'hidden', size: [22, 22] });

      release();
      await toolkitDefined(page);
      const after = await page.evaluate(() => {
        const button = (id: string) => document.getElementById(id) as HTMLElement & { disabled: boolean };
        const checkboxes = Array.from(document.querySelectorAll<HTMLElement & { checked: boolean }>('#filter vscode-checkbox'));
        return {
          buttons: ['first', 'previous', 'next', 'last'].map((id) => ({
            id,
            disabled: button(id).disabled,
            innerDisabled: button(id).shadowRoot?.querySelector('button')?.disabled,
            visibility: getComputedStyle(button(id)).visibility,
          })),
          checked: checkboxes.filter((checkbox) => checkbox.checked).map((checkbox) => checkbox.getAttribute('value')),
          ariaChecked: checkboxes.map((checkbox) => checkbox.getAttribute('aria-checked')),
        };
      });
      assert.deepEqual(after.buttons, [
        { id: 'first', disabled: false, innerDisabled: false, visibility: 'visible' },
        { id: 'previous', disabled: false, innerDisabled: false, visibility: 'visible' },
        { id: 'next', disabled: true, innerDisabled: true, visibility: 'visible' },
        { id: 'last', disabled: true, innerDisabled: true, visibility: 'visible' },
      ]);
      assert.deepEqual(after.checked, ['ItemAdded']);
      assert.deepEqual(after.ariaChecked, ['false', 'true', 'false', 'false', 'false']);

      // The upgraded controls work: back one ItemAdded, and unchecking the filter shows every event again.
      await page.locator('#previous').click();
      await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '2', undefined, { timeout: 15_000 });
      await page.locator('#filter vscode-checkbox[value="ItemAdded"]').click();
      await page.locator('.event-row[data-index="5"]').waitFor({ timeout: 15_000 });
      // The first is the page restoring its saved filter after the init; the second is the user's.
      const filters = opened.requests.filter((request) => (request as { type: string }).type === 'setFilter');
      assert.deepEqual(filters, [
        { type: 'setFilter', types: ['ItemAdded'], restore: true },
        { type: 'setFilter', types: [] },
      ]);
      assert.deepEqual(opened.problems, []);
    } finally {
      release();
      await page.close();
    }
  });

  it('loads the toolkit at once for an empty stream, and after 750 ms when the host never answers', async () => {
    const empty = await openPage(counterSession(0));
    try {
      await empty.page.locator('#message').getByText('no events yet').waitFor({ timeout: 15_000 });
      await toolkitDefined(empty.page);
      // Well before the 750 ms fallback: the empty stream is the first view.
      const after = await toolkitRequestedAfterApp(empty.page);
      assert.ok(after < 600, `toolkit.js requested ${after} ms after timeline.js`);
      assert.equal(await empty.page.locator('#first').evaluate((button) => (button as HTMLElement & { disabled: boolean }).disabled), true);
      assert.deepEqual(empty.problems, []);
    } finally {
      await empty.page.close();
    }

    // A page without a first view, so the app waits for the host's answers.
    const silent = await openPage(counterSession(10), 'dark', {
      firstView: false,
      prepare: (page) => page.addInitScript({ content: 'const api = window.acquireVsCodeApi(); window.acquireVsCodeApi = () => ({ ...api, postMessage: () => undefined });' }),
    });
    try {
      await toolkitDefined(silent.page);
      const after = await toolkitRequestedAfterApp(silent.page);
      assert.ok(after >= 750 && after < 5_000, `toolkit.js requested ${after} ms after timeline.js`);
      assert.equal(await silent.page.locator('.event-row').count(), 0, 'the host answered');
      assert.ok(await silent.page.locator('#first').evaluate((button) => button.shadowRoot !== null));
      assert.deepEqual(silent.problems, []);
    } finally {
      await silent.page.close();
    }
  });
});
