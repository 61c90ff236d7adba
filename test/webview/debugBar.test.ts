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
    await page.locator('#more-tools').click();
    await page.locator('#tool-generateTest').click();
    assert.equal(await page.locator('#tools-menu').isHidden(), true, 'the menu closes once a tool is chosen');
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

describe('timeline webview: the "stop when" box (Chromium, real bundle, panel CSP)', function () {
  this.timeout(60_000);
  const openTimelinePage = timelinePagesForSuite();

  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    it(`gives the typed text room for underscores and descenders (${theme})`, async () => {
      const { aggregateId, aggregateType, events } = sampleOrderStream();
      const opened = await openTimelinePage(new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) }), theme);
      try {
        await opened.page.locator('#breakpoint').fill('state.total_amount < 0 && event.event_type');
        const box = await opened.page.locator('#breakpoint').evaluate((input) => {
          const style = getComputedStyle(input);
          const content = input.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
          // The line box a glyph row needs: the font's ascent plus descent, as the canvas measures them.
          const context = document.createElement('canvas').getContext('2d')!;
          context.font = `${style.fontSize} ${style.fontFamily}`;
          const metrics = context.measureText('_gjpqy');
          const fontSize = parseFloat(style.fontSize);
          // Underscores sit at or below the font's descent: the line needs room past ascent + descent.
          return { content, needed: Math.max(metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent, metrics.fontBoundingBoxAscent + metrics.actualBoundingBoxDescent) + 0.2 * fontSize, lineHeight: style.lineHeight };
        });
        assert.ok(box.content >= box.needed, `the input's text area is ${box.content}px tall; its text needs ${box.needed.toFixed(1)}px (line-height ${box.lineHeight})`);
      } finally {
        await opened.page.close();
      }
    });
  }

  it('clears "stopped after …" once a new expression is typed, and names the stop by version', async () => {
    const { aggregateId, aggregateType, events } = sampleOrderStream();
    const opened = await openTimelinePage(new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) }));
    const { page } = opened;
    try {
      await page.locator('.event-row[data-index="2"]').click();
      await page.locator('#event-version', { hasText: '3' }).waitFor();
      // The panel's answer when play stops at the condition (the harness leaves breakpoints to the panel).
      await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'breakpointHit', index: 2, expression: 'state.total > 50' } })));
      await page.locator('#breakpoint-status', { hasText: 'stopped after v3: state.total > 50' }).waitFor({ timeout: 5000 });
      await page.locator('#breakpoint').fill('state.total > 100');
      assert.equal(await page.locator('#breakpoint-status').textContent(), '');
      assert.deepEqual(opened.problems, []);
    } finally {
      await page.close();
    }
  });
});
