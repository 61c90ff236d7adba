/**
 * The extension-host test suite: VS Code loads this module (the `extensionTestsPath`) inside the extension
 * host and calls `run()`; mocha then runs every `*.test.js` beside it against the real `vscode` API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { resultsFileVariable, type ExtensionTestReport, type ExtensionTestResult } from './results';

export function run(): Promise<void> {
  // EFX_TEST_GREP runs only the tests whose full title matches it, for working on one suite.
  const grep = process.env.EFX_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, ...(grep ? { grep } : {}) });
  for (const file of testFiles(__dirname)) {
    mocha.addFile(file);
  }
  const results: ExtensionTestResult[] = [];
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        writeReport({ results });
        if (failures > 0) {
          reject(new Error(`${failures} extension-host test(s) failed.`));
        } else {
          resolve();
        }
      });
      runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
      runner.on('fail', (test, error: Error) =>
        results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error.stack ?? String(error) }),
      );
      runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'skipped' }));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      writeReport({ results, error: message });
      reject(error instanceof Error ? error : new Error(message));
    }
  });
}

function testFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(folder, file));
}

function writeReport(report: ExtensionTestReport): void {
  const file = process.env[resultsFileVariable];
  if (file) {
    fs.writeFileSync(file, JSON.stringify(report, null, 2));
  }
}
