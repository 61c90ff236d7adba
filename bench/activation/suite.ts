/**
 * Runs inside VS Code's extension host (code-server loads it as the extensionTestsPath): activates the
 * extension once in a fresh host, timed, and lists which driver modules the host has loaded by then.
 * Writes its findings to the file named by EFX_BENCH_ACTIVATION_RESULT for the launcher outside.
 *
 * The figure is VS Code's own "Activation" time (Developer: Show Running Extensions): loading the main
 * module plus the synchronous activate() call. Loading is read from the host's performance marks around
 * its require of the module; the call is timed by wrapping the module's activate as the host loads it.
 */
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId } from '../../test/support/paths';

export interface ActivationFindings {
  wasActiveBefore: boolean;
  /** codeLoadingMs + activateCallMs, as Show Running Extensions adds them. */
  activationMs: number;
  /** The host's require of the main module (its willLoad/didLoadExtensionCode marks). */
  codeLoadingMs: number;
  /** The synchronous activate() call. */
  activateCallMs: number;
  /** extension.activate() as a caller sees it: also the host building the ExtensionContext with the renderer. */
  hostActivateMs: number;
  /** Modules of kafkajs, amqplib or mongodb (from node_modules or our dist/drivers), or our lazily loaded dist/lazy, loaded after activation. */
  driverModulesAfterActivation: string[];
  /** Time to load the separately bundled mongodb driver, as the first MongoDB connect does. */
  mongodbDriverLoadMs?: number;
  error?: string;
}

interface PerformanceMarks {
  getMarks(): { name: string; startTime: number }[];
}

const SETTLE_MS = 3000;

const DRIVER_MODULE = /[\\/](node_modules[\\/](mongodb|kafkajs|amqplib|proper-lockfile|jsonpath-plus|avsc|protobufjs)|dist[\\/](drivers|lazy))[\\/]/;

function driverModules(): string[] {
  return Object.keys(require.cache).filter((file) => DRIVER_MODULE.test(file));
}

function codeLoadingMs(id: string): number {
  const marks = (globalThis as { MonacoPerformanceMarks?: PerformanceMarks }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name: string): number | undefined => marks.find((mark) => mark.name === `code/extHost/${name}/${id}`)?.startTime;
  const started = at('willLoadExtensionCode');
  const finished = at('didLoadExtensionCode');
  if (started === undefined || finished === undefined) throw new Error(`the extension host left no code-loading marks for ${id}`);
  return finished - started;
}

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Wraps activate() of `mainFile` when the host requires it; returns the measured call time, once made. */
function timeActivateCall(mainFile: string): () => number {
  const loader = Module as unknown as { _load: ModuleLoad };
  const load = loader._load;
  let callMs = NaN;
  loader._load = function (request, parent, isMain) {
    const loaded = load.call(this, request, parent, isMain) as { activate?: (...args: unknown[]) => unknown };
    if (path.resolve(request) !== mainFile || typeof loaded?.activate !== 'function') return loaded;
    loader._load = load;
    const activate = loaded.activate;
    return {
      ...loaded,
      activate(...args: unknown[]) {
        const started = performance.now();
        try {
          return activate(...args);
        } finally {
          callMs = performance.now() - started;
        }
      },
    };
  };
  return () => {
    loader._load = load;
    return callMs;
  };
}

export async function run(): Promise<void> {
  const findings: ActivationFindings = {
    wasActiveBefore: false,
    activationMs: NaN,
    codeLoadingMs: NaN,
    activateCallMs: NaN,
    hostActivateMs: NaN,
    driverModulesAfterActivation: [],
  };
  try {
    const id = process.env.EFX_BENCH_ACTIVATION_EXTENSION_ID ?? extensionId;
    const extension = vscode.extensions.getExtension(id);
    if (extension === undefined) throw new Error(`VS Code did not load ${id}`);
    findings.wasActiveBefore = extension.isActive;
    const mainFile = path.resolve(extension.extensionPath, String((extension.packageJSON as { main: string }).main));
    const activateCallMs = timeActivateCall(mainFile);
    // The host runs this as soon as it starts, while code-server and Chromium are still busy bringing up
    // the workbench on the same cores; a person opens the view or runs a command after that.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const started = performance.now();
    await extension.activate();
    findings.hostActivateMs = performance.now() - started;
    findings.activateCallMs = activateCallMs();
    findings.codeLoadingMs = codeLoadingMs(extension.id);
    findings.activationMs = findings.codeLoadingMs + findings.activateCallMs;
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
