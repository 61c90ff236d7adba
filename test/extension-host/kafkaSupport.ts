// Waiting helpers of the Kafka extension-host test: the tree's roots, a diagnostic, a promise with a bound, a port.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { EventFlowsApi } from '../../src/extension';
import type { ConnectionNode, TreeNode } from '../../src/explorer/treeNode';
import { host } from '../services/ports';

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function waitForValue<T>(get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function findRoot(api: EventFlowsApi, label: string): Promise<ConnectionNode | undefined> {
  const roots: TreeNode[] = await api.tree.getChildren();
  return roots.find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.label === label);
}

export async function waitForRoot(api: EventFlowsApi, label: string, timeoutMs = 15_000): Promise<ConnectionNode> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await findRoot(api, label);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no connection "${label}" in the tree`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
