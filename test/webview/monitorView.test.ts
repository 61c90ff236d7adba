/**
 * The flow monitor in Chromium, under the panel's own page and CSP: its view is built by a real
 * `MonitorSession` fed through a real `SamplerRegistry` (figures a test reader gives, ticked by the shared
 * manual clock), so the charts draw what the panel would send. Every chart draws on its canvas and stays
 * within 50 DOM nodes (a group of 20 partitions included: its parts fold into "other"), points pushed
 * later move the charts, a failed read is a gap, and the page asks the host for an alert and saves its targets.
 * A store whose figures say why its events are not by type (MongoDB) has that line under its chart, as text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Figures, FiguresRequest } from '../../src/connectors/reads/figures';
import type { MonitorTarget } from '../../src/connectors/reads/monitorTargets';
import { SamplerRegistry } from '../../src/connectors/reads/samplerRegistry';
import { MonitorSession } from '../../src/panels/monitor/monitorSession';
import type { MonitorToWebview, MonitorView } from '../../src/protocol/monitor';
import { launchBrowser } from '../support/browser';
import { collectPageProblems, distDir, serveWebviewPages, type PageServer } from './pageServer';
import { manualClock } from '../support/manualClock';
import { cspViolations, watchCsp } from './cspWatch';


const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const TARGETS: MonitorTarget[] = [
  { connectionId: 'k', kind: 'source', name: 'orders' },
  { connectionId: 'r', kind: 'source', name: 'orders.dlq', scope: '/' },
  { connectionId: 'k', kind: 'group', name: 'billing' },
];

/** Figures of sample `n`: a topic filling, a dead-letter queue growing, a group 20 partitions wide falling behind. */
function figuresAt(n: number, request: FiguresRequest): Figures {
  return {
    sources: request.sources.map((s) => (s.scope === '/' ? { ...s, ready: n, unacked: n % 2, messages: n + (n % 2), publishRate: 0.5 } : { ...s, produced: BigInt(100 * n), messages: 100 * n })),
    groups: request.lagOf.map((group) => ({
      group,
      state: 'Stable',
      members: 2,
      lag: { total: BigInt(20 * n), committedPartitions: 20, partitions: Array.from({ length: 20 }, (_, p) => ({ source: 'orders', partition: p, latest: BigInt(100 * n), lag: BigInt(n), lagMs: 1000 * n + p })) },
    })),
  };
}

/** A session after `samples` reads (the third one failed: a gap), and what it posted since. */
async function sessionView(samples: number): Promise<{ view: MonitorView; posted: MonitorToWebview[]; session: MonitorSession; tick: () => Promise<void> }> {
  const clock = manualClock();
  const time = { now: Date.UTC(2026, 11, 6, 9, 0, 0), n: 0 };
  const samplers = new SamplerRegistry({
    open: () =>
      Promise.resolve({
        sampleFigures: (request: FiguresRequest): Promise<Figures> => (time.n === 3 ? Promise.reject(new Error('broker restarting')) : Promise.resolve(figuresAt(time.n, request))),
      }),
    every: clock.every,
    now: () => time.now,
    readAtOnce: false,
  });
  const posted: MonitorToWebview[] = [];
  const session = new MonitorSession(TARGETS, { samplers, refreshSeconds: () => 1, isOpen: () => true, label: (id) => (id === 'k' ? 'Rig Kafka' : 'Rig RabbitMQ'), post: (m) => posted.push(m), alerts: () => 'DLQ +3', now: () => time.now });
  session.setVisible(true);
  const tick = async (): Promise<void> => {
    time.n += 1;
    time.now += 1000;
    clock.tick();
    await settled();
    await settled();
  };
  for (let i = 0; i < samples; i += 1) await tick();
  return { view: session.view(), posted, session, tick };
}

const FAKE_VSCODE_API = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(message),
    getState: () => window.__state,
    setState: (state) => { window.__state = state; },
  });
