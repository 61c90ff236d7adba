import type * as vscode from 'vscode';
import type { ConnectionKind } from '../connections/connectionKind';
import type { IdentityFor } from '../connections/identitySetting';
import type { KindTree } from '../explorer/kindTree';
import type { KindTreeItems } from '../explorer/kindTreeItems';
import type { EventFlowsSettings } from '../settings';
import type { CommandId } from '../ui/commandIds';
import type { CommandServices, TreeServices } from './services';

/** What the composition root lends every kind while building it. */
export interface KindContext {
  extension: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  settings(): EventFlowsSettings;
  /** Where a connection reads event ids from (`eventFlows.identity`); undefined: the defaults. */
  identityFor: IdentityFor;
}

/**
 * One kind of connection, whole: its connections (`connections/<kind>/`), its tree (`explorer/<kind>/`)
 * and its commands (`commands/<kind>/`). The composition root knows kinds only through this record, so a
 * new kind is these folders plus one line in `kinds.ts`.
 */
export interface KindModule {
  connections: ConnectionKind;
  tree: KindTree;
  items: KindTreeItems;
  /** How "Add Connection…" offers this kind: its name in the list and the command that adds one. */
  add?: AddConnectionChoice;
  /** What the kind keeps running from activation on, such as a file watcher. */
  start?(services: TreeServices): vscode.Disposable[];
  /** Registers the kind's commands and what runs beside them; called when the features load (src/features.ts). */
  register(services: CommandServices): vscode.Disposable[];
}

export interface AddConnectionChoice {
  label: string;
  detail: string;
  command: CommandId;
}

export type KindModuleFactory = (context: KindContext) => KindModule;
