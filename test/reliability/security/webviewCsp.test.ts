/**
 * The timeline page as the panel builds it: a Content-Security-Policy that lets only scripts carrying the
 * page's nonce run (no inline code, no eval), every <script> carrying that nonce, nothing from the event
 * data able to add markup, and a webview that may read files from the bundle folder only.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildWebviewHtml, createNonce } from '../../../src/panels/webviewHtml';
import { WEBVIEW_BUNDLE_SEGMENTS, webviewPanelOptions } from '../../../src/panels/webviewOptions';
import { repoRoot } from '../../support/paths';
import { figure } from '../support/figures';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function page(title = 'Timeline: Order-1', nonce = createNonce()): { html: string; nonce: string } {
  const html = buildWebviewHtml({
    app: 'timeline',
    cspSource: CSP_SOURCE,
    bundleUri: (file) => `${CSP_SOURCE}/ext/dist/webview/${file}`,
    nonce,
    title,
  });
  return { html, nonce };
}

function cspOf(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const part of metas[0][1].replace(/&#39;/g, "'").split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe('webview security: CSP, scripts, resource roots', () => {
  it('allows scripts by nonce only: no unsafe-inline, no unsafe-eval, nothing by default', () => {
    const { html, nonce } = page();
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE]);
    const all = [...csp.values()].flat();
    assert.ok(!all.some((v) => /unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/.test(v)), `CSP: ${all.join(' ')}`);
    figure('webview.csp.directives', csp.size);
  });

  it('every <script> carries the page nonce, and there is no inline code or handler', () => {
    const { html, nonce } = page();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length >= 1);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, new RegExp(`\\snonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), `a script without the nonce: ${attributes}`);
      assert.match(attributes, /\ssrc="[^"]+"/, 'an inline script');
      assert.equal(body.trim(), '');
    }
    assert.equal(/<script\b/gi.exec(html.replace(/<script\b[^>]*nonce="[^"]*"[^>]*>/gi, '')), null, 'a script tag without a nonce');
    assert.doesNotMatch(html, /\son\w+\s*=/i, 'an inline event handler');
    figure('webview.scripts', scripts.length);
    figure('webview.scriptsWithoutNonce', 0);
  });

  it("hands the toolkit's URL to the app's script, which loads it with the nonce: still one script tag", () => {
    const { html } = page();
    const tags = [...html.matchAll(/<script\b([^>]*)>/gi)];
    assert.equal(tags.length, 1);
    assert.equal(/\sdata-toolkit-src="([^"]*)"/.exec(tags[0][1])?.[1], `${CSP_SOURCE}/ext/dist/webview/toolkit.js`);
    const hostile = buildWebviewHtml({
      app: 'timeline',
      cspSource: CSP_SOURCE,
      bundleUri: (file) => (file === 'toolkit.js' ? '"><script>alert(1)</script>' : file),
      nonce: createNonce(),
      title: 'T',
    });
    assert.equal([...hostile.matchAll(/<script\b/gi)].length, 1, 'the toolkit URL added a script');
  });

  it('uses a fresh 18-byte nonce per page', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 18);
  });

  it('cannot be given markup through the title (an aggregate id from the store)', () => {
    const { html } = page('Timeline: </title><script>alert(1)</script><img src=x onerror=alert(2)>"\'');
    assert.equal([...html.matchAll(/<script\b/gi)].length, 1, 'the title added a script');
    assert.doesNotMatch(html, /<img\b/i);
  });

  it('lets the webview read files from the bundle folder only, with command links off', () => {
    const root = path.join(path.sep, 'ext');
    const options = webviewPanelOptions(root, (base, ...segments) => path.join(base, ...segments));
    assert.deepEqual(options.localResourceRoots, [path.join(root, 'dist', 'webview')]);
    assert.equal(options.enableCommandUris, false);
    assert.equal(options.enableScripts, true);
    // The bundle folder holds the bundle and nothing of the extension's own code or the workspace.
    const bundle = path.join(repoRoot, ...WEBVIEW_BUNDLE_SEGMENTS);
    const files = fs.readdirSync(bundle);
    assert.ok(['timeline.js', 'toolkit.js', 'timeline.css'].every((file) => files.includes(file)), `bundle folder holds ${files.join(', ')}`);
    assert.ok(!files.includes('extension.js'), 'the extension host bundle is readable by the webview');
    figure('webview.localResourceRoots', options.localResourceRoots.length);
  });
});
