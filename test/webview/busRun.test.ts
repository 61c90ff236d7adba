/**
 * The bus-run view: the real bundle in Chromium, in the page the panel builds (same nonce-only CSP), with a
 * real run of the starter bus as its first view. It shows the run, keeps hostile event data as text, and
 * posts only the typed messages the panel accepts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { JsonValue } from '../../src/core/json';
import { sampleFlowEvents } from '../../src/core/samples';
import { busRunView } from '../../src/panels/busRun/busRunView';
import { parseBusRunMessage } from '../../src/protocol/busRun';
import { STARTER_BUS_JS } from '../../src/sandbox/bus/starterBus';
import { ReducerSandbox } from '../../src/sandbox/reducerSandbox';
import { launchBrowser } from '../support/browser';
import { collectPageProblems, serveWebviewPages, type PageServer } from './pageServer';
import { RECORDING_VSCODE_API } from './recordingVscodeApi';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('bus-run webview (Chromium, real bundle, panel CSP)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: PageServer;
  let origin = '';
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-bus-view-'));
    const file = path.join(folder, 'bus.js');
    fs.writeFileSync(file, STARTER_BUS_JS);
    const sandbox = new ReducerSandbox();
    const events = sampleFlowEvents();
    events[0] = { ...events[0], data: { ...(events[0].data as Record<string, JsonValue>), note: HOSTILE } };
    const run = await sandbox.runBus(file, events).finally(() => sandbox.dispose());
    const firstView = busRunView(run, 'the sample flow');
    server = await serveWebviewPages((url) => (url.pathname === '/' ? { app: 'busRun', title: 'Bus Run', firstView, dark: false } : undefined));
    origin = server.origin;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows the run: the retried handler, the child under its cause, the dead letter; hostile data as text', async () => {
    const tab = await browser.newPage();
    const problems: string[] = [];
    collectPageProblems(tab, problems);
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
