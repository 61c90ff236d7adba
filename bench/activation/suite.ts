/**
 * Runs inside VS Code's extension host (code-server loads it as the extensionTestsPath): activates the
 * extension once in a fresh host, timed, and lists which driver modules the host has loaded by then.
 * Writes its findings to the file named by EFX_BENCH_ACTIVATION_RESULT for the launcher outside.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId } from '../../test/support/paths';

export interface ActivationFindings {
  wasActiveBefore: boolean;
  activationMs: number;
  /** Modules of kafkajs, amqplib or mongodb (from node_modules or our dist/drivers) loaded after activation. */
  driverModulesAfterActivation: string[];
  /** Time to load the separately bundled mongodb driver, as the first MongoDB connect does. */
  mongodbDriverLoadMs?: number;
  error?: string;
}

const DRIVER_MODULE = /[\\/](node_modules[\\/](mongodb|kafkajs|amqplib)|dist[\\/]drivers)[\\/]/;

function driverModules(): string[] {
  return Object.keys(require.cache).filter((file) => DRIVER_MODULE.test(file));
}

export async function run(): Promise<void> {
  const findings: ActivationFindings = { wasActiveBefore: false, activationMs: NaN, driverModulesAfterActivation: [] };
  try {
    const extension = vscode.extensions.getExtension(extensionId);
    if (extension === undefined) throw new Error(`VS Code did not load ${extensionId}`);
    findings.wasActiveBefore = extension.isActive;
    const started = performance.now();
    await extension.activate();
    findings.activationMs = performance.now() - started;
    findings.driverModulesAfterActivation = driverModules();
    const driverFile = path.join(extension.extensionPath, 'dist', 'drivers', 'mongodb.js');
    if (fs.existsSync(driverFile)) {
      const loadStarted = performance.now();
      createRequire(__filename)(driverFile);
      findings.mongodbDriverLoadMs = performance.now() - loadStarted;
    }
  } catch (error) {
    findings.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  const file = process.env.EFX_BENCH_ACTIVATION_RESULT;
  if (file) fs.writeFileSync(file, JSON.stringify(findings));
}
