/**
 * The detail pane is kept in step by patching (only what differs is touched). Whatever way an event is
 * reached, stepping forward, stepping back or opening the page on it, the state, payload and metadata
 * must be exactly what a fresh page shows for that event. Chromium, real bundle, panel CSP.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FlowEvent } from '../../src/core/envelope';
import { chooseReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import type { TimelineViewState } from '../../src/protocol/timeline';
import { sampleOrderStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite } from './timelineHarness';

/** The sample Order flow, with an item removed again and the note replaced by a list, so steps also delete and retype values. */
function orderEvents(): { aggregateId: string; aggregateType: string; events: FlowEvent[] } {
  const order = sampleOrderStream();
  const last = order.events[order.events.length - 1];
  const extra: FlowEvent[] = [
    { ...last, id: 'evt-x1', type: 'ItemRemoved', version: last.version === undefined ? undefined : last.version + 1, data: { sku: 'KB-MECH-01' } },
    { ...last, id: 'evt-x2', type: 'NoteAdded', version: last.version === undefined ? undefined : last.version + 2, data: { note: ['a', { b: [1, 2, { c: null }] }], empty: {} } },
  ];
  return { ...order, events: [...order.events, ...extra] };
}

function session(): TimelineSession {
  const { aggregateId, aggregateType, events } = orderEvents();
  return new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) });
}

interface Shown {
  position: string;
  state: string;
  payload: string;
  metadata: string;
}

function shown(page: Page): Promise<Shown> {
  return page.evaluate(() => ({
    position: document.querySelector('#event-position')?.textContent ?? '',
    state: document.querySelector('#state')?.innerHTML ?? '',
    payload: document.querySelector('#payload')?.innerHTML ?? '',
    metadata: document.querySelector('#metadata')?.innerHTML ?? '',
  }));
}

async function waitForPosition(page: Page, position: number): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector('#event-position')?.textContent?.startsWith(`${expected} of`) === true, position, { timeout: 15_000 });
}

describe('timeline webview: the patched detail pane equals a fresh one (Chromium, real bundle)', function () {
  this.timeout(120_000);
  const openPage = timelinePagesForSuite();

  it('shows every event the same whether stepped to, forward or back, or opened on', async () => {
    const total = orderEvents().events.length;
    const stepped = new Map<number, Shown[]>();
    const { page, problems } = await openPage(session());
    try {
      await waitForPosition(page, total);
      await page.locator('#event-list').focus();
      await page.keyboard.press('Home');
      await waitForPosition(page, 1);
      const record = async (position: number): Promise<void> => {
        stepped.set(position, [...(stepped.get(position) ?? []), await shown(page)]);
      };
      await record(1);
      for (let position = 2; position <= total; position++) {
        await page.keyboard.press('ArrowDown');
        await waitForPosition(page, position);
        await record(position);
      }
      for (let position = total - 1; position >= 1; position--) {
        await page.keyboard.press('ArrowUp');
        await waitForPosition(page, position);
        await record(position);
      }
      // Folding a branch by hand and stepping on keeps it folded, and the fold is undone by unfolding.
      await page.locator('#state li.json-branch[data-path="items"] > .json-line > .json-toggle').click();
      await page.waitForFunction(() => document.querySelector('#state li[data-path="items"]')?.getAttribute('aria-expanded') === 'false');
      assert.equal(await page.locator('#state li[data-path="items"] .json-children').count(), 0);
      await page.locator('#event-list').focus();
      await page.keyboard.press('ArrowDown');
      await waitForPosition(page, 2);
      assert.equal(await page.locator('#state li[data-path="items"]').getAttribute('aria-expanded'), 'false');
      await page.locator('#state li.json-branch[data-path="items"] > .json-line > .json-toggle').click();
      await page.waitForFunction(() => document.querySelector('#state li[data-path="items"]')?.getAttribute('aria-expanded') === 'true');
      await page.locator('#event-list').focus();
      await page.keyboard.press('ArrowUp');
      await waitForPosition(page, 1);
      await record(1);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }

    const { aggregateId, aggregateType } = orderEvents();
    for (let position = 1; position <= total; position++) {
      const state: TimelineViewState = { storeLabel: 'Local', aggregateId, aggregateType, selectedIndex: position - 1, filter: [] };
      const fresh = await openPage(session(), 'dark', { prepare: (p) => p.addInitScript({ content: `window.__vscodeState = ${JSON.stringify(state)};` }) });
      try {
        await waitForPosition(fresh.page, position);
        const expected = await shown(fresh.page);
        const seen = stepped.get(position) ?? [];
        assert.ok(seen.length >= 2 || position === total, `event ${position} was reached ${seen.length} time(s)`);
        for (const actual of seen) assert.deepEqual(actual, expected, `event ${position}`);
      } finally {
        await fresh.page.close();
      }
    }
  });
});
