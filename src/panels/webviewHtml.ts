/**
 * Every webview's HTML, from the app's name: its script and stylesheet from the bundle folder, the
 * toolkit's URL for the app to load later, the nonce-only Content-Security-Policy, and the first view as a
 * JSON data block. Free of the vscode API so the Chromium tests serve exactly the page (and the CSP) a
 * panel serves.
 */
import { randomBytes } from 'node:crypto';
import { FIRST_VIEW_ELEMENT_ID } from '../protocol/common';

/** The webview apps, each bundled apart as `dist/webview/<app>.js` + `<app>.css` (webview/<app>/). */
export type WebviewApp = 'timeline' | 'busRun' | 'messageBrowser' | 'topology' | 'peek' | 'flow' | 'monitor' | 'search' | 'statistics';

export interface WebviewHtmlOptions {
  app: WebviewApp;
  /** `webview.cspSource`: the origin the webview may load scripts, styles and fonts from. */
  cspSource: string;
  /**
   * The URI the webview loads a file of the bundle folder (dist/webview) from: `asWebviewUri` in a panel.
   * Asked for `<app>.js`, `<app>.css` and `toolkit.js`.
   */
  bundleUri: (file: string) => string;
  nonce: string;
  title: string;
  /** Written into the page as a JSON data block (not a script: the CSP has nothing to allow). */
  firstView?: unknown;
}

/** A fresh nonce per page load: the only way a script runs in the webview. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * Nonce-only scripts and origin-only styles: no inline styles or eval. The toolkit's components style
 * themselves through constructable stylesheets, which `style-src` does not govern.
 */
export function webviewContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/**
 * The app's page. Its one script tag also hands the app the URL of dist/webview/toolkit.js
 * (`data-toolkit-src`), which the app loads itself after its first frame (webview/shared/toolkit.ts).
 */
export function buildWebviewHtml(options: WebviewHtmlOptions): string {
  const csp = webviewContentSecurityPolicy(options.cspSource, options.nonce);
  const firstView =
    options.firstView === undefined ? '' : `<script type="application/json" id="${FIRST_VIEW_ELEMENT_ID}">${jsonInHtml(options.firstView)}</script>\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.bundleUri(`${options.app}.css`))}">
<title>${escapeText(options.title)}</title>
</head>
<body>
<div id="app" class="app"></div>
${firstView}<script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.bundleUri(`${options.app}.js`))}" data-toolkit-src="${escapeAttribute(options.bundleUri('toolkit.js'))}"></script>
</body>
</html>
`;
}

/**
 * JSON that no event data can break out of: `<`, `>` and `&` become escapes JSON.parse reads back, so
 * `</script>` or `<!--` inside a value never ends the data block.
 */
export function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
