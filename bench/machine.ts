/** The machine a run came from: figures without it cannot be compared. */
import * as os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: above the core count, others were busy too. */
  loadAverage: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** Share of all cores busy above which the machine is not quiet enough to time a row on. */
const QUIET_BUSY_SHARE = 0.1;
const QUIET_WINDOW_MS = 1000;
const QUIET_TIMEOUT_MS = 90_000;

export interface Quiet {
  /** Seconds waited before the row started. */
  waitedSeconds: number;
  /** Share of all cores busy in the last window measured (0..1). */
  busyShare: number;
  /** False when the machine never got quiet within the timeout: the row ran anyway, and says so. */
  quiet: boolean;
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/**
 * Waits until the machine is quiet: a row before may leave the brokers busy for a while after it ends
 * (Kafka deleting a million-message topic's segments, RabbitMQ reclaiming a deleted queue), and a row
 * timed then runs beside that work. A window of QUIET_WINDOW_MS with at most QUIET_BUSY_SHARE of the cores
 * busy is quiet; past QUIET_TIMEOUT_MS the row runs anyway.
 */
export async function waitForQuiet(): Promise<Quiet> {
  const started = performance.now();
  let busyShare = 1;
  while (performance.now() - started < QUIET_TIMEOUT_MS) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    const after = cpuTimes();
    const total = after.total - before.total;
    busyShare = total > 0 ? 1 - (after.idle - before.idle) / total : 1;
    if (busyShare <= QUIET_BUSY_SHARE) return { waitedSeconds: Math.round((performance.now() - started) / 100) / 10, busyShare, quiet: true };
  }
  return { waitedSeconds: Math.round((performance.now() - started) / 100) / 10, busyShare, quiet: false };
}
