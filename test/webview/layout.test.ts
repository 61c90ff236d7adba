/**
 * The timeline's layout at the widths an editor takes (a side bar open beside it or not), in each theme:
 * the list, the detail's header and its three panes never overlap, each stays inside the page, and no
 * content spills out of its pane (a pane too small for its content scrolls it). Measured in Chromium on
 * the real bundle; a screenshot of each width goes to test/e2e/artifacts.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chooseReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { saveScreenshot } from '../support/browser';
import { sampleOrderStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite, type Theme } from './timelineHarness';

const HEIGHT = 760;
/** Every pane shows at least its title and a line of its content. */
const MIN_PANE_HEIGHT = 40;
const LONG = 'x'.repeat(40) + '-'.repeat(40) + 'a-very-long-value-without-spaces-'.repeat(4);

/** The sample Order flow, its last event carrying a long note and a long header, so every pane has more than fits when narrow. */
function orderSession(): TimelineSession {
  const { aggregateId, aggregateType, events } = sampleOrderStream();
  const last = events[events.length - 1];
  const data = typeof last.data === 'object' && last.data !== null && !Array.isArray(last.data) ? last.data : {};
  events[events.length - 1] = {
    ...last,
    data: { ...data, note: LONG, lines: Array.from({ length: 12 }, (_, i) => `line ${i + 1}`) },
    metadata: { ...last.metadata, headers: [{ key: 'x-trace', value: LONG }] },
  };
  return new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) });
}

interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Content wider or taller than the box while the box does not clip or scroll it. */
  spills: string[];
}

