// The rig's 3-node Kafka cluster, which only these fault tests use: start it, kill its nodes, start them again.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import * as ports from '../../services/ports';

const servicesScript = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'services', 'services.sh');

/**
 * `services.sh up kafka-cluster`: starts whichever node is down, waits until all three answer. The nodes
 * are the rig's, not this run's: they must outlive the test layer, so they do not inherit its mark.
 */
export function clusterUp(timeoutMs = 240_000): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.EFX_TEST_LAYER_MARK;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [servicesScript, 'up', 'kafka-cluster'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`services.sh up kafka-cluster failed (${code}):\n${output}`));
    });
  });
}

export function nodePid(node: number): number | undefined {
  try {
    const pid = Number(fs.readFileSync(ports.kafkaClusterPidFile(node), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    // No pid file, or its process is gone: the node is down.
    return undefined;
  }
}

/** SIGKILL, as a crash or a pulled cable would leave it: no orderly leader handover. */
export function killNode(node: number): void {
  const pid = nodePid(node);
  if (pid === undefined) throw new Error(`cluster node ${node} is not running`);
  process.kill(pid, 'SIGKILL');
}

export function clusterKafka(): Kafka {
  return new Kafka({ clientId: 'efx-rel-cluster', brokers: [...ports.kafkaCluster.brokers], logLevel: logLevel.NOTHING });
}

/** Node id → pid file index: node ids are 1..3 and so are the files. */
export const clusterNodes = [1, 2, 3] as const;
