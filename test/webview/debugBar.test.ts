/**
 * The timeline's debugging bar in the real bundle: Set A, Compare A ↔ B through the session (the table of
 * A's and B's values), and the requests the bar posts for the panel's part (breakpoint, link, code, tools).
 */
import * as assert from 'node:assert/strict';
import { chooseReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { parseWebviewMessage } from '../../src/protocol/timeline';
import { sampleOrderStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite } from './timelineHarness';

describe('timeline webview: the debugging bar (Chromium, real bundle, panel CSP)', function () {
  this.timeout(60_000);
  const openTimelinePage = timelinePagesForSuite();

  it('compares version A with the selected one and posts typed requests for the rest', async () => {
    const { aggregateId, aggregateType, events } = sampleOrderStream();
    const session = new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) });
    const opened = await openTimelinePage(session);
    const page = opened.page;
    await page.locator('.event-row[data-index="0"]').click();
    await page.locator('#event-version', { hasText: '1' }).waitFor();
    await page.locator('#set-a').click();
    await page.locator('#version-a', { hasText: 'A: v1 OrderCreated' }).waitFor();
    const last = events.length - 1;
    await page.locator(`.event-row[data-index="${last}"]`).click();
    await page.locator('#event-version', { hasText: String(events[last].version) }).waitFor();
    await page.locator('#compare').click();
    await page.locator('#comparison tbody tr').first().waitFor();
    const expected = session.compare(0, last);
    assert.equal(await page.locator('#comparison tbody tr').count(), expected.changes.length);
    const status = expected.changes.find((change) => change.path === 'status');
    const row = page.locator('#comparison tbody tr', { has: page.locator('.diff-path', { hasText: /^status$/ }) });
    assert.equal(await row.locator('.diff-before').textContent(), JSON.stringify(status?.before));
    assert.equal(await row.locator('.diff-after').textContent(), JSON.stringify(status?.after));

    await page.locator('#breakpoint').fill('state.total > 50');
    await page.locator('#breakpoint').press('Enter');
    await page.locator('#copy-link').click();
    await page.locator('#go-to-code').click();
    await page.locator('#tool-generateTest').click();
    const posted = opened.requests.map((raw) => parseWebviewMessage(raw));
    assert.ok(posted.every((result) => result.ok));
    const tail = posted.slice(-4).map((result) => (result.ok ? result.message : undefined));
    assert.deepEqual(tail, [
      { type: 'setBreakpoint', expression: 'state.total > 50' },
      { type: 'copyLink' },
      { type: 'goToCode', eventType: events[last].type },
      { type: 'tool', tool: 'generateTest', from: 0, to: last },
    ]);
    assert.deepEqual(opened.problems, []);
  });
});
