/**
 * The bus-run view: the real bundle in Chromium, in the page the panel builds (same nonce-only CSP), with a
 * real run of the starter bus as its first view. It shows the run, keeps hostile event data as text, and
 * posts only the typed messages the panel accepts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { JsonValue } from '../../src/core/json';
import { sampleFlowEvents } from '../../src/core/samples';
import { busRunView } from '../../src/panels/busRun/busRunView';
import { buildWebviewHtml, createNonce } from '../../src/panels/webviewHtml';
import { parseBusRunMessage } from '../../src/protocol/busRun';
import { STARTER_BUS_JS } from '../../src/sandbox/bus/starterBus';
import { ReducerSandbox } from '../../src/sandbox/reducerSandbox';
import { launchBrowser } from '../support/browser';
import { RECORDING_VSCODE_API } from './recordingVscodeApi';
import { repoRoot } from './timelineHarness';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('bus-run webview (Chromium, real bundle, panel CSP)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: http.Server;
  let origin = '';
  let folder: string;
  let page = '';

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-bus-view-'));
    const file = path.join(folder, 'bus.js');
    fs.writeFileSync(file, STARTER_BUS_JS);
    const sandbox = new ReducerSandbox();
    const events = sampleFlowEvents();
    events[0] = { ...events[0], data: { ...(events[0].data as Record<string, JsonValue>), note: HOSTILE } };
    const run = await sandbox.runBus(file, events).finally(() => sandbox.dispose());
    server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', origin);
      const match = /^\/dist\/webview\/([\w.-]+)$/.exec(url.pathname);
      if (url.pathname === '/favicon.ico') {
        // Chromium asks for it on its own; a webview never does.
        response.writeHead(204).end();
      } else if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      } else if (match && fs.existsSync(path.join(repoRoot, 'dist', 'webview', match[1]))) {
        response.writeHead(200, { 'content-type': match[1].endsWith('.css') ? 'text/css' : 'text/javascript' }).end(fs.readFileSync(path.join(repoRoot, 'dist', 'webview', match[1])));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    page = buildWebviewHtml({ app: 'busRun', cspSource: origin, bundleUri: (name) => `${origin}/dist/webview/${name}`, nonce: createNonce(), title: 'Bus Run', firstView: busRunView(run, 'the sample flow') });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows the run: the retried handler, the child under its cause, the dead letter; hostile data as text', async () => {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    tab.on('pageerror', (error) => problems.push(error.message));
    await tab.addInitScript({ content: RECORDING_VSCODE_API });
    await tab.goto(origin);
    await tab.locator('#bus-title', { hasText: 'Bus run of the sample flow' }).waitFor();
    assert.match((await tab.locator('.handler[data-handler="reserveStock"] .handler-line').first().textContent()) ?? '', /ok after 2 tries/);
    assert.equal(await tab.locator('.trace[data-type="OrderPaid"] > .trace-body > .children > .trace[data-type="InvoiceRequested"]').count(), 1);
    assert.match((await tab.locator('#dead-letters .dead-letter').textContent()) ?? '', /InvoiceRequested.*emailInvoice.*3 tries/s);
    // The run's one dead letter is counted in the singular.
    assert.equal(await tab.locator('.badge', { hasText: /^1 dead letter$/ }).count(), 1);
    assert.equal(await tab.locator('.badge', { hasText: /dead letters/ }).count(), 0);
    // The hostile value stays text: opened as a JSON tree, it is shown, and nothing of it became an element.
    const first = tab.locator('.trace').first().locator('.step').first().locator('details.value');
    await first.locator('summary').click();
    await tab.locator('.json-pane', { hasText: '<img src=x' }).first().waitFor();
    assert.equal(await tab.locator('.json-pane img, .json-pane script').count(), 0);
    assert.equal(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);

    await tab.locator('.location').first().click();
    await tab.locator('#export').click();
    await tab.locator('#rerun').click();
    // Tracing from a summary's button traces that event and leaves its fold as it was.
    const child = tab.locator('.trace[data-type="InvoiceRequested"]').first();
    const childId = await child.getAttribute('data-event-id');
    await child.locator(':scope > summary .trace-flow').click();
    assert.equal(await child.evaluate((details) => (details as HTMLDetailsElement).open), true);
    await tab.locator('#dead-letters .trace-flow').click();
    const posted = await tab.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    const parsed = posted.map((message) => parseBusRunMessage(message));
    assert.ok(parsed.every((result) => result.ok), JSON.stringify(posted));
    assert.deepEqual(
      parsed.map((result) => (result.ok ? result.message.type : 'rejected')),
      ['ready', 'openLocation', 'export', 'rerun', 'trace', 'trace'],
    );
    assert.deepEqual(parsed.slice(4).map((result) => (result.ok && result.message.type === 'trace' ? result.message.eventId : '')), [childId, childId]);
    const open = parsed[1];
    assert.ok(open.ok && open.message.type === 'openLocation' && open.message.file === path.join(folder, 'bus.js') && open.message.line > 1);
    assert.deepEqual(problems, []);
  });
});
