/**
 * What activation registers for the features that load on first use (src/features.ts, bundled apart):
 * every command, the webview panel serializers, the URI handler and the AsyncAPI view get a stand-in at
 * activation that loads the features when VS Code first calls it and hands over. The features register
 * through the `register…` functions here, which fill in the stand-in when there is one and register with
 * VS Code directly when there is none (unit tests, and ids no stand-in was made for).
 */
import * as vscode from 'vscode';

type Handler = (...args: unknown[]) => unknown;

let loadFeatures: () => void = () => undefined;
const commandHandlers = new Map<string, Handler>();
const standInCommandIds = new Set<string>();
const serializers = new Map<string, vscode.WebviewPanelSerializer | undefined>();
const treeProviders = new Map<string, ForwardingTreeProvider>();
let uriHandler: vscode.UriHandler | undefined;
let uriStandIn = false;

/** What a stand-in calls to have the features registered (synchronously) before it hands over. */
export function loadFeaturesWith(load: () => void): void {
  loadFeatures = load;
}

export function standInCommands(ids: readonly string[]): vscode.Disposable[] {
  return ids.map((id) => {
    standInCommandIds.add(id);
    return vscode.commands.registerCommand(id, (...args: unknown[]) => {
      if (!commandHandlers.has(id)) loadFeatures();
      const handler = commandHandlers.get(id);
      if (handler === undefined) throw new Error(`command '${id}' is not available`);
      return handler(...args);
    });
  });
}

export function registerCommandHandler(id: string, handler: Handler): vscode.Disposable {
  if (!standInCommandIds.has(id)) return vscode.commands.registerCommand(id, handler);
  if (commandHandlers.has(id)) throw new Error(`command '${id}' already exists`);
  commandHandlers.set(id, handler);
  return new vscode.Disposable(() => commandHandlers.delete(id));
}

export function standInSerializers(viewTypes: readonly string[]): vscode.Disposable[] {
  return viewTypes.map((viewType) => {
    serializers.set(viewType, undefined);
    return vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (serializers.get(viewType) === undefined) loadFeatures();
        const serializer = serializers.get(viewType);
        if (serializer === undefined) panel.dispose();
        else await serializer.deserializeWebviewPanel(panel, state);
      },
    });
  });
}

export function registerPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable {
  if (!serializers.has(viewType)) return vscode.window.registerWebviewPanelSerializer(viewType, serializer);
  serializers.set(viewType, serializer);
  return new vscode.Disposable(() => serializers.set(viewType, undefined));
}

export function standInUriHandler(): vscode.Disposable {
  uriStandIn = true;
  return vscode.window.registerUriHandler({
    handleUri: (uri) => {
      if (uriHandler === undefined) loadFeatures();
      return uriHandler?.handleUri(uri);
    },
  });
}

export function registerUriHandler(handler: vscode.UriHandler): vscode.Disposable {
  if (!uriStandIn) return vscode.window.registerUriHandler(handler);
  uriHandler = handler;
  return new vscode.Disposable(() => (uriHandler = undefined));
}

/** A view's provider that loads the features when the view first asks for its children. */
export function standInTreeDataProvider(viewId: string): vscode.Disposable {
  const forwarding = new ForwardingTreeProvider();
  treeProviders.set(viewId, forwarding);
  return vscode.Disposable.from(forwarding, vscode.window.registerTreeDataProvider(viewId, forwarding));
}

export function registerTreeDataProvider<T>(viewId: string, provider: vscode.TreeDataProvider<T>): vscode.Disposable {
  const forwarding = treeProviders.get(viewId);
  if (forwarding === undefined) return vscode.window.registerTreeDataProvider(viewId, provider);
  return forwarding.forwardTo(provider);
}

class ForwardingTreeProvider implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: vscode.TreeDataProvider<unknown> | undefined;

  forwardTo(target: vscode.TreeDataProvider<unknown>): vscode.Disposable {
    this.target = target;
    const subscription = target.onDidChangeTreeData?.((element) => this.changed.fire(element));
    return new vscode.Disposable(() => {
      subscription?.dispose();
      this.target = undefined;
    });
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (this.target === undefined) throw new Error('the view is not loaded');
    return this.target.getTreeItem(element);
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    if (this.target === undefined) loadFeatures();
    return this.target?.getChildren(element) ?? [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
