// Waiting on the Event Flows tree in the extension host: a condition polled until it holds, a connection's root by its
// label, a RabbitMQ queue's node.
import type { EventFlowsApi } from '../../../src/extension';
import type { RabbitQueueNode, RabbitSectionNode, RabbitVhostNode } from '../../../src/explorer/rabbitmq/rabbitNodes';
import type { ConnectionNode, TreeNode } from '../../../src/explorer/treeNode';

export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000, what?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting${what === undefined ? '' : ` for ${what}`}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The connection the tree lists under `label`, once it is there. */
export async function waitForRoot(api: EventFlowsApi, label: string): Promise<ConnectionNode> {
  let found: ConnectionNode | undefined;
  await waitFor(
    async () => {
      const roots: TreeNode[] = await api.tree.getChildren();
      found = roots.find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.label === label);
      return found !== undefined;
    },
    15_000,
    `a connection "${label}" in the tree`,
  );
  if (!found) throw new Error(`no connection "${label}" in the tree`);
  return found;
}

/** The node of queue `name` in `vhost` of the broker the tree lists under `label`, once it is there (its Queues section refreshed while waiting). */
export async function waitForRabbitQueue(api: EventFlowsApi, label: string, vhost: string, name: string): Promise<RabbitQueueNode> {
  let found: RabbitQueueNode | undefined;
  await waitFor(async () => {
    const roots: TreeNode[] = await api.tree.getChildren();
    const root = roots.find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.label === label);
    if (!root) return false;
    const ours = (await api.tree.getChildren(root)).find((n): n is RabbitVhostNode => n.kind === 'rabbitVhost' && n.vhost === vhost);
    if (!ours) return false;
    const queues = (await api.tree.getChildren(ours)).find((n): n is RabbitSectionNode => n.kind === 'rabbitSection' && n.section === 'queues');
    if (!queues) return false;
    api.tree.refresh(queues);
    found = (await api.tree.getChildren(queues)).find((n): n is RabbitQueueNode => n.kind === 'rabbitQueue' && n.queue.name === name);
    return found !== undefined;
  });
  if (!found) throw new Error(`no queue ${name} in the tree`);
  return found;
}
