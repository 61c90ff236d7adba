// The typed panel host in a real editor: the page it writes, a message that fails its protocol's check
// dropped and logged (never answered), what it posts typed, and its disposable collection released when the
// panel closes, whether the user closes it or the code does; a restored panel is filled the same way.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PanelHost, type PanelPlace } from '../../src/panels/panelHost';
import { parseBusRunMessage, type BusRunToExtension, type BusRunToWebview } from '../../src/protocol/busRun';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

const VIEW_TYPE = 'eventFlows.panelHostTest';

function openHost(place: PanelPlace = { column: vscode.ViewColumn.Active }) {
  const answered: BusRunToExtension[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const log = { warn: (line: string) => warnings.push(line), error: (line: string) => errors.push(line) };
  const host = new PanelHost<BusRunToExtension, BusRunToWebview>(
    {
      app: 'busRun',
      viewType: VIEW_TYPE,
      title: 'Panel host <test>',
      label: 'Panel host test',
      place,
      firstView: { note: '</script><script>alert(1)</script>' },
      parse: parseBusRunMessage,
      answer: (message) => {
        answered.push(message);
        return message.type === 'export' ? Promise.reject(new Error('the disk is full')) : Promise.resolve();
      },
      failure: (message, error) => `Could not ${message.type}: ${(error as Error).message}`,
    },
    { extensionUri: ourExtension().extensionUri, log },
  );
  const posted: unknown[] = [];
  host.panel.webview.postMessage = (message: unknown) => {
    posted.push(message);
    return Promise.resolve(true);
  };
  return { host, answered, warnings, errors, posted };
}

describe('Typed panel host', () => {
  it('writes the page with the nonce CSP and the first view, and lets it read the bundle folder only', () => {
    const { host } = openHost();
    try {
      const { html, options } = host.panel.webview;
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; [^"]*script-src &#39;nonce-[^&]+&#39;">/);
      assert.equal([...html.matchAll(/<script\b/gi)].length, 2, 'one data block and one script');
      assert.match(html, /\\u003c\/script\\u003e/);
      assert.equal(host.panel.title, 'Panel host <test>');
      assert.equal(options.enableScripts, true);
      assert.equal(options.enableCommandUris, false);
      assert.deepEqual(options.localResourceRoots?.map((uri) => uri.path), [vscode.Uri.joinPath(ourExtension().extensionUri, 'dist', 'webview').path]);
    } finally {
      host.dispose();
    }
  });

  it('drops and logs a message that fails validation, and answers one that passes', async () => {
    const { host, answered, warnings, posted } = openHost();
    try {
      await host.receive({ type: 'openLocation', file: '/etc/passwd', line: 0 });
      await host.receive({ type: 'runScript', code: 'alert(1)' });
      await host.receive('not even an object');
      assert.deepEqual(answered, [], 'a rejected message reached the panel');
      assert.equal(warnings.length, 3);
      for (const line of warnings) assert.match(line, /^Panel host test: Rejected webview message/);
      assert.deepEqual(posted, []);
      await host.receive({ type: 'rerun' });
      assert.deepEqual(answered, [{ type: 'rerun' }]);
    } finally {
      host.dispose();
    }
  });

  it('shows an answer that threw in the page and the log, and posts typed messages', async () => {
    const { host, errors, posted } = openHost();
    try {
      await host.receive({ type: 'export' });
      await host.post({ type: 'running' });
      assert.deepEqual(posted, [{ type: 'error', message: 'Could not export: the disk is full' }, { type: 'running' }]);
      assert.deepEqual(errors, ['Panel host test: Could not export: the disk is full']);
    } finally {
      host.dispose();
    }
  });

  it('disposes its collection when the code disposes the panel, and posts nothing after', async () => {
    const { host, posted } = openHost();
    let released = 0;
    host.disposables.add({ dispose: () => (released += 1) });
    host.dispose();
    assert.equal(released, 1);
    assert.equal(host.closed, true);
    await host.post({ type: 'running' });
    assert.deepEqual(posted, []);
    host.dispose();
    assert.equal(released, 1, 'disposed twice');
  });

  it('disposes its collection when the user closes the panel', async () => {
    const { host } = openHost();
    let released = 0;
    host.disposables.add({ dispose: () => (released += 1) });
    host.panel.reveal(vscode.ViewColumn.Active);
    await waitFor(() => Promise.resolve(host.panel.active), 15_000, 'the panel to be active');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => Promise.resolve(host.closed), 15_000, 'the panel to close');
    assert.equal(released, 1);
  });

  it('fills a panel VS Code restored (a serializer hands it over): options, title and page', () => {
    const restored = vscode.window.createWebviewPanel(VIEW_TYPE, 'as it was saved', vscode.ViewColumn.Active, {});
    const { host } = openHost({ restored });
    try {
      assert.equal(host.panel, restored);
      assert.equal(restored.title, 'Panel host <test>');
      assert.equal(restored.webview.options.enableScripts, true);
      assert.match(restored.webview.html, /Content-Security-Policy/);
    } finally {
      host.dispose();
    }
  });
});
