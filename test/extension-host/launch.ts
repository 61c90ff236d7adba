/**
 * Runs the extension-host suite in code-server: loads the extension from the repository (no packaging), has
 * the workbench run `out/test/extension-host/index.js`, waits for the workbench to report the exit code
 * through `codeAutomationExit`, then prints each result and writes the counts for scripts/test.mjs.
 * Usage: `node out/test/extension-host/launch.js` after `npm run build` and `npx tsc -p tsconfig.test.json`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from '../support/browser';
import { startCodeServer } from '../support/codeServer';
import { repoRoot } from '../support/paths';
import { resultsFileVariable, type ExtensionTestReport } from './results';

const suiteTimeoutMs = Number(process.env.EFX_EXTENSION_HOST_TIMEOUT_MS ?? 5 * 60_000);

async function main(): Promise<number> {
  const testsPath = path.join(repoRoot, 'out', 'test', 'extension-host', 'index.js');
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js')) || !fs.existsSync(testsPath)) {
    console.error('Build first: npm run build && npx tsc -p tsconfig.test.json');
    return 1;
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-extension-host-'));
  const resultsFile = path.join(workDir, 'results.json');
  const started = Date.now();
  const server = await startCodeServer({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsPath,
    env: { [resultsFileVariable]: resultsFile },
  });
  console.log(`code-server answered in ${(server.startupMs / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  const consoleLines: string[] = [];
  let page: Page | undefined;
  try {
    page = await browser.newPage();
    page.on('console', (message) => consoleLines.push(message.text()));
    const exitCode = await runSuite(page, server.url);
    const report = readReport(resultsFile);
    if (!report) {
      throw new Error(`The suite exited with ${exitCode} but wrote no results to ${resultsFile}.`);
    }
    printReport(report);
    writeStats(report);
    console.log(`extension-host suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s from spawn`);
    // The results say what failed; the console only helps when the suite itself could not run.
    if (report.error !== undefined || (exitCode !== 0 && !report.results.some((result) => result.state === 'failed'))) {
      printTail('extension host console', consoleLines.join('\n'));
    }
    return exitCode;
  } catch (error) {
    if (page) {
      console.error(`Screenshot: ${await saveScreenshot(page, 'extension-host-failure').catch(String)}`);
    }
    printTail('extension host console', consoleLines.join('\n'));
    printTail('code-server log', server.logTail(60));
    throw error;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Resolves with the code the workbench reports when the suite's run() settles. */
async function runSuite(page: Page, url: string): Promise<number> {
  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  // Must exist before the workbench loads: it looks the function up when the suite ends.
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
  await page.goto(url);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The extension-host suite did not finish within ${suiteTimeoutMs / 1000} s.`)), suiteTimeoutMs);
  });
  try {
    return await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function readReport(file: string): ExtensionTestReport | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ExtensionTestReport;
  } catch {
    return undefined;
  }
}

function printReport(report: ExtensionTestReport): void {
  for (const result of report.results) {
    if (result.state === 'passed') {
      console.log(`  ✔ ${result.title} (${result.durationMs ?? 0} ms)`);
    } else if (result.state === 'skipped') {
      console.log(`  - ${result.title} (skipped)`);
    } else {
      console.log(`  ✘ ${result.title}\n${indent(result.error ?? '')}`);
    }
  }
  if (report.error) {
    console.log(`  ✘ the suite could not run:\n${indent(report.error)}`);
  }
}

function writeStats(report: ExtensionTestReport): void {
  const file = process.env.EFX_TEST_STATS;
  if (!file) {
    return;
  }
  const count = (state: string): number => report.results.filter((result) => result.state === state).length;
  // A suite that could not load its files counts as one failure, not as zero tests.
  const failed = count('failed') + (report.error ? 1 : 0);
  const failures = report.results
    .filter((result) => result.state === 'failed')
    .map((result) => `${result.title}: ${(result.error ?? '').split('\n')[0].slice(0, 300)}`);
  if (report.error) failures.push(`the suite could not run: ${report.error.split('\n')[0].slice(0, 300)}`);
  fs.writeFileSync(file, JSON.stringify({ passed: count('passed'), failed, skipped: count('skipped'), failures }));
}

function printTail(title: string, text: string): void {
  const lines = text.trimEnd().split('\n').slice(-60);
  console.error(`--- ${title} (last ${lines.length} lines) ---\n${lines.join('\n')}\n--- end of ${title} ---`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
