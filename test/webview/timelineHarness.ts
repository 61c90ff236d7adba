/**
 * Serves the real timeline bundle in a page built by the panel's own HTML builder (same CSP), with a fake
 * `acquireVsCodeApi` whose messages are answered in Node by a real TimelineSession through the same
 * request router the panel uses. Themes are stylesheets standing in for what VS Code injects.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { answerTimelineRequest, isSessionRequest, firstTimelineView } from '../../src/panels/timeline/timelineMessages';
import type { TimelineSession } from '../../src/panels/timeline/timelineSession';
import { buildWebviewHtml, createNonce } from '../../src/panels/webviewHtml';
import { launchBrowser } from '../support/browser';
import { collectPageProblems } from './pageServer';
import { parseWebviewMessage, type ExtensionToWebview, type TimelineFirstView } from '../../src/protocol/timeline';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const distDir = path.join(repoRoot, 'dist', 'webview');
const themesDir = path.join(repoRoot, 'test', 'webview', 'themes');

export type Theme = 'dark' | 'light' | 'high-contrast';
const BODY_CLASS: Record<Theme, string> = { dark: 'vscode-dark', light: 'vscode-light', 'high-contrast': 'vscode-high-contrast' };

export interface TimelineServer {
  origin: string;
  /** Keeps a first view for one page; the page whose URL names the returned id carries it, as the panel's does. */
  addFirstView(view: TimelineFirstView): string;
  close(): Promise<void>;
}

/** A static server on 127.0.0.1: `/?theme=dark` is the page, `/dist/` the bundle, `/theme/` the colours. */
export async function startTimelineServer(): Promise<TimelineServer> {
  if (!fs.existsSync(path.join(distDir, 'timeline.js'))) {
    throw new Error(`No webview bundle in ${distDir}: run npm run build first`);
  }
  let origin = '';
  const firstViews = new Map<string, TimelineFirstView>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const file = staticFile(url.pathname);
    if (url.pathname === '/favicon.ico') {
      // Chromium asks for it on its own; a webview never does.
      response.writeHead(204).end();
    } else if (url.pathname === '/') {
      const theme = (url.searchParams.get('theme') ?? 'dark') as Theme;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(themedPage(origin, theme, firstViews.get(url.searchParams.get('view') ?? '')));
    } else if (file !== undefined && fs.existsSync(file)) {
      response.writeHead(200, { 'content-type': contentType(file) });
      response.end(fs.readFileSync(file));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    addFirstView: (view) => {
      const id = String(firstViews.size + 1);
      firstViews.set(id, view);
      return id;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The panel's page, plus what VS Code adds around it: the theme's variables and the body's theme class. */
function themedPage(origin: string, theme: Theme, firstView: TimelineFirstView | undefined): string {
  const html = buildWebviewHtml({
    app: 'timeline',
    cspSource: origin,
    bundleUri: (file) => `${origin}/dist/webview/${file}`,
    nonce: createNonce(),
    title: 'Timeline',
    firstView,
  });
  return html
    .replace('</head>', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n</head>`)
    .replace('<body>', `<body class="${BODY_CLASS[theme]}" data-vscode-theme-kind="${BODY_CLASS[theme]}">`);
}

function staticFile(pathname: string): string | undefined {
  const match = /^\/(dist\/webview|theme)\/([\w.-]+)$/.exec(pathname);
  if (match === null) return undefined;
  return path.join(match[1] === 'theme' ? themesDir : distDir, match[2]);
}

function contentType(file: string): string {
  if (file.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (file.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'application/octet-stream';
}

/** Stands in for VS Code's webview API; replies are dispatched as the message events VS Code would send. */
const FAKE_VSCODE_API = `
  window.__vscodeState = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      window.__timelineHost(message).then((replies) => {
        for (const data of replies) window.dispatchEvent(new MessageEvent('message', { data }));
      });
    },
    getState: () => window.__vscodeState,
    setState: (state) => { window.__vscodeState = state; },
  });
`;


export interface OpenedTimeline {
  page: Page;
  /** Console errors and CSP reports seen so far. */
  problems: string[];
  /** Everything the webview posted, after validation. */
  requests: unknown[];
  exports: string[];
}

export interface OpenOptions {
  /** Runs before the page loads, after the fake webview API is installed: init scripts added here see it, and routes set here see every request of the page. */
  prepare?: (page: Page) => Promise<unknown>;
  /** What `goto` waits for; a script the test holds back holds back `load` too. */
  waitUntil?: 'load' | 'domcontentloaded';
  /** Whether the page carries the session's first view, as the panel's page does (default true). */
  firstView?: boolean;
  /** The editor's size in CSS pixels (default 1280 × 760). */
  viewport?: { width: number; height: number };
}

export async function openTimeline(
  browser: Browser,
  server: TimelineServer,
  session: TimelineSession,
  theme: Theme = 'dark',
  { prepare, waitUntil = 'load', firstView = true, viewport = { width: 1280, height: 760 } }: OpenOptions = {},
): Promise<OpenedTimeline> {
  const page = await browser.newPage({ viewport });
  const opened: OpenedTimeline = { page, problems: [], requests: [], exports: [] };
  collectPageProblems(page, opened.problems);
  await page.exposeFunction('__timelineHost', (raw: unknown): ExtensionToWebview[] => {
    opened.requests.push(raw);
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) return [{ type: 'error', message: parsed.error }];
    if (parsed.message.type === 'export') {
      opened.exports.push(parsed.message.what);
      return [{ type: 'notice', message: `Exported the ${parsed.message.what}` }];
    }
    // Play without a breakpoint is a step forward; the sandbox's part is the panel's (extension-host tests).
    if (parsed.message.type === 'playStep') return answerTimelineRequest(session, { type: 'step', to: 'next' });
    if (!isSessionRequest(parsed.message)) return [{ type: 'notice', message: `${parsed.message.type} is the panel's` }];
    return answerTimelineRequest(session, parsed.message);
  });
  await page.addInitScript({ content: FAKE_VSCODE_API });
  await prepare?.(page);
  const view = firstView ? `&view=${server.addFirstView(firstTimelineView(session))}` : '';
  await page.goto(`${server.origin}/?theme=${theme}${view}`, { waitUntil });
  return opened;
}

export type OpenTimelinePage = (session: TimelineSession, theme?: Theme, options?: OpenOptions) => Promise<OpenedTimeline>;

/** For one describe block: a timeline server and a Chromium, started before its tests and closed after them. */
export function timelinePagesForSuite(): OpenTimelinePage {
  let browser: Browser | undefined;
  let server: TimelineServer | undefined;
  before(async () => {
    server = await startTimelineServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return (session, theme, options) => {
    if (browser === undefined || server === undefined) throw new Error('the suite did not start its browser and server');
    return openTimeline(browser, server, session, theme, options);
  };
}
