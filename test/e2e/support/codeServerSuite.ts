/**
 * Every end-to-end suite runs the packaged .vsix in a code-server of its own, driven in one Chromium page.
 * Called inside a `describe`, this adds the suite's hooks: start both before the first test, leave a
 * screenshot and the server's log when a test fails, stop both after the last test.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, saveScreenshot } from '../../support/browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../../support/codeServer';
import { packagedVsix } from '../../support/vsix';
import { Workbench } from '../../support/workbench';

export interface SuiteSetup {
  /** Runs first, before anything starts: a missing rig server skips or fails the suite here. */
  prepare?: (context: Mocha.Context) => Promise<void> | void;
  /** Options besides the packaged .vsix, e.g. the workspace folder. */
  codeServer?: Omit<CodeServerOptions, 'vsix'>;
  /** Runs once the workbench has loaded. */
  opened?: (workbench: Workbench, server: CodeServer) => Promise<void> | void;
  /** More to print when a test fails, between the screenshot and the server's log. */
  failureNotes?: () => string | undefined;
  /** Runs after the browser and the server stopped: removes what the suite created. */
  cleanup?: () => Promise<void> | void;
}

export interface CodeServerSuite {
  /** The loaded workbench; fails the test when it did not open. */
  workbench: () => Workbench;
}

export function codeServerSuite(setup: SuiteSetup = {}): CodeServerSuite {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(10 * 60_000);
    await setup.prepare?.(this);
    server = await startCodeServer({ ...setup.codeServer, vsix: packagedVsix() });
    browser = await launchBrowser();
    workbench = await Workbench.open(browser, server.url);
    await setup.opened?.(workbench, server);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !workbench) return;
    console.error(`      screenshot: ${await saveScreenshot(workbench.page, `failure-${this.currentTest.title}`).catch(String)}`);
    const shown = await workbench.page.locator('.notification-list-item-message').allTextContents().catch((error: unknown) => [String(error)]);
    console.error(`      notifications shown: ${shown.length === 0 ? 'none' : shown.map((text) => JSON.stringify(text)).join(', ')}`);
    const notes = setup.failureNotes?.();
    if (notes) console.error(notes);
    console.error(`      code-server log:\n${server?.logTail(30) ?? ''}`);
    console.error(`      extension logs:\n${server?.extensionLogTail(30) ?? ''}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await setup.cleanup?.();
  });

  return {
    workbench: () => {
      assert.ok(workbench, 'the workbench did not open');
      return workbench;
    },
  };
}
