/**
 * Extension activation in the real extension host: code-server loads the production build from a packaged
 * copy of the tree, and bench/activation/suite.ts times `activate()` in that fresh host and lists which
 * driver modules are loaded. One code-server per repetition, since activation happens once per host.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser } from '../test/support/browser';
import { codeServerInstalled, startCodeServer } from '../test/support/codeServer';
import type { ActivationFindings } from './activation/suite';
import { SkipBenchmark, type Benchmark } from './benchmark';
import { figure, round } from './measure';
import { packagedCopy } from './package/packagedCopy';

const MAX_MS = 50;
const REPETITIONS = 3;
const SUITE_TIMEOUT_MS = 120_000;

/** An extension that does nothing: what the host spends on activating any extension. */
const EMPTY_EXTENSION = { folder: path.join('bench', 'activation', 'emptyExtension'), id: 'event-flow-explorer-bench.empty-extension' };

async function activateOnce(extensionFolder: string, extensionId?: string): Promise<ActivationFindings> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-bench-activation-'));
  const resultFile = path.join(workDir, 'activation.json');
  const server = await startCodeServer({
    extensionDevelopmentPath: extensionFolder,
    extensionTestsPath: path.join(__dirname, 'activation', 'suite.js'),
    env: { EFX_BENCH_ACTIVATION_RESULT: resultFile, ...(extensionId === undefined ? {} : { EFX_BENCH_ACTIVATION_EXTENSION_ID: extensionId }) },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.goto(server.url);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      exited,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the activation suite did not finish')), SUITE_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    if (!fs.existsSync(resultFile)) throw new Error(`the activation suite wrote nothing; code-server log:\n${server.logTail(30)}`);
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ActivationFindings;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

export const activationBenchmark: Benchmark = {
  name: 'activation',
  title: 'extension activation in the extension host (code-server)',
  target: `≤ ${MAX_MS} ms; kafkajs, amqplib, mongodb not loaded at activation`,
  async run(context) {
    if (!codeServerInstalled()) throw new SkipBenchmark('code-server is not installed; run: bash scripts/ensure-code-server.sh');
    const copy = packagedCopy(context.repoRoot, context.log);
    // What activation loads, and the features bundle it requires on first use (the connectors with it); the
    // suite counts any file of dist/lazy loaded at activation as a driver, the features among them.
    const bundle = fs.readFileSync(path.join(copy.folder, 'dist', 'extension.js'), 'utf8');
    const features = fs.readFileSync(path.join(copy.folder, 'dist', 'lazy', 'features.js'), 'utf8');
    const bundles = bundle + features;
    const driverSeparate = bundles.includes('./drivers/mongodb.js') && fs.existsSync(path.join(copy.folder, 'dist', 'drivers', 'mongodb.js'));
    // amqplib is bundled apart too, and none of its code is in the extension's bundles (this text is amqplib's own).
    const amqplibSeparate = fs.existsSync(path.join(copy.folder, 'dist', 'drivers', 'amqplib.js')) && !bundles.includes('Channel ended, no reply will be forthcoming');
    const samples: number[] = [];
    const parts = { codeLoadingMs: [] as number[], activateCallMs: [] as number[], hostActivateMs: [] as number[], emptyExtensionHostActivateMs: [] as number[] };
    const loaded = new Set<string>();
    const driverLoad: number[] = [];
    for (let i = 0; i < Math.min(context.repetitions, REPETITIONS); i++) {
      const findings = await activateOnce(copy.folder);
      if (findings.error !== undefined) throw new Error(`activation failed in the extension host: ${findings.error}`);
      if (findings.wasActiveBefore) throw new Error('the extension was already active: the host activated it before the timer started');
      samples.push(findings.activationMs);
      parts.codeLoadingMs.push(findings.codeLoadingMs);
      parts.activateCallMs.push(findings.activateCallMs);
      parts.hostActivateMs.push(findings.hostActivateMs);
      const reference = await activateOnce(path.join(context.repoRoot, EMPTY_EXTENSION.folder), EMPTY_EXTENSION.id);
      if (reference.error !== undefined) throw new Error(`the empty reference extension failed to activate: ${reference.error}`);
      parts.emptyExtensionHostActivateMs.push(reference.hostActivateMs);
      for (const file of findings.driverModulesAfterActivation) loaded.add(file);
      if (findings.mongodbDriverLoadMs !== undefined) driverLoad.push(findings.mongodbDriverLoadMs);
    }
    const ours = figure(samples);
    const noDrivers = loaded.size === 0;
    return {
      name: this.name,
      title: this.title,
      size: `production bundle ${(bundle.length / 1024).toFixed(0)} KiB (features on first use ${(features.length / 1024).toFixed(0)} KiB), ${samples.length} fresh hosts`,
      target: this.target,
      ours,
      status: ours.median <= MAX_MS && noDrivers && driverSeparate && amqplibSeparate ? 'pass' : 'miss',
      note: `ours = VS Code's "Activation" time (Show Running Extensions): loading the module + the activate() call; hostActivateMs is extension.activate() as a caller awaits it, which adds the host building the ExtensionContext; emptyExtensionHostActivateMs is the same for an extension that does nothing. ${noDrivers ? 'No driver module loaded at activation (require.cache checked in the host)' : `Driver modules loaded at activation: ${[...loaded].join(', ')}`}`,
      extra: {
        ...Object.fromEntries(Object.entries(parts).map(([part, values]) => [part, round(figure(values).median, 1)])),
        mongodbDriverSeparate: driverSeparate,
        amqplibDriverSeparate: amqplibSeparate,
        kafkaDriverSeparate: fs.existsSync(path.join(copy.folder, 'dist', 'drivers', 'kafkajs.js')) && !bundles.includes('KafkaJSError'),
        ...(driverLoad.length > 0 ? { mongodbDriverLoadOnConnectMs: round(driverLoad.sort((a, b) => a - b)[driverLoad.length >> 1], 1) } : {}),
      },
    };
  },
};
