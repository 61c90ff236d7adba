// Waiting on the Event Flows tree in the extension host: a condition polled until it holds, a connection's root by its label.
import type { EventFlowsApi } from '../../../src/extension';
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