`;

describe('Flow monitor in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let origin = '';
  let firstView: { view: MonitorView } | undefined;

  before(async () => {
    assert.ok(fs.existsSync(path.join(distDir, 'monitor.js')), 'no monitor.js: run npm run build first');
    server = await serveWebviewPages((url) => (url.pathname === '/monitor' ? { app: 'monitor', title: 'Flow Monitor', firstView, dark: true } : undefined));
    origin = server.origin;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(view: MonitorView): Promise<{ page: Page; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    firstView = { view };
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    collectPageProblems(page, problems);
    await page.addInitScript({ content: FAKE_VSCODE_API });
    await watchCsp(page);
    await page.goto(`${origin}/monitor`);
    await page.locator('.monitor-chart canvas').nth(view.charts.filter((c) => c.parts.length > 0).length - 1).waitFor();
    return { page, problems };
  }

  const push = (page: Page, message: MonitorToWebview): Promise<void> => page.evaluate((data) => void window.dispatchEvent(new MessageEvent('message', { data })), message);
  const posted = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  /** Per chart: its DOM nodes (itself included) and how many of its canvas pixels are drawn. */
  const charts = (page: Page) =>
    page.locator('.monitor-chart').evaluateAll((sections) =>
      sections.map((section) => {
        const canvas = section.querySelector('canvas');
        let drawn = 0;
        if (canvas !== null && canvas.width > 0) {
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn += 1;
        }
        return { id: (section as HTMLElement).dataset.chartId ?? '', kind: (section as HTMLElement).dataset.chartKind ?? '', nodes: section.querySelectorAll('*').length + 1, drawn, latest: section.querySelector('.chart-latest')?.textContent ?? '', legend: section.querySelector('.chart-legend')?.textContent ?? '' };
      }),
    );

  it('draws every chart on its canvas within 50 DOM nodes, the 20 partitions folded into 8 and "other", with no CSP violation', async () => {
    const { view } = await sessionView(6);
    assert.deepEqual(view.charts.map((c) => c.kind), ['rate', 'depth', 'rate', 'depth', 'lag', 'lagTime', 'members']);
    const lag = view.charts.find((c) => c.kind === 'lag');
    assert.equal(lag?.parts.length, 9);
    assert.equal(lag?.values[8].at(-1), 6 * 12, '"other" sums the 12 partitions past the first 8');
    assert.ok(lag?.values[0].includes(null), 'the failed third read is a gap');
    const { page, problems } = await open(view);
    const drawn = await charts(page);
    assert.equal(drawn.length, 7);
    for (const chart of drawn) {
      assert.ok(chart.nodes <= 50, `${chart.id}: ${chart.nodes} DOM nodes`);
      assert.ok(chart.drawn > 500, `${chart.kind} chart of ${chart.id} has ${chart.drawn} pixels drawn`);
    }
    assert.match(drawn.find((c) => c.kind === 'lag')?.legend ?? '', /orders\/0.*other$/);
    assert.equal(drawn.find((c) => c.kind === 'lagTime')?.latest, '6.0 s behind', 'a time lag shows the largest, not a sum');
    assert.equal(await page.locator('#monitor-alerts').textContent(), 'Alerts: DLQ +3');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('moves the charts with each point the session posts, shows a gap, and asks the host for an alert or more targets', async () => {
    const { view, posted: sent, tick } = await sessionView(4);
    const { page } = await open(view);
    const before = await charts(page);
    sent.length = 0;
    await tick();
    await tick();
    const points = sent.filter((m) => m.type === 'points');
    assert.equal(points.length, 4, 'one message per sample of each of the two connections');
    for (const message of points) await push(page, message);
    const after = await charts(page);
    const depth = (list: typeof after) => list.find((c) => c.kind === 'depth' && c.id.includes('orders.dlq'));
    assert.equal(depth(before)?.latest, '4 messages');
    assert.equal(depth(after)?.latest, '6 messages', 'ready 6 + unacked 0');
    await push(page, { type: 'points', at: Date.UTC(2026, 11, 6, 9, 1, 0), points: [{ id: depth(after)?.id ?? '', parts: ['ready', 'unacked'], values: [null, null] }] });
    assert.equal(depth(await charts(page))?.latest, '– messages', 'a gap shows no figure');
    await page.locator(`.monitor-chart[data-chart-kind="depth"] .chart-alert`).last().click();
    await page.locator('.monitor-chart[data-chart-kind="lag"]').click({ button: 'right' });
    await page.locator('#add-targets').click();
    const asked = (await posted(page)).filter((m) => (m as { type: string }).type !== 'ready');
    assert.deepEqual(
      asked.map((m) => (m as { type: string }).type),
      ['alertWhen', 'alertWhen', 'addTargets'],
    );
    assert.equal((asked[0] as { chartId: string }).chartId, depth(after)?.id);
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { targets: TARGETS }, 'the page saves its targets for a reload');
    await page.close();
  });

  it('adds a topic\'s events-per-type chart when the broker first gives its rates: 9 lines, the rest "other"', async () => {
    const clock = manualClock();
    const time = { now: Date.UTC(2026, 11, 6, 9, 0, 0), n: 0 };
    // Per reading: 12 types, the first one 4 more records, every other one 1 more.
    const types = (n: number): [string, number][] => Array.from({ length: 12 }, (_, i): [string, number] => [i === 0 ? 'OrderPlaced' : `Type${i}`, i === 0 ? 4 * n : n]);
    const samplers = new SamplerRegistry({
      open: () => Promise.resolve({ sampleFigures: (request: FiguresRequest): Promise<Figures> => Promise.resolve({ sources: request.sources.map((s) => ({ ...s, produced: BigInt(15 * time.n), messages: 15 * time.n, eventTypes: types(time.n) })), groups: [] }) }),
      every: clock.every,
      now: () => time.now,
      readAtOnce: false,
    });
    const sent: MonitorToWebview[] = [];
    const session = new MonitorSession([TARGETS[0]], { samplers, refreshSeconds: () => 1, isOpen: () => true, label: () => 'Rig Kafka', post: (m) => sent.push(m), alerts: () => '', now: () => time.now });
    session.setVisible(true);
    const tick = async (): Promise<void> => {
      time.n += 1;
      time.now += 1000;
      clock.tick();
      await settled();
      await settled();
    };
    await tick();
    const { page, problems } = await open(session.view());
    assert.deepEqual((await charts(page)).map((c) => c.kind), ['rate', 'depth'], 'one reading: no rates per type yet');
    await tick();
    await tick();
    for (const message of sent.filter((m) => m.type !== 'alerts')) await push(page, message);
    const drawn = await charts(page);
    assert.deepEqual(drawn.map((c) => c.kind), ['rate', 'depth', 'events']);
    const events = drawn[2];
    assert.ok(events.drawn > 500, `the events chart has ${events.drawn} pixels drawn`);
    assert.ok(events.nodes <= 50, `${events.nodes} DOM nodes`);
    assert.match(events.legend, /^OrderPlaced.*Type7.*other$/);
    assert.doesNotMatch(events.legend, /Type8/, 'types past the first 8 fold into "other"');
    assert.equal(await page.locator('.monitor-chart[data-chart-kind="events"] .chart-title').textContent(), 'Rig Kafka · orders · events per second by type');
    assert.deepEqual(problems, []);
    session.dispose();
    await page.close();
  });

  it("shows under a store's events chart, as text, why its events are not by type", async () => {
    const clock = manualClock();
    const time = { now: Date.UTC(2026, 11, 6, 9, 0, 0), n: 0 };
    const why = '<img src=x onerror="window.__pwned=1"> All events, not by type.';
    const samplers = new SamplerRegistry({
      open: () => Promise.resolve({ sampleFigures: (): Promise<Figures> => Promise.resolve({ sources: [], groups: [], events: 3 * time.n, eventTypesWhyNot: why }) }),
      every: clock.every,
      now: () => time.now,
      readAtOnce: false,
    });
    const session = new MonitorSession([{ connectionId: 'm', kind: 'store' }], { samplers, refreshSeconds: () => 1, isOpen: () => true, label: () => 'Rig Mongo', post: () => undefined, alerts: () => '', now: () => time.now });
    session.setVisible(true);
    for (let i = 0; i < 3; i += 1) {
      time.n += 1;
      time.now += 1000;
      clock.tick();
      await settled();
      await settled();
    }
    const { page, problems } = await open(session.view());
    const note = page.locator('.monitor-chart[data-chart-kind="events"] .chart-note');
    assert.equal(await note.textContent(), why);
    assert.ok(await note.isVisible(), 'the note is hidden');
    assert.equal(await page.locator('.monitor-chart img').count(), 0);
    const [events] = await charts(page);
    assert.ok(events.nodes <= 50, `${events.nodes} DOM nodes`);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    session.dispose();
    await page.close();
  });
});
