/**
 * The AsyncAPI section: each AsyncAPI document of the workspace with the channels it declares (live counts
 * per channel, operations, messages) and its flags — a channel no connected broker has, payloads that do not
 * match (an example and the failing path) — plus the traffic no document declares. Plain data built once per
 * check; a refresh replaces it whole.
 */
import * as vscode from 'vscode';

export interface CheckNode {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: 'warning' | 'error' | 'pass' | 'channel' | 'message' | 'operation' | 'file' | 'info';
  children?: CheckNode[];
  /** A place to open on click: a document and 1-based line. */
  open?: { uri: vscode.Uri; line?: number };
}

const ICONS: Record<NonNullable<CheckNode['icon']>, vscode.ThemeIcon> = {
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  channel: new vscode.ThemeIcon('symbol-event'),
  message: new vscode.ThemeIcon('mail'),
  operation: new vscode.ThemeIcon('arrow-swap'),
  file: new vscode.ThemeIcon('file-code'),
  info: new vscode.ThemeIcon('info'),
};

export class AsyncApiView implements vscode.TreeDataProvider<CheckNode>, vscode.Disposable {
  private roots: CheckNode[] = [];
  private readonly changed = new vscode.EventEmitter<CheckNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  show(roots: CheckNode[]): void {
    this.roots = roots;
    this.changed.fire(undefined);
  }

  getChildren(node?: CheckNode): CheckNode[] {
    return node === undefined ? this.roots : (node.children ?? []);
  }

  getTreeItem(node: CheckNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children && node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    if (node.description !== undefined) item.description = node.description;
    // Names and payloads from brokers are shown as plain text, never as Markdown.
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.icon !== undefined) item.iconPath = ICONS[node.icon];
    if (node.open !== undefined) {
      const line = Math.max(0, (node.open.line ?? 1) - 1);
      item.command = { command: 'vscode.open', title: 'Open', arguments: [node.open.uri, { selection: new vscode.Range(line, 0, line, 0) }] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
