/**
 * The timeline webview's HTML, kept free of the vscode API so the Chromium test serves exactly the page
 * (and the Content-Security-Policy) the panel serves.
 */
import { randomBytes } from 'node:crypto';
import type { TimelineFirstView } from '../protocol';

export interface TimelineHtmlOptions {
  /** `webview.cspSource`: the origin the webview may load scripts, styles and fonts from. */
  cspSource: string;
  scriptUri: string;
  /** dist/webview/toolkit.js: the app loads it itself after its first frame (webview/timeline/toolkit.ts). */
  toolkitUri: string;
  styleUri: string;
  nonce: string;
  title: string;
  /** Written into the page as a JSON data block (not a script: the CSP has nothing to allow). */
  firstView?: TimelineFirstView;
}

/** A fresh nonce per page load: the only way a script runs in the webview. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * Nonce-only scripts and origin-only styles: no inline styles or eval. The toolkit's components style
 * themselves through constructable stylesheets, which `style-src` does not govern.
 */
export function timelineContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildTimelineHtml(options: TimelineHtmlOptions): string {
  const csp = timelineContentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>${escapeText(options.title)}</title>
</head>
<body>
<div id="app" class="app"></div>
${options.firstView === undefined ? '' : `<script type="application/json" id="first-view">${jsonInHtml(options.firstView)}</script>\n`}<script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.scriptUri)}" data-toolkit-src="${escapeAttribute(options.toolkitUri)}"></script>
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
