/**
 * Serves the real message-browser bundle in a page built by the panel's own HTML builder (same CSP), with
 * a fake `acquireVsCodeApi` whose row requests are answered in Node from a real BrowseStore through the
 * same functions the panel uses. What else the page posts is recorded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { rangePositions, rowsReply } from '../../src/panels/messageBrowser/browserMessages';
import type { BrowseStore } from '../../src/panels/messageBrowser/browseStore';
import { parseBrowserMessage, type BrowserFirstView, type BrowserToExtension, type BrowserToWebview } from '../../src/protocol/messageBrowser';
import { collectPageProblems, distDir, serveWebviewPages } from './pageServer';


export interface OpenedBrowser {
  page: Page;
  problems: string[];
  posted: unknown[];
  /** Sends a message to the page as the panel would, at any time (not only as a reply). */
  push: (message: BrowserToWebview) => Promise<void>;
  close(): Promise<void>;
}

/** Answers what the page posts beyond row requests and `ready` (e.g. a real BrowseSession's browse and stop). */
export type BrowserHostAnswer = (message: BrowserToExtension, push: OpenedBrowser['push']) => void;

const FAKE_VSCODE_API = `
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      window.__browserHost(message).then((replies) => {
        for (const data of replies) window.dispatchEvent(new MessageEvent('message', { data }));
      });
    },
    getState: () => undefined,
    setState: () => undefined,
  });
`;

/** Opens the browser page over `store`, as a panel whose browse has filled it. */
export async function openBrowserPage(
  browser: Browser,
  store: BrowseStore,
  viewport = { width: 1280, height: 760 },
  answer?: BrowserHostAnswer,
  prepare?: (page: Page) => Promise<unknown>,
): Promise<OpenedBrowser> {
  if (!fs.existsSync(path.join(distDir, 'messageBrowser.js'))) throw new Error(`No message browser bundle in ${distDir}: run npm run build first`);
  const firstView: BrowserFirstView = {
    init: { type: 'init', clusterLabel: 'bench', topic: 'orders', partitions: [0, 1, 2], total: store.size, capacity: store.capacity, parameters: { mode: 'beginning', filter: {} }, state: 'idle' },
    rowsOffset: 0,
    rows: [],
  };
  const opened404: string[] = [];
  const server = await serveWebviewPages((url) => (url.pathname === '/' ? { app: 'messageBrowser', title: 'Messages', firstView, dark: true } : undefined));
  const page = await browser.newPage({ viewport });
  const opened: OpenedBrowser = {
    page,
    problems: [],
    posted: [],
    push: async (message) => {
      await page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message);
    },
    close: async () => {
      await page.close();
      await server.close();
    },
  };
  collectPageProblems(page, opened.problems);
  page.on('requestfailed', (request) => opened.problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) opened.problems.push(`${response.status()} for ${response.url()} (${opened404.join(', ')})`);
  });
  await page.exposeFunction('__browserHost', (raw: unknown): BrowserToWebview[] => {
    opened.posted.push(raw);
    const parsed = parseBrowserMessage(raw);
    if (!parsed.ok) return [{ type: 'error', message: parsed.error }];
    if (parsed.message.type === 'requestRows') return [rowsReply(store, parsed.message)];
    if (parsed.message.type === 'ready') return [firstView.init];
    if (parsed.message.type === 'sort') {
      // As the panel answers it (messageBrowserPanel.ts).
      store.sort = { column: parsed.message.column, descending: parsed.message.descending };
      return [{ type: 'sorted', sort: store.sort, total: store.size }];
    }
    // As the panel answers it: the positions of a Shift range the page does not hold.
    if (parsed.message.type === 'selectRange') return [rangePositions(store, parsed.message)];
    answer?.(parsed.message, opened.push);
    return [];
  });
  await page.addInitScript({ content: FAKE_VSCODE_API });
  await prepare?.(page);
  await page.goto(`${server.origin}/`, { waitUntil: 'load' });
  return opened;
}
