/**
 * Starts a real VS Code (code-server) for the extension-host and end-to-end tests: its own temp folder for
 * user data, extensions and XDG dirs, a free loopback port, no auth. It runs detached in its own process
 * group so that stopping it also ends the extension host and the other helpers it forks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './freePort';
import { codeServerEntry, node24 } from './paths';

export interface CodeServerOptions {
  /** The workspace folder the window opens; a fresh empty folder inside the temp dir when absent. */
  folder?: string;
  /** A packaged extension installed (`--install-extension`) before the server starts. */
  vsix?: string;
  /** Loads the extension from this folder, as F5 does (passed in the `payload` URL parameter). */
  extensionDevelopmentPath?: string;
  /** A module whose `run()` the extension host calls: mocha inside VS Code. Needs `extensionDevelopmentPath`. */
  extensionTestsPath?: string;
  /** Added to the server's environment; the extension host and the tests inside it see them. */
  env?: Record<string, string>;
  /** Merged over the quiet defaults in the user settings.json. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly port: number;
  /** The workbench URL: opens the folder and carries the payload. */
  readonly url: string;
  readonly folder: string;
  readonly tempDir: string;
  /** Milliseconds from spawn until /healthz answered. */
  readonly startupMs: number;
  /** The last lines code-server printed, for failure messages. */
  logTail(lines?: number): string;
  /** The last lines of the extension host's logs and of the extension's own output channels, for failure messages. */
  extensionLogTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Without these a fresh profile opens welcome pages, chat and tips over the workbench the tests drive. */
const quietSettings: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

const healthTimeoutMs = 30_000;

export function codeServerInstalled(): boolean {
  return fs.existsSync(node24) && fs.existsSync(codeServerEntry);
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!codeServerInstalled()) {
    throw new Error(`code-server is not installed at ${codeServerEntry}; run: bash scripts/ensure-code-server.sh`);
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-code-server-'));
  const dirs = {
    userData: path.join(tempDir, 'user-data'),
    extensions: path.join(tempDir, 'extensions'),
    xdgData: path.join(tempDir, 'xdg-data'),
    xdgConfig: path.join(tempDir, 'xdg-config'),
    xdgCache: path.join(tempDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const folder = options.folder ?? path.join(tempDir, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));

  const port = await freePort();
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = serverEnvironment(dirs, options.env);
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', configFile];

  if (options.vsix) {
    try {
      installExtension(options.vsix, common, env);
    } catch (error) {
      removeTempDir(tempDir);
      throw error;
    }
  }

  const logFile = path.join(tempDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    codeServerEntry,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Without this flag the payload (extension development and tests paths) is ignored silently.
    ...(options.extensionDevelopmentPath ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  const started = Date.now();
  const child = spawn(node24, args, { cwd: tempDir, env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const stopGroup = (): void => {
    killGroup(child, 'SIGKILL');
    removeTempDir(tempDir);
  };
  // The server is in a group of its own, out of reach of Ctrl-C and of a kill of the test's group: a test
  // process that ends mid-run must take it along.
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    stopGroup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', stopGroup);
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const forgetProcessHooks = (): void => {
    process.removeListener('exit', stopGroup);
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
  };

  const logTail = (lines = 40): string => tail(logFile, lines);
  try {
    await waitForHealth(port, child, logTail);
  } catch (error) {
    forgetProcessHooks();
    stopGroup();
    throw error;
  }
  const startupMs = Date.now() - started;

  return {
    port,
    url: workbenchUrl(port, folder, options),
    folder,
    tempDir,
    startupMs,
    logTail,
    extensionLogTail: (lines = 30) => extensionLogs(dirs.userData).map((file) => `    ${path.relative(dirs.userData, file)}:\n${tail(file, lines)}`).join('\n'),
    async stop() {
      forgetProcessHooks();
      await stopProcessGroup(child);
      removeTempDir(tempDir);
    },
  };
}

function serverEnvironment(
  dirs: { xdgData: string; xdgConfig: string; xdgCache: string },
  extra: Record<string, string> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Inherited from a VS Code terminal, VSCODE_IPC_HOOK_CLI makes code-server hand off to that window.
    if (!key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE') {
      env[key] = value;
    }
  }
  return { ...env, XDG_DATA_HOME: dirs.xdgData, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_CACHE_HOME: dirs.xdgCache, ...extra };
}

function installExtension(vsix: string, common: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(node24, [codeServerEntry, ...common, '--install-extension', path.resolve(vsix), '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status ?? result.signal}):\n${output}`);
  }
}

function workbenchUrl(port: number, folder: string, options: CodeServerOptions): string {
  const params = new URLSearchParams({ folder });
  const remote = (file: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(file)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  }
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  }
  if (payload.length > 0) {
    params.set('payload', JSON.stringify(payload));
  }
  return `http://127.0.0.1:${port}/?${params.toString()}`;
}

async function waitForHealth(port: number, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + healthTimeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `code-server exited early (${code ?? signal})`));
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`${exited}:\n${logTail()}`);
    }
    if (await healthy(port)) {
      return;
    }
    await delay(100);
  }
  throw new Error(`code-server did not answer /healthz on port ${port} within ${healthTimeoutMs / 1000} s:\n${logTail()}`);
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

/** SIGTERM to the whole group, then SIGKILL to whatever is still there after a few seconds. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  killGroup(child, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && groupAlive(child)) {
    await delay(100);
  }
  killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) {
    return false;
  }
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** EFX_KEEP_TEMP=1 keeps the profile and the log for a look after the run. */
function removeTempDir(tempDir: string): void {
  if (!process.env.EFX_KEEP_TEMP) {
    fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The extension host's own log and the "Event Flows" output channels, wherever this VS Code version puts them. */
function extensionLogs(userData: string): string[] {
  const logs = path.join(userData, 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs
    .readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|[\\/])(exthost\.log|[^/\\]*Event Flows[^/\\]*\.log)$/.test(file))
    .map((file) => path.join(logs, file));
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
