// A FerretDB process of the test's own, on a free port with its own data folder, for tests that kill and
// restart a server: the rig's shared servers must never be stopped by a test.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from '../../support/freePort';

/** The binary test/services/install.sh builds (same cache rule as services.sh). */
export function ferretBinary(): string {
  const cache = process.env.EFX_CACHE ?? path.join(os.homedir(), '.cache', 'event-flow-explorer');
  return path.join(cache, 'ferretdb-v1.24.2', 'ferretdb');
}

export class FerretProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async create(): Promise<FerretProcess> {
    const binary = ferretBinary();
    if (!fs.existsSync(binary)) throw new Error(`No FerretDB binary at ${binary}: run \`npm run services:up\` once to build it`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-ferret-'));
    return new FerretProcess(await freePort(), dir);
  }

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}/?directConnection=true`;
  }

  /** Starts the server (again, on the same port and data) and waits until it answers a ping. */
  async start(): Promise<void> {
    if (this.child) throw new Error('already running');
    fs.mkdirSync(path.join(this.dir, 'data'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'state'), { recursive: true });
    const log = fs.openSync(path.join(this.dir, 'ferretdb.log'), 'a');
    const child = spawn(
      ferretBinary(),
      [
        '--handler=sqlite',
        `--sqlite-url=file:${path.join(this.dir, 'data')}/`,
        `--state-dir=${path.join(this.dir, 'state')}`,
        `--listen-addr=127.0.0.1:${this.port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await this.waitUntilReady(30_000);
  }

  /** SIGKILL, as a crash or a pulled cable would: no goodbye to connected clients. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child?.exitCode !== null) throw new Error(`FerretDB exited at start; see ${this.dir}/ferretdb.log`);
      const client = new MongoClient(this.url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
      try {
        await client.db('admin').command({ ping: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        await client.close(true);
      }
    }
  }
}
