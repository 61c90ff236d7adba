/**
 * The user's own code in the loop, as a person meets it: a workspace reducer replays the timeline and a save
 * replays it again; the timeline compares two versions; the starter bus runs the sample flow and the bus
 * view shows the retried handler and the dead letter. Runs the packaged .vsix in code-server, driven in
 * Chromium; saves the screenshots the README shows (and one on any failure) in test/e2e/artifacts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot } from '../support/browser';
import { waitForAttribute, waitForText, waitForValue } from '../support/waits';
import { codeServerSuite } from './support/codeServerSuite';

const reducer = (label: string): string => `module.exports = {
  Order: {
    initial: { label: ${JSON.stringify(label)}, events: 0, total: 0 },
    apply(state, event) {
      const total = typeof event.data.unitPrice === 'number' ? state.total + event.data.unitPrice * (event.data.quantity ?? 1) : state.total;
      return { ...state, events: state.events + 1, last: event.type, total: Math.round(total * 100) / 100 };
    },
  },
};
`;

describe('workspace reducers and the bus, end to end in code-server', function () {
  this.bail(true);
  this.timeout(2 * 60_000);

  let reducerFile = '';

  const { workbench } = codeServerSuite({
    opened: (_, server) => {
      reducerFile = path.join(server.folder, '.eventflow', 'reducers', 'order.js');
    },
  });

  it('replays the timeline through the workspace reducer', async () => {
    const ui = workbench();
    fs.mkdirSync(path.dirname(reducerFile), { recursive: true });
    fs.writeFileSync(reducerFile, reducer('first'));
    await ui.openView('Event Flows');
    await ui.runCommand('Event Flows: Publish Sample Events');
    await ui.expandTreeItem('Local');
    await ui.expandTreeItem('Order');
    await ui.treeItem('Order-1001').click();
    const frame = ui.webviewFrame();
    await frame.locator('.event-row', { hasText: 'OrderCreated' }).waitFor();
    await waitForText(frame.locator('.aggregate-facts'), 'reducer workspace:order.js', 'the reducer the timeline names');
    await waitForValue(frame.locator('#state [data-path="label"]'), 'first', 'state.label');
  });

  it('replays it again when the reducer file is saved', async () => {
    const frame = workbench().webviewFrame();
    fs.writeFileSync(reducerFile, reducer('second'));
    await waitForValue(frame.locator('#state [data-path="label"]'), 'second', 'state.label after the save');
  });

  it('compares two versions of the state: A beside B', async () => {
    const ui = workbench();
    const frame = ui.webviewFrame();
    const created = frame.locator('.event-row', { hasText: 'OrderCreated' });
    await created.click();
    await waitForAttribute(created, 'aria-selected', 'true', 'the OrderCreated row');
    await frame.locator('#set-a').click();
    await waitForText(frame.locator('#version-a'), 'A: v1 OrderCreated', 'version A');
    const paid = frame.locator('.event-row', { hasText: 'OrderPaid' });
    await paid.click();
    await waitForAttribute(paid, 'aria-selected', 'true', 'the OrderPaid row');
    await frame.locator('#compare').click();
    const events = frame.locator('#comparison tr', { has: frame.locator('.diff-path', { hasText: /^events$/ }) });
    await waitForText(events.locator('.diff-before'), '1', 'events at A');
    await saveScreenshot(ui.page, 'timeline-debugger');
  });

  it('runs the sample flow through the starter bus: a retried handler and a dead letter in the bus view', async () => {
    const ui = workbench();
    await ui.runCommand('View: Close All Editors');
    await ui.runCommand('Event Flows: Create Starter Bus (.eventflow/bus.js)');
    await waitForText(ui.activeTabTitle(), 'bus', 'the starter bus in an editor');
    await ui.runCommand('Event Flows: Run Events Through Bus…', { opensQuickInput: true });
    await ui.pickQuickItem('The sample flow');
    const frame = ui.webviewFrame();
    await waitForText(frame.locator('#bus-title'), 'Bus run of the sample flow', 'the bus view title');
    const reserve = frame.locator('.handler[data-handler="reserveStock"]').first();
    await waitForText(reserve.locator('.handler-line'), 'ok after 2 tries', 'the retried handler');
    assert.equal(await reserve.locator('.attempt').count(), 2);
    const letter = frame.locator('#dead-letters .dead-letter').first();
    await waitForText(letter, 'InvoiceRequested', 'the dead letter');
    await waitForText(letter, 'emailInvoice', 'the handler that gave up');
    // A handler-published event sits under its cause.
    const child = frame.locator('.children .trace[data-type="InvoiceRequested"]').first();
    await child.waitFor();
    await child.scrollIntoViewIfNeeded();
    await saveScreenshot(ui.page, 'bus-run');
  });
});