/** The boxes that must not overlap, and for each what (if anything) spills out of it visibly. */
function measure(page: Page): Promise<{ boxes: Box[]; pageScrollWidth: number; cutOff: string[] }> {
  return page.evaluate(() => {
    const visible = (element: Element, axis: 'x' | 'y'): boolean => getComputedStyle(element)[axis === 'x' ? 'overflowX' : 'overflowY'] === 'visible';
    const spills = (element: Element): string[] => {
      const found: string[] = [];
      if (element.scrollWidth > element.clientWidth + 1 && visible(element, 'x')) found.push(`${element.scrollWidth - element.clientWidth}px wider`);
      if (element.scrollHeight > element.clientHeight + 1 && visible(element, 'y')) found.push(`${element.scrollHeight - element.clientHeight}px taller`);
      return found;
    };
    const names: Array<[string, string]> = [
      ['list', '.list-pane'],
      ['detail header', '.detail-header'],
      ['state', '.pane-state'],
      ['payload', '.pane-payload'],
      ['metadata', '.pane-metadata'],
    ];
    const boxes = names.map(([name, selector]) => {
      const element = document.querySelector(selector);
      if (element === null) throw new Error(`no ${selector}`);
      const rect = element.getBoundingClientRect();
      return { name, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, spills: spills(element) };
    });
    // The bars above the panes do not scroll: nothing in them may end past the page's right edge.
    const cutOff = Array.from(document.querySelectorAll('.app-header *, .debug-bar *, .filter-bar *, .detail-header *'))
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}`);
    return { boxes, pageScrollWidth: document.documentElement.scrollWidth, cutOff };
  });
}

function overlap(a: Box, b: Box): number {
  // Half a pixel of slack: neighbours share an edge, and borders land on fractional pixels.
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left) - 0.5;
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) - 0.5;
  return width > 0 && height > 0 ? width * height : 0;
}

describe('timeline webview layout: no overlap, no spill, 320 to 1,400 px wide (Chromium, real bundle)', function () {
  this.timeout(120_000);
  const openPage = timelinePagesForSuite();
  const cases: Array<[number, Theme]> = [];
  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    for (const width of [360, 600, 900, 1400]) cases.push([width, theme]);
  }
  // The narrowest width the layout is for, and the one the bug was seen at.
  cases.push([320, 'dark'], [746, 'dark']);

  for (const [width, theme] of cases) {
    it(`${width} px wide, ${theme}: the panes do not overlap and nothing spills out of them`, async () => {
      const opened = await openPage(orderSession(), theme, { viewport: { width, height: HEIGHT } });
      const { page } = opened;
      try {
        await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '6', undefined, { timeout: 15_000 });
        await page.locator('#payload [data-path="note"]').waitFor({ timeout: 10_000 });
        const { boxes, pageScrollWidth, cutOff } = await measure(page);
        await saveScreenshot(page, `timeline-layout-${width}-${theme}`);
        const described = boxes.map((b) => `${b.name} ${Math.round(b.left)},${Math.round(b.top)}–${Math.round(b.right)},${Math.round(b.bottom)}`).join('; ');
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            assert.equal(overlap(boxes[i], boxes[j]), 0, `${boxes[i].name} and ${boxes[j].name} overlap: ${described}`);
          }
        }
        for (const box of boxes) {
          assert.deepEqual(box.spills, [], `${box.name} lets its content spill: ${box.spills.join(', ')}`);
          assert.ok(box.left >= -0.5 && box.right <= width + 0.5 && box.bottom <= HEIGHT + 0.5, `${box.name} leaves the page: ${described}`);
          assert.ok(box.right - box.left >= 100, `${box.name} is ${Math.round(box.right - box.left)} px wide: ${described}`);
          if (box.name !== 'detail header') assert.ok(box.bottom - box.top >= MIN_PANE_HEIGHT, `${box.name} is ${Math.round(box.bottom - box.top)} px tall: ${described}`);
        }
        assert.ok(pageScrollWidth <= width, `the page is ${pageScrollWidth} px wide`);
        assert.deepEqual(cutOff, [], 'controls cut off at the right edge');
        assert.deepEqual(opened.problems, []);
      } finally {
        await page.close();
      }
    });
  }

  // Half of a 1,200 px editor, and wider: the debugging bar's controls stay on one row, none cut off.
  for (const [width, theme] of [[600, 'light'], [600, 'dark'], [600, 'high-contrast'], [746, 'dark'], [900, 'dark'], [1400, 'dark']] as const) {
    it(`${width} px wide, ${theme}: the debugging bar keeps to one row, with A set and a stop reported`, async () => {
      const opened = await openPage(orderSession(), theme, { viewport: { width, height: HEIGHT } });
      const { page } = opened;
      try {
        await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '6', undefined, { timeout: 15_000 });
        await page.locator('#set-a').click();
        await page.locator('#version-a', { hasText: 'A: v6' }).waitFor({ timeout: 5000 });
        await page.locator('#breakpoint').fill('state.items.length > 2 && event.type === "OrderShipped"');
        await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'breakpointHit', index: 5, expression: 'state.items.length > 2 && event.type === "OrderShipped"' } })));
        await page.locator('#breakpoint-status', { hasText: 'stopped after v6' }).waitFor({ timeout: 5000 });
        const bar = await page.locator('.debug-bar').evaluate((element) => {
          const controls = Array.from(element.querySelectorAll('vscode-button, input, #version-a, #breakpoint-status')).filter((control) => control.getBoundingClientRect().width > 0);
          const rects = controls.map((control) => ({ id: control.id, ...control.getBoundingClientRect().toJSON() as DOMRect }));
          return { rects, right: Math.max(...rects.map((rect) => rect.right)) };
        });
        await saveScreenshot(page, `timeline-debug-bar-${width}-${theme}`);
        assert.equal(bar.rects.length, 9, `controls on the bar: ${bar.rects.map((rect) => rect.id).join(', ')}`);
        const first = bar.rects[0];
        for (const rect of bar.rects) {
          // One row: every control's vertical middle within the first control's height.
          const middle = (rect.top + rect.bottom) / 2;
          assert.ok(middle > first.top && middle < first.bottom, `#${rect.id} is on another row (${Math.round(rect.top)} against ${Math.round(first.top)})`);
        }
        assert.ok(bar.right <= width, `the bar ends at ${Math.round(bar.right)} px`);
        const inputWidth = bar.rects.find((rect) => rect.id === 'breakpoint')?.width ?? 0;
        assert.ok(inputWidth >= 80, `the stop-when box is ${Math.round(inputWidth)} px wide`);
        // The tools behind the overflow button open as a menu.
        await page.locator('#more-tools').click();
        await page.locator('#tool-whatIf').waitFor({ state: 'visible', timeout: 5000 });
        const menu = await page.locator('#tools-menu').boundingBox();
        assert.ok(menu !== null && menu.x >= 0 && menu.x + menu.width <= width, `the menu leaves the page: ${JSON.stringify(menu)}`);
        await page.keyboard.press('Escape');
        await page.locator('#tools-menu').waitFor({ state: 'hidden', timeout: 5000 });
        assert.deepEqual(opened.problems, []);
      } finally {
        await page.close();
      }
    });
  }

  it('lets a pane too small for its content scroll it (the state at 360 px)', async () => {
    const { page } = await openPage(orderSession(), 'dark', { viewport: { width: 360, height: HEIGHT } });
    try {
      await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '6', undefined, { timeout: 15_000 });
      const scrolled = await page.locator('.pane-state').evaluate((pane) => {
        const before = pane.scrollHeight > pane.clientHeight;
        pane.scrollTop = pane.scrollHeight;
        return { before, top: pane.scrollTop };
      });
      assert.ok(scrolled.before, 'the state fits at 360 px: the case proves nothing');
      assert.ok(scrolled.top > 0, 'the state pane does not scroll');
    } finally {
      await page.close();
    }
  });
});
