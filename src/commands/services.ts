import type * as vscode from 'vscode';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import type { SamplerRegistry } from '../connectors/reads/samplerRegistry';
import type { ConnectionsTreeProvider } from '../explorer/connectionsTreeProvider';
import type { TreeNode } from '../explorer/treeNode';
import type { TimelinePanels } from '../panels/timeline/timelinePanel';
import type { EventFlowsSettings } from '../settings';
import type { FoundEventOpeners } from './foundEventOpening';

/** What activation builds before any command runs: the log, the connections and their tree, the settings. */
export type TreeServices = Pick<CommandServices, 'log' | 'connections' | 'tree' | 'treeView' | 'settings'>;

/** What command handlers are given by the composition root; nothing else is reached for. */
export interface CommandServices {
  log: vscode.LogOutputChannel;
  connections: ConnectionRegistry;
  tree: ConnectionsTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  panels: TimelinePanels;
  /** One figures poll per connection (rates, lag, depths, counts), shared by every subscriber. */
  samplers: SamplerRegistry;
  settings(): EventFlowsSettings;
  /** How each kind opens a message a search or a trace found (its own document). */
  openers: FoundEventOpeners;
}
