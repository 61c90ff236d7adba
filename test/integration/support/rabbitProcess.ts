// A RabbitMQ node of the test's own (own ports, node name, epmd and data folder), for tests that stop and
// restart a broker: the rig's shared broker must never be stopped by a test. Started the way
// test/services/services.sh starts the rig's (the scripts in /usr/lib/rabbitmq/bin, run as this user).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../support/freePort';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export function rabbitInstalled(): boolean {
  return fs.existsSync(SERVER);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export class RabbitProcess {
  private server: ChildProcess | undefined;
  private epmd: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly node: string,
    readonly port: number,
    readonly managementPort: number,
    private readonly distPort: number,
    private readonly epmdPort: number,
  ) {}

  static async create(): Promise<RabbitProcess> {
    if (!rabbitInstalled()) throw new Error(`No RabbitMQ at ${SERVER}: run \`npm run services:up\` once to install it`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-rabbit-'));
    const name = `efxtest${randomUUID().slice(0, 8)}@localhost`;
    return new RabbitProcess(dir, name, await freePort(), await freePort(), await freePort(), await freePort());
  }

  get amqpUrl(): string {
    return `amqp://127.0.0.1:${this.port}/`;
  }

  get managementUrl(): string {
    return `http://127.0.0.1:${this.managementPort}`;
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: path.join(this.dir, 'home'),
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      ERL_EPMD_PORT: String(this.epmdPort),
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_MNESIA_BASE: path.join(this.dir, 'data'),
      RABBITMQ_LOG_BASE: this.dir,
      RABBITMQ_LOGS: '-',
      RABBITMQ_PID_FILE: path.join(this.dir, 'beam.pid'),
      RABBITMQ_CONFIG_FILE: path.join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.dir, 'enabled_plugins'),
    };
  }

  /** Starts the node (again, on the same ports and data) and waits until the management API answers. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.server) throw new Error('already running');
    fs.mkdirSync(path.join(this.dir, 'home'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'data'), { recursive: true });
    fs.writeFileSync(
      path.join(this.dir, 'rabbitmq.conf'),
      `listeners.tcp.default = 127.0.0.1:${this.port}\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = ${this.managementPort}\ncollect_statistics_interval = 1000\nloopback_users = none\n`,
    );
    fs.writeFileSync(path.join(this.dir, 'enabled_plugins'), '[rabbitmq_management].');
    const log = fs.openSync(path.join(this.dir, 'rabbitmq.log'), 'a');
    // Our own epmd in the foreground, so that it can be ended by its pid (Erlang would start an untracked daemon).
    this.epmd ??= spawn('epmd', ['-port', String(this.epmdPort), '-address', '127.0.0.1'], { env: this.env(), stdio: ['ignore', log, log] });
    // A process group of its own: stopping it ends the Erlang VM and its helpers, and nothing else.
    this.server = spawn(SERVER, [], { env: this.env(), stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.server.exitCode !== null) throw new Error(`RabbitMQ exited at start; see ${this.dir}/rabbitmq.log`);
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`RabbitMQ did not start within ${timeoutMs} ms; see ${this.dir}/rabbitmq.log`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async answers(): Promise<boolean> {
    try {
      const response = await fetch(`${this.managementUrl}/api/overview`, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` }, signal: AbortSignal.timeout(1000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Stops the node: SIGTERM (Erlang's orderly shutdown) or SIGKILL (a crash), to its whole process group. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const server = this.server;
    if (!server?.pid) return;
    this.server = undefined;
    try {
      process.kill(-server.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(server.pid ?? 0), 'SIGKILL');
      } catch {
        // Already gone between the check and the kill: what we wanted.
      }
    }, 30_000);
    await exited(server);
    clearTimeout(timer);
    // The VM may outlive its wrapper script for a moment; wait until the port is free again.
    for (let i = 0; i < 100 && (await this.portTaken()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  private portTaken(): Promise<boolean> {
    return fetch(`${this.managementUrl}/api/overview`, { signal: AbortSignal.timeout(500) }).then(
      () => true,
      () => false,
    );
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    if (this.epmd && this.epmd.exitCode === null) {
      this.epmd.kill('SIGKILL');
      await exited(this.epmd);
    }
    this.epmd = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
