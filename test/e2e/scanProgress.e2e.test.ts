/**
 * Opening a big Local store for the first time (no index beside it yet): the scan shows its progress as a
 * notification that closes by itself when the scan ends, and the tree then lists the aggregates. Runs the
 * packaged .vsix in code-server on a workspace holding a ~50 MB events file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeEventLine } from '../../src/connectors/local/eventLine';
import { uiTimeoutMs, waitUntil } from '../support/waits';
import type { Workbench } from '../support/workbench';
import { codeServerSuite } from './support/codeServerSuite';

const AGGREGATES = 1_500;
const EVENTS = 150_000;
const START_MS = Date.parse('2026-01-05T09:00:00.000Z');

/** Writes the store's own line format, round-robin over the aggregates, in chunks. */
function writeEventsFile(file: string): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const descriptor = fs.openSync(file, 'w');
  try {
    for (let first = 0; first < EVENTS; first += 10_000) {
      const lines: string[] = [];
      for (let i = first; i < Math.min(EVENTS, first + 10_000); i++) {
        const aggregateId = `Order-${String(i % AGGREGATES).padStart(4, '0')}`;
        const version = Math.floor(i / AGGREGATES) + 1;
        lines.push(
          encodeEventLine({
            aggregateId,
            aggregateType: 'Order',
            id: `evt-${i}`,
            type: version === 1 ? 'OrderCreated' : 'ItemAdded',
            version,
            timestamp: new Date(START_MS + i * 1000).toISOString(),
            data: { orderId: aggregateId, sku: `SKU-${version % 8}`, name: `Item ${version % 8}`, quantity: 1 + (i % 3), unitPrice: 9.99 },
            metadata: { correlationId: `corr-${aggregateId}`, causationId: `cause-${i}` },
          }),
        );
      }
      fs.writeSync(descriptor, `${lines.join('\n')}\n`);
    }
  } finally {
    fs.closeSync(descriptor);
  }
  return fs.statSync(file).size;
}

/** Records every notification text the workbench shows from now on, however briefly it is there. */
const RECORD_NOTIFICATIONS = `(() => {
  const seen = (window.__efxNotifications = []);
  const collect = () => {
    for (const message of document.querySelectorAll('.notifications-toasts .notification-list-item-message')) {
      const text = message.textContent ?? '';
      if (!seen.includes(text)) seen.push(text);
    }
  };
  new MutationObserver(collect).observe(document.body, { childList: true, subtree: true, characterData: true });
  collect();
})()`;

describe('first open of a big Local store, end to end in code-server', function () {
  this.bail(true);
  this.timeout(3 * 60_000);

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-e2e-big-store-'));
  const eventsFile = path.join(workspace, '.eventflow', 'events.ndjson');
  const { workbench } = codeServerSuite({
    prepare: () => {
      const bytes = writeEventsFile(eventsFile);
      console.log(`      (wrote ${EVENTS.toLocaleString('en-US')} events, ${(bytes / 1024 / 1024).toFixed(0)} MiB)`);
    },
    codeServer: { folder: workspace },
    opened: async (opened) => {
      await opened.page.evaluate(RECORD_NOTIFICATIONS);
    },
    cleanup: () => fs.rmSync(workspace, { recursive: true, force: true }),
  });

  it('shows the first scan as a progress notification that closes when the scan ends', async () => {
    const ui = workbench();
    assert.equal(fs.existsSync(`${eventsFile}.idx`), false, 'the store must have no index before the first open');
    await ui.openView('Event Flows');
    await ui.expandTreeItem('Local');
    await ui.expandTreeItem('Order');
    const seen = await notificationsSeen(ui);
    const read = seen.map((text) => /^Indexing events\.ndjson: (\d+) of (\d+) MiB$/.exec(text)).filter((match) => match !== null);
    assert.ok(read.length >= 2, `expected the scan's progress in a notification, reported more than once; saw: ${JSON.stringify(seen)}`);
    const mebibytes = read.map((match) => Number(match[1]));
    assert.deepEqual(mebibytes, [...mebibytes].sort((a, b) => a - b), 'the progress went backwards');
    assert.equal(Number(read[0][2]), Math.round(fs.statSync(eventsFile).size / 1024 / 1024), 'the notification names another total size');
    await waitUntil('the scan notification to close', () => ui.page.locator('.notifications-toasts .notification-list-item-message', { hasText: /MiB/ }).count(), (n) => n === 0, uiTimeoutMs);
  });

  it('lists the aggregates of the scanned file and leaves an index beside it', async () => {
    const ui = workbench();
    const description = await ui.treeItem('Order').locator('.label-description').textContent();
    assert.match(description ?? '', new RegExp(`^${AGGREGATES} aggregates`), `the Order node says "${description}"`);
    await waitUntil('the on-disk index to be written', () => Promise.resolve(fs.existsSync(`${eventsFile}.idx`)), (written) => written);
  });
});

async function notificationsSeen(ui: Workbench): Promise<string[]> {
  return ui.page.evaluate(() => (window as unknown as { __efxNotifications: string[] }).__efxNotifications);
}
