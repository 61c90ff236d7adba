/**
 * A browse started from the page's own Browse button ends in the page: once the last rows and the "end
 * of the topic" status arrive, the spinner hides and Stop is disabled; Stop on a live tail ends it. The
 * page talks to a real BrowseSession (the panel's), over a source that answers like a 6-message topic.
 */
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { FlowEvent } from '../../src/core/envelope';
import { BrowseSession, type BrowseSource } from '../../src/panels/messageBrowser/browseSession';
import { launchBrowser } from '../support/browser';
import { openBrowserPage, type OpenedBrowser } from './browserHarness';
import { KAFKA } from '../../src/connectors/kafka/kafkaSource';

function sixMessages(): FlowEvent[] {
  return Array.from({ length: 6 }, (_, i) => ({
    id: `e${i}`,
    type: 'OrderCreated',
    timestamp: new Date(1_764_000_000_000 + i).toISOString(),
    data: { orderId: `Order-${i}` },
    metadata: { headers: [] },
    source: { system: KAFKA, topic: 'orders', partition: i % 3, offset: String(Math.floor(i / 3)), key: `Order-${i}` },
  }));
}

/** Six messages over three partitions, read in one page; a tail that runs until its signal aborts. */
const sixMessageTopic: BrowseSource = {
  browseWith: async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { events: sixMessages(), cursors: [], reachedEnd: true, problems: [] };
  },
  tail: (request) =>
    new Promise<void>((resolve) => {
      if (request.signal?.aborted) resolve();
      else request.signal?.addEventListener('abort', () => resolve(), { once: true });
    }),
};

async function openOverSession(browser: Browser): Promise<{ opened: OpenedBrowser; session: BrowseSession }> {
  let push: OpenedBrowser['push'] | undefined;
  const session = new BrowseSession(sixMessageTopic, 'orders', (progress) => void push?.({ type: 'status', ...progress }));
  const opened = await openBrowserPage(browser, session.store, undefined, (message, send) => {
    push = send;
    if (message.type === 'browse') void session.start(message.parameters);
    if (message.type === 'stop') void session.stop();
  });
  return { opened, session };
}

async function running(page: Page): Promise<{ spinner: boolean; stop: boolean }> {
  return {
    spinner: await page.locator('.status-bar .spinner').isVisible(),
    stop: await page.locator('#browse-stop').isEnabled(),
  };
}

describe('message browser webview: a browse from the Browse button ends (real session, Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  for (const mode of ['beginning', 'latest'] as const) {
    it(`"${mode}" shows the six rows, then hides the spinner and disables Stop`, async () => {
      const { opened } = await openOverSession(browser);
      try {
        const { page } = opened;
        await page.selectOption('#browse-mode', mode);
        await page.locator('#browse-start').click();
        await page.locator('#browse-status', { hasText: '6 messages: the end of the topic' }).waitFor();
        await page.locator('.message-row[data-index="5"]').waitFor();
        await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('#browse-stop')?.disabled === true, undefined, { timeout: 5_000 });
        assert.deepEqual(await running(page), { spinner: false, stop: false });
        assert.deepEqual(opened.problems, []);
      } finally {
        await opened.close();
      }
    });
  }

  it('Stop ends a live tail: the spinner hides, Stop is disabled and the status says it stopped', async () => {
    const { opened, session } = await openOverSession(browser);
    try {
      const { page } = opened;
      await page.selectOption('#browse-mode', 'tail');
      await page.locator('#browse-start').click();
      await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('#browse-stop')?.disabled === false, undefined, { timeout: 5_000 });
      assert.deepEqual(await running(page), { spinner: true, stop: true });
      await page.locator('#browse-stop').click();
      await page.locator('#browse-status', { hasText: 'Stopped: 0 messages kept.' }).waitFor();
      await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('#browse-stop')?.disabled === true, undefined, { timeout: 5_000 });
      assert.deepEqual(await running(page), { spinner: false, stop: false });
      assert.equal(session.current, 'idle');
    } finally {
      await opened.close();
    }
  });
});
