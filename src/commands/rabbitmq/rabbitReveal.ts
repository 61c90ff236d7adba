import type { RabbitSectionNode } from '../../explorer/rabbitmq/rabbitNodes';
import type { TreeNode } from '../../explorer/treeNode';
import type { CommandServices } from '../services';

/**
 * The tree node of an exchange or queue (`exchange:<name>` / `queue:<name>`), loading what it must: the
 * root, the vhost, its section; a queue beyond the first page is found by searching its name.
 */
export async function findRabbitNode(services: CommandServices, connectionId: string, vhost: string, nodeId: string): Promise<TreeNode | undefined> {
  const { tree } = services;
  const roots = await tree.getChildren();
  const root = roots.find((n) => n.kind === 'connection' && n.connection.id === connectionId);
  if (!root) return undefined;
  const vhostNode = (await tree.getChildren(root)).find((n) => n.kind === 'rabbitVhost' && n.vhost === vhost);
  if (!vhostNode) return undefined;
  const kind = nodeId.startsWith('exchange:') ? 'exchanges' : 'queues';
  const name = nodeId.slice(nodeId.indexOf(':') + 1);
  const section = (await tree.getChildren(vhostNode)).find((n): n is RabbitSectionNode => n.kind === 'rabbitSection' && n.section === kind);
  if (!section) return undefined;
  const matches = (n: TreeNode): boolean => (n.kind === 'rabbitExchange' && n.exchange.name === name) || (n.kind === 'rabbitQueue' && n.queue.name === name);
  const found = (await tree.getChildren(section)).find(matches);
  if (found || kind === 'exchanges') return found;
  tree.search(section, name);
  return (await tree.getChildren(section)).find(matches);
}

/** Selects the node in the Connections view, expanding its parents (and itself with `expand`: an exchange's bindings). */
export async function revealRabbitNode(services: CommandServices, connectionId: string, vhost: string, nodeId: string, expand = false): Promise<TreeNode> {
  const node = await findRabbitNode(services, connectionId, vhost, nodeId);
  if (!node) throw new Error(`${nodeId.replace(':', ' ')} is not in the tree of vhost ${vhost} any more: refresh the view.`);
  await services.treeView.reveal(node, { select: true, focus: true, expand });
  return node;
}
