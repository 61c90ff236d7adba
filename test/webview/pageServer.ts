/**
 * The local server that stands in for a webview in the Chromium tests: each page built by the panels' own
 * HTML builder (so under the same CSP), the built bundles under /dist/webview/, and the theme CSS a page
 * can be dressed in.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWebviewHtml, createNonce, type WebviewApp } from '../../src/panels/webviewHtml';
import { RECORDING_VSCODE_API } from './recordingVscodeApi';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Where the build puts the webview bundles. */
export const distDir = path.join(repoRoot, 'dist', 'webview');
const themesDir = path.join(repoRoot, 'test', 'webview', 'themes');

export interface ServedPage {
  app: WebviewApp;
  title: string;
  firstView?: unknown;
  /** Dressed in VS Code's dark theme (its CSS linked, `vscode-dark` on the body); bare, as the panel builds it, when false. */
  dark: boolean;
}

export interface PageServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts the server on a free port; `pageAt` says which page a path serves (asked on every request), if any. */
export async function serveWebviewPages(pageAt: (url: URL) => ServedPage | undefined): Promise<PageServer> {
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const page = pageAt(url);
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(htmlOf(page, origin));
      return;
    }
    const theme = /^\/(dark|common)\.css$/.exec(url.pathname)?.[1];
    const file = /^\/dist\/webview\/([\w.-]+)$/.exec(url.pathname)?.[1];
    const full = theme !== undefined ? path.join(themesDir, `${theme}.css`) : file === undefined ? undefined : path.join(distDir, file);
    if (full && fs.existsSync(full)) {
      response.writeHead(200, { 'content-type': full.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8' });
      response.end(fs.readFileSync(full));
    } else {
      // Chromium asks for a favicon on its own; a webview never does.
      response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function htmlOf(page: ServedPage, origin: string): string {
  const html = buildWebviewHtml({ app: page.app, cspSource: origin, bundleUri: (file) => `${origin}/dist/webview/${file}`, nonce: createNonce(), title: page.title, firstView: page.firstView });
  return page.dark ? html.replace('</head>', `<link rel="stylesheet" href="${origin}/dark.css">\n</head>`).replace('<body>', '<body class="vscode-dark">') : html;
}

/**
 * Collects into `problems` what a page reports going wrong: console errors, Content Security Policy refusals
 * (some arrive as warnings) and uncaught exceptions.
 */
export function collectPageProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(text)) problems.push(`${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
}

/** Opens `url` in a new page whose `acquireVsCodeApi` records what the page posts (`window.__posted`), its problems collected. */
export async function openRecordingPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  collectPageProblems(page, problems);
  await page.addInitScript({ content: RECORDING_VSCODE_API });
  await page.goto(url);
  return { page, problems };
}
