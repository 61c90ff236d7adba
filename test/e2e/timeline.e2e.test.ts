/**
 * What a person does first: in a fresh workspace, publish the sample events from the command palette, open
 * Order-1001 from the tree and step through its timeline. Runs the packaged .vsix in code-server, driven in
 * Chromium; any failure leaves a screenshot in test/e2e/artifacts.
 */
import * as assert from 'node:assert/strict';
import { saveScreenshot } from '../support/browser';
import { waitForAttribute, waitForValue } from '../support/waits';
import { codeServerSuite } from './support/codeServerSuite';

describe('timeline, end to end in code-server', function () {
  // Each step needs the one before it: stop at the first failure instead of piling up timeouts.
  this.bail(true);
  this.timeout(2 * 60_000);

  const pageErrors: string[] = [];
  const started = Date.now();

  const { workbench } = codeServerSuite({
    opened: (opened, server) => {
      opened.page.on('pageerror', (error) => pageErrors.push(error.message));
      console.log(`      (packaged, code-server answered in ${(server.startupMs / 1000).toFixed(1)} s, workbench loaded at ${seconds(started)} s)`);
    },
    failureNotes: () => (pageErrors.length > 0 ? `      page errors:\n${pageErrors.join('\n')}` : undefined),
    cleanup: () => console.log(`      (whole flow ${seconds(started)} s)`),
  });

  it('offers Publish Sample Events while the Local store is empty', async () => {
    const ui = workbench();
    await ui.openView('Event Flows');
    await ui.welcomeButton('Publish Sample Events').waitFor();
  });

  it('offers the Get Started walkthrough with its four steps, none done yet', async () => {
    const ui = workbench();
    await ui.openWalkthrough('Get started with Event Flow Explorer');
    for (const step of WALKTHROUGH_STEPS) {
      await waitForAttribute(ui.walkthroughStep(step), 'aria-checked', 'false', `walkthrough step ${step}`);
    }
    await saveScreenshot(ui.page, 'walkthrough');
  });

  it('publishes the sample Order flow from the command palette', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Publish Sample Events');
    await ui.expandTreeItem('Local');
    await ui.expandTreeItem('Order');
    const description = await ui.treeItem('Order-1001').locator('.label-description').textContent();
    assert.match(description ?? '', /^v6\b/, 'Order-1001 should be at version 6');
  });

  it('opens the timeline of Order-1001 from the tree', async () => {
    const ui = workbench();
    await ui.treeItem('Order-1001').click();
    const frame = ui.webviewFrame();
    await frame.locator('.event-row', { hasText: 'OrderCreated' }).waitFor();
    await waitForValue(frame.locator('#aggregate-id'), 'Order-1001', 'the timeline title');
    // The toolkit's definitions come apart from the app (toolkit.js, loaded with the page's nonce): the
    // buttons upgrade, and a locator reaches into their shadow root for the button they render.
    await frame.locator('#last button').waitFor({ state: 'attached', timeout: 15_000 });
  });

  it('shows the state replayed up to OrderPaid: paid, 109.97', async () => {
    const frame = workbench().webviewFrame();
    const paidRow = frame.locator('.event-row', { hasText: 'OrderPaid' });
    await paidRow.click();
    await waitForAttribute(paidRow, 'aria-selected', 'true', 'the OrderPaid row');
    await waitForValue(frame.locator('#event-type'), 'OrderPaid', 'the selected event type');
    await waitForValue(frame.locator('#state [data-path="status"]'), 'paid', 'state.status');
    await waitForValue(frame.locator('#state [data-path="total"]'), '109.97', 'state.total');
  });

  it('shows the final state after stepping to the last event: shipped', async () => {
    const ui = workbench();
    const frame = ui.webviewFrame();
    await frame.locator('#last').click();
    await waitForValue(frame.locator('#event-type'), 'OrderShipped', 'the selected event type');
    await waitForValue(frame.locator('#state [data-path="status"]'), 'shipped', 'state.status');
    await waitForValue(frame.locator('#state [data-path="total"]'), '109.97', 'state.total');
    await saveScreenshot(ui.page, 'timeline');
  });

  it('appends hostile data through Append Event and shows it as text, running none of it', async () => {
    const ui = workbench();
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await ui.runCommand('Event Flows: Append Event…', { opensQuickInput: true });
    await ui.answerQuickInput('aggregate id', 'Order-1001');
    await ui.answerQuickInput('Append event to Order-1001', 'NoteAdded');
    await ui.pickQuickItem('Type the data on one line');
    await ui.answerQuickInput('NoteAdded data (JSON)', JSON.stringify({ note: hostile }));
    await ui.answerQuickInput('Expected version', '6');
    const frame = ui.webviewFrame();
    // The open timeline reloads after the append; the new event is version 7.
    await frame.locator('.event-row', { hasText: 'NoteAdded' }).waitFor();
    await frame.locator('#last').click();
    await waitForValue(frame.locator('#event-type'), 'NoteAdded', 'the appended event');
    const payload = (await frame.locator('#payload').textContent()) ?? '';
    assert.ok(payload.includes('<img src=x onerror='), `the payload should show the markup as text, got: ${payload.slice(0, 200)}`);
    assert.ok(payload.includes('<script>'), 'the payload should show the script tag as text');
    assert.equal(await frame.locator('#payload img, #payload script, #state img, #state script').count(), 0, 'markup from event data became elements');
    const content = await ui.webviewContentFrame();
    const pwned = await content.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
    assert.equal(pwned, undefined, 'script from event data ran in the webview');
  });

  it('keeps the typed draft after a stale expected version and appends it at the current one', async () => {
    const ui = workbench();
    await ui.runCommand('Event Flows: Append Event…', { opensQuickInput: true });
    await ui.answerQuickInput('aggregate id', 'Order-1001');
    await ui.answerQuickInput('Append event to Order-1001', 'NoteAdded');
    await ui.pickQuickItem('Type the data on one line');
    await ui.answerQuickInput('NoteAdded data (JSON)', JSON.stringify({ note: 'kept draft' }));
    await ui.answerQuickInput('Expected version', '2');
    await ui.waitForNotification(/Order-1001 is at version 7, not 2/);
    await ui.page.locator('.notifications-toasts .monaco-button', { hasText: 'Append at Version 7' }).first().click();
    // Nothing typed again: the kept draft is appended as version 8 and the open timeline shows it.
    await ui.webviewFrame().locator('.event-row', { hasText: 'kept draft' }).waitFor();
  });

  it('marks the walkthrough steps the user has done', async () => {
    const ui = workbench();
    await ui.openWalkthrough('Get started with Event Flow Explorer');
    for (const step of ['publishSamples', 'stepTimeline', 'staleAppend']) {
      await waitForAttribute(ui.walkthroughStep(step), 'aria-checked', 'true', `walkthrough step ${step}`);
    }
    await waitForAttribute(ui.walkthroughStep('connectMongo'), 'aria-checked', 'false', 'walkthrough step connectMongo');
  });
});

const WALKTHROUGH_STEPS = ['publishSamples', 'stepTimeline', 'staleAppend', 'connectMongo'];

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
