/**
 * Contrast of the timeline's text and controls in each theme (WCAG 2.1 AA): text at least 4.5:1 against
 * what is behind it, a control's visible boundary or glyph at least 3:1 (1.4.11). Measured in Chromium on
 * the real bundle, inside the toolkit's shadow roots, with translucent colours composited over the page.
 */
import * as assert from 'node:assert/strict';
import { chooseReducer } from '../../src/core/reducers';
import { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { sampleOrderStream } from '../unit/panels/timelineEvents';
import { timelinePagesForSuite, type Theme } from './timelineHarness';

interface Measured {
  what: string;
  ratio: number;
  needed: number;
  colours: string;
}

/** Runs in the page: every checked element's contrast against the background it sits on. */
function measureContrast(): Measured[] {
  type Rgba = [number, number, number, number];
  const parse = (value: string): Rgba => {
    const numbers = (value.match(/[\d.]+/g) ?? []).map(Number);
    return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0, numbers.length > 3 ? numbers[3] : 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]: Rgba): number => {
    const channel = (c: number): number => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a: Rgba, b: Rgba): number => {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  };
  /** The colour behind `element`: its own and its ancestors' backgrounds (crossing shadow roots), composited. */
  const backdrop = (element: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node !== null; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const opacity = (element: Element): number => {
    let value = 1;
    for (let node: Element | null = element; node !== null; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) value *= Number(getComputedStyle(node).opacity);
    return value;
  };
  const results: Measured[] = [];
  const check = (what: string, element: Element | null | undefined, property: 'color' | 'borderTopColor', needed: number, behind?: Element): void => {
    if (!element) {
      results.push({ what, ratio: 0, needed, colours: 'not found' });
      return;
    }
    const back = backdrop(behind ?? element.parentElement ?? element);
    const own = parse(getComputedStyle(element)[property]);
    const front = over([own[0], own[1], own[2], own[3] * opacity(element)], back);
    results.push({ what, ratio: ratio(front, back), needed, colours: `${getComputedStyle(element)[property]} on rgb(${back.slice(0, 3).map(Math.round).join(', ')})` });
  };
  const part = (host: Element | null, selector: string): Element | null => host?.shadowRoot?.querySelector(selector) ?? null;

  // Controls: the step buttons' glyphs (enabled ones), the debugging bar's icons, the unchecked filters' boxes.
  // Enabled step buttons at text contrast, so none reads as disabled (the disabled ones are faded).
  for (const id of ['first', 'previous', 'play']) check(`step button #${id} (enabled)`, part(document.getElementById(id), '.control'), 'color', 4.5);
  for (const id of ['set-a', 'set-breakpoint', 'copy-link', 'go-to-code', 'more-tools']) check(`debugging bar #${id}`, part(document.getElementById(id), '.control'), 'color', 3);
  const unchecked = Array.from(document.querySelectorAll('#filter vscode-checkbox')).find((box) => !(box as HTMLElement & { checked: boolean }).checked) ?? null;
  check('unchecked filter box (border)', part(unchecked, '.control'), 'borderTopColor', 3, unchecked ?? undefined);
  check('stop-when box (border)', document.getElementById('breakpoint'), 'borderTopColor', 3);

  // Text.
  check('filter label text', part(unchecked, '.label') ?? unchecked, 'color', 4.5);
  check('SHOW ONLY', document.querySelector('.filter-label'), 'color', 4.5);
  check('header facts', document.querySelector('.aggregate-facts .muted'), 'color', 4.5);
  check('Export stream', part(document.getElementById('export-stream'), '.control'), 'color', 4.5);
  check('row type', document.querySelector('.event-row:not(.selected) .row-type'), 'color', 4.5);
  check('row summary', document.querySelector('.event-row:not(.selected) .row-summary'), 'color', 4.5);
  check('pane title', document.querySelector('.pane-title'), 'color', 4.5);
  return results;
}

describe('timeline webview: contrast of text and controls in each theme (WCAG AA, Chromium, real bundle)', function () {
  this.timeout(60_000);
  const openPage = timelinePagesForSuite();

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`text reaches 4.5:1 and controls 3:1 (${theme})`, async () => {
      const { aggregateId, aggregateType, events } = sampleOrderStream();
      const opened = await openPage(new TimelineSession({ storeLabel: 'Local', aggregateId, aggregateType, events, reducer: chooseReducer(aggregateType) }), theme);
      const { page } = opened;
      try {
        await page.waitForFunction(() => document.querySelector('#event-version')?.textContent === '6', undefined, { timeout: 15_000 });
        // The toolkit's parts are defined after the first frame: measure the upgraded controls.
        await page.waitForFunction(() => document.querySelector('#filter vscode-checkbox')?.shadowRoot?.querySelector('.control') != null && document.getElementById('first')?.shadowRoot != null, undefined, { timeout: 15_000 });
        await page.mouse.move(0, 0);
        const measured = await page.evaluate(measureContrast);
        // The step buttons wear the theme's button colours, not the page's.
        const stepColours = await page.evaluate(() => {
          const control = document.getElementById('first')?.shadowRoot?.querySelector('.control');
          const probe = document.createElement('div');
          probe.style.backgroundColor = 'var(--vscode-button-secondaryBackground)';
          document.body.append(probe);
          const theme = getComputedStyle(probe).backgroundColor;
          probe.remove();
          return { button: control ? getComputedStyle(control).backgroundColor : 'none', theme };
        });
        assert.equal(stepColours.button, stepColours.theme, 'the step buttons do not use the theme\'s button background');
        const failing = measured.filter((m) => !(m.ratio >= m.needed)).map((m) => `${m.what}: ${m.ratio.toFixed(2)}:1 < ${m.needed}:1 (${m.colours})`);
        assert.deepEqual(failing, []);
        assert.deepEqual(opened.problems, []);
      } finally {
        await page.close();
      }
    });
  }
});
