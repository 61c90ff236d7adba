/**
 * Selecting several messages in the RabbitMQ peek view's built bundle (Chromium, the panel's CSP, first view
 * as a JSON data block): click, Ctrl-click, Shift ranges, the keyboard (arrows, Shift, Space, Ctrl-A,
 * Escape), the "N selected" count, Save Selection as Recording and Copy Selection enabled only with a
 * selection and posting only the selected positions, the selection kept across a sort and dropped by a new
 * peek; on a DLQ the checkboxes show the same selection.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { buildWebviewHtml, createNonce } from '../../src/panels/webviewHtml';
import { parsePeekMessage, type PeekView } from '../../src/protocol/rabbitmq/peek';
import { launchBrowser } from '../support/browser';
import { RECORDING_VSCODE_API } from './recordingVscodeApi';

const distDir = path.resolve(__dirname, '..', '..', '..', 'dist', 'webview');

function peekOf(count: number, dlq: boolean): PeekView {
  return {
    broker: 'Rig',
    vhost: '/',
    queue: dlq ? 'orders.dlq' : 'orders',
    queueType: 'classic',
    dlq,
    exchanges: ['orders'],
    notes: [],
    readAt: '2026-12-07T10:00:00.000Z',
    messages: Array.from({ length: count }, (_, position) => ({
      position,
      messageId: `m-${position}`,
      redelivered: false,
      exchange: 'orders',
      routingKey: 'order.created',
      // Sizes fall as positions rise: a sort by size reverses the rows.
      size: 100 - position,
      properties: {},
      headers: [],
      deaths: [],
      body: { n: position },
      bodyKind: 'json' as const,
    })),
  };
}

describe('RabbitMQ peek view selection (built bundle, Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  let origin = '';
  let firstView = peekOf(5, false);

  before(async () => {
    assert.ok(fs.existsSync(path.join(distDir, 'peek.js')), 'no peek.js: run npm run build first');
    server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', origin);
      const file = /^\/dist\/webview\/([\w.-]+)$/.exec(url.pathname)?.[1];
      if (url.pathname === '/favicon.ico') {
        // Chromium asks for it on its own; a webview never does.
        response.writeHead(204).end();
      } else if (url.pathname === '/peek') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(buildWebviewHtml({ app: 'peek', cspSource: origin, bundleUri: (f) => `${origin}/dist/webview/${f}`, nonce: createNonce(), title: 'peek', firstView: { view: firstView } }));
      } else if (file !== undefined && fs.existsSync(path.join(distDir, file))) {
        response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
        response.end(fs.readFileSync(path.join(distDir, file)));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(view: PeekView): Promise<{ page: Page; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    firstView = view;
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.addInitScript({ content: RECORDING_VSCODE_API });
    await page.goto(`${origin}/peek`);
    await page.locator('.peek-row').nth(view.messages.length - 1).waitFor();
    return { page, problems };
  }

  const row = (page: Page, position: number) => page.locator(`.peek-row[data-position="${position}"]`);
  const selected = (page: Page): Promise<number[]> => page.locator('.peek-row[aria-selected="true"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-position'))).sort((a, b) => a - b));
  const status = async (page: Page): Promise<string> => (await page.locator('#selection-status').textContent()) ?? '';
  const enabled = async (page: Page): Promise<boolean[]> => [!(await page.locator('#save-selection').isDisabled()), !(await page.locator('#copy-selection').isDisabled())];
  const recorded = async (page: Page): Promise<unknown[]> => (await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted)).filter((m) => (m as { type: string }).type === 'recordSelection');

  it('click, Ctrl-click and Shift-click select; the toolbar counts them and its two actions post only their positions', async () => {
    const { page, problems } = await open(peekOf(5, false));
    assert.equal(await status(page), '', 'nothing selected: no count');
    assert.deepEqual(await enabled(page), [false, false], 'nothing selected: both actions disabled');
    await row(page, 1).click();
    assert.deepEqual(await selected(page), [1]);
    assert.equal(await status(page), '1 selected');
    assert.deepEqual(await enabled(page), [true, true]);
    await row(page, 3).click({ modifiers: ['Control'] });
    assert.deepEqual(await selected(page), [1, 3]);
    // The range runs from the last clicked row (3) and replaces the selection.
    await row(page, 0).click({ modifiers: ['Shift'] });
    assert.deepEqual(await selected(page), [0, 1, 2, 3]);
    await row(page, 2).click({ modifiers: ['Control'] });
    assert.deepEqual(await selected(page), [0, 1, 3]);
    assert.equal(await status(page), '3 selected');
    // The detail follows the last clicked row.
    assert.match((await page.locator('.peek-detail h2').textContent()) ?? '', /Message #2/);
    await page.locator('#save-selection').click();
    await page.locator('#copy-selection').click();
    const sent = await recorded(page);
    assert.deepEqual(sent, [
      { type: 'recordSelection', positions: [0, 1, 3], to: 'file' },
      { type: 'recordSelection', positions: [0, 1, 3], to: 'clipboard' },
    ]);
    for (const message of sent) assert.ok(parsePeekMessage(message).ok, 'the host accepts what the page posts');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the keyboard: Escape clears, Ctrl-A selects every row, Shift-arrows extend, Space toggles; a sort keeps the selection, a new peek drops it', async () => {
    const { page, problems } = await open(peekOf(5, false));
    const list = page.locator('.peek-list');
    await row(page, 0).click();
    await list.press('Control+a');
    assert.deepEqual(await selected(page), [0, 1, 2, 3, 4]);
    assert.equal(await status(page), '5 selected');
    await list.press('Escape');
    assert.deepEqual(await selected(page), []);
    assert.equal(await status(page), '', 'nothing selected: no count');
    assert.deepEqual(await enabled(page), [false, false]);
    await list.press('Shift+ArrowDown');
    await list.press('Shift+ArrowDown');
    assert.deepEqual(await selected(page), [0, 1, 2]);
    assert.equal(await page.locator('.peek-row.focused').getAttribute('data-position'), '2');
    await list.press(' ');
    assert.deepEqual(await selected(page), [0, 1]);
    await list.press('ArrowDown');
    assert.deepEqual(await selected(page), [3], 'an arrow alone selects the row it moves to');
    await row(page, 1).click({ modifiers: ['Control'] });
    await page.locator('.peek-sort[data-column="size"]').click();
    assert.deepEqual(await page.locator('.peek-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-position'))), ['4', '3', '2', '1', '0']);
    assert.deepEqual(await selected(page), [1, 3], 'the same messages stay selected in the new order');
    // A Shift range now runs in the order shown: from message 1 (the last clicked) up to message 4.
    await row(page, 4).click({ modifiers: ['Shift'] });
    assert.deepEqual(await selected(page), [1, 2, 3, 4]);
    await page.evaluate((json) => window.postMessage({ type: 'peek', view: JSON.parse(json) as unknown }, '*'), JSON.stringify(peekOf(3, false)));
    await page.locator('.peek-row').nth(2).waitFor();
    assert.equal(await page.locator('.peek-row').count(), 3);
    assert.deepEqual(await selected(page), [], 'a new peek holds other messages: nothing is selected');
    assert.equal(await status(page), '', 'nothing selected: no count');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('on a DLQ the checkboxes show the selection, a checkbox toggles a row, and Redrive selected counts it', async () => {
    const { page, problems } = await open(peekOf(4, true));
    await row(page, 0).click();
    assert.equal(await row(page, 0).locator('input[type=checkbox]').isChecked(), true);
    await row(page, 2).locator('input[type=checkbox]').check();
    assert.deepEqual(await selected(page), [0, 2]);
    assert.equal(await page.locator('#redrive-selected').textContent(), 'Redrive 2 selected…');
    await page.locator('#copy-selection').click();
    assert.deepEqual(await recorded(page), [{ type: 'recordSelection', positions: [0, 2], to: 'clipboard' }]);
    await page.locator('.peek-list').press('Escape');
    assert.equal(await page.locator('.peek-row input[type=checkbox]:checked').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
