import * as vscode from 'vscode';
import type { KindContext } from './commands/kindModule';
import type { MonitorCommands } from './commands/monitorCommands';
import type { SearchViewCommand } from './commands/searchViewCommand';
import type { StatisticsViews } from './commands/statisticsViews';
import type { TreeServices } from './commands/services';
import { identityRulesFor } from './connections/identitySetting';
import { ConnectionRegistry } from './connections/connectionRegistry';
import type { LocalStoreConnection } from './connections/local/localConnection';
import type { TimelineUriHandler } from './deepLinks/uriHandler';
import { ConnectionsTreeProvider } from './explorer/connectionsTreeProvider';
import { findAggregateNode } from './explorer/eventStore/findAggregate';
import type { AggregateNode } from './explorer/eventStore/storeNodes';
import type { TreeNode } from './explorer/treeNode';
import type { Features } from './features';
import { featuresModule } from './featuresLoader';
import { KIND_MODULES } from './kinds';
import type { BusRunPanel } from './panels/busRun/busRunPanel';
import type { OpenFlowViews } from './panels/flow/openFlowViews';
import type { TimelinePanels } from './panels/timeline/timelinePanel';
import type { ReducerLoadProblems } from './reducerLoadProblems';
import type { WorkspaceCode } from './sandbox/workspaceCode';
import { holdsPythonReducer } from './sandbox/workspaceFiles';
import { readSettings, type EventFlowsSettings } from './settings';
import { preconfirm, type Preconfirmed } from './ui/confirmation';
import { isSendDocument } from './ui/sendDocuments';
import { loadFeaturesWith, standInCommands, standInSerializers, standInTreeDataProvider, standInUriHandler } from './ui/standIns';
import { offerChapterFlow } from './ui/walkthrough';
import { watchWorkspaceCode } from './workspaceCodeWatcher';

const CONNECTIONS_VIEW = 'eventFlows.connections';

/** What activate() hands to tests and to other extensions. */
export interface EventFlowsApi {
  connections: ConnectionRegistry;
  tree: ConnectionsTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  panels: TimelinePanels;
  settings(): EventFlowsSettings;
  localConnection(): LocalStoreConnection;
  /** The tree node of one aggregate, loading pages as needed. */
  findAggregate(connectionId: string, aggregateType: string, aggregateId: string): Promise<AggregateNode | undefined>;
  /** Every `contextValue` the tree's items can carry. */
  contextValues: readonly string[];
  /** Where VS Code keeps this extension's logs, the `Event Flows` channel among them. */
  logFolder: string;
  /** The Workspace Trust gate in front of the sandboxes that run workspace reducers and bus files. */
  workspaceCode: WorkspaceCode;
  /** Opens `vscode://…/timeline?…` links after validating every part. */
  uriHandler: TimelineUriHandler;
  /** The bus-run view: the latest run through the workspace's bus, step by step. */
  busRuns: BusRunPanel;
  /**
   * A token that lets the extension's own tests skip a destructive command's dialog (`confirmed` option):
   * handed out only outside production mode; no command argument can carry one.
   */
  preconfirm?: () => Preconfirmed;
  /** Reducer files that did not load: their diagnostics and the notifications shown. */
  reducerProblems: ReducerLoadProblems;
  /** The flow views open now (Trace This Event's Flow). */
  flowViews: OpenFlowViews;
  /** The flow monitor panel and the alerts watched. */
  monitor: Pick<MonitorCommands, 'panels' | 'alerts'>;
  /** The search view open now, and what restores it after a reload. */
  searchView: Pick<SearchViewCommand, 'serializer' | 'current'>;
  /** The statistics views open now, and what restores one after a reload. */
  statisticsViews: StatisticsViews;
}

/**
 * The composition root. Activation builds what the Connections view needs (settings, connections, the tree)
 * and a stand-in for every command, serializer, the URI handler and the AsyncAPI view; the rest of the
 * services and the commands themselves load on first use (src/features.ts), so that activation parses and
 * runs only this part.
 */
export function activate(context: vscode.ExtensionContext): EventFlowsApi {
  const log = vscode.window.createOutputChannel('Event Flows', { log: true });
  context.subscriptions.push(log);

  let settings = loadSettings(log);
  const kindContext: KindContext = { extension: context, log, settings: () => settings, identityFor: (connection) => identityRulesFor(settings.identity, connection) };
  const kinds = KIND_MODULES.map((create) => create(kindContext));
  const report = (problem: string): void => reportSettingsProblem(log, problem);
  const connections = new ConnectionRegistry(
    kinds.map((kind) => kind.connections),
    (message) => log.error(message),
  );
  connections.reload(report);

  const tree = new ConnectionsTreeProvider({
    connections,
    trees: kinds.map((kind) => kind.tree),
    items: kinds.map((kind) => kind.items),
    pageSize: () => settings.pageSize,
    log,
    viewId: CONNECTIONS_VIEW,
  });
  const treeView = vscode.window.createTreeView(CONNECTIONS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(connections, tree, treeView);
  const treeServices: TreeServices = { log, connections, tree, treeView, settings: () => settings };

  let features: Features | undefined;
  const startedFeatures = (): Features => {
    features ??= featuresModule().startFeatures({ ...treeServices, extension: context, kinds });
    return features;
  };
  loadFeaturesWith(() => void startedFeatures());
  const manifest = context.extension.packageJSON as Manifest;
  context.subscriptions.push(
    ...standInCommands(manifest.contributes.commands.map((command) => command.command)),
    ...standInSerializers(manifest.activationEvents.flatMap((event) => (event.startsWith(PANEL_EVENT) ? [event.slice(PANEL_EVENT.length)] : []))),
    standInUriHandler(),
    ...manifest.contributes.views.eventFlows.filter((view) => view.id !== CONNECTIONS_VIEW).map((view) => standInTreeDataProvider(view.id)),
    ...kinds.flatMap((kind) => kind.start?.(treeServices) ?? []),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('eventFlows')) {
        return;
      }
      settings = loadSettings(log);
      connections.reload(report, (section) => event.affectsConfiguration(section));
      if (event.affectsConfiguration('eventFlows.tree.pageSize')) {
        tree.refresh();
      }
    }),
    // What watches open connections (alerts, figure polls, the monitor) starts when the first one opens,
    // which redraws its root.
    tree.onDidChangeTreeData(() => {
      if (features === undefined && connections.all().some((connection) => connection.isOpen)) startedFeatures();
    }),
    // A produce or publish document gets its code lenses and diagnostics from the features.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isSendDocument(document)) startedFeatures();
    }),
  );

  // What no one needs before the first user action runs after activation: the walkthrough's check for a
  // Python reducer, the watcher of reducer and bus files, the send documents already open.
  const workspaceRoot = (): string | undefined => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const offerFlow = (): Promise<void> => holdsPythonReducer(workspaceRoot()).then(offerChapterFlow, (error: unknown) => log.warn(`Could not list .eventflow/reducers: ${String(error)}`));
  let watcher: vscode.Disposable | undefined;
  const afterActivation = setImmediate(() => {
    void offerFlow();
    watcher = watchWorkspaceCode(() => {
      features?.workspaceCodeChanged();
      void offerFlow();
    });
    if (vscode.workspace.textDocuments.some(isSendDocument)) startedFeatures();
  });
  context.subscriptions.push({
    dispose: () => {
      clearImmediate(afterActivation);
      watcher?.dispose();
    },
  });

  const local = (): LocalStoreConnection => connections.all().find((c) => c.kind === 'local') as LocalStoreConnection;
  log.info(`Event Flows activated; Local store at ${local().eventsFile}`);

  return {
    connections,
    tree,
    treeView,
    get panels() {
      return startedFeatures().panels;
    },
    settings: () => settings,
    localConnection: local,
    findAggregate: (connectionId, aggregateType, aggregateId) => findAggregateNode(tree.model, connectionId, aggregateType, aggregateId),
    contextValues: tree.contextValues,
    logFolder: context.logUri.fsPath,
    get workspaceCode() {
      return startedFeatures().workspaceCode;
    },
    get uriHandler() {
      return startedFeatures().uriHandler;
    },
    get busRuns() {
      return startedFeatures().busRuns;
    },
    get flowViews() {
      return startedFeatures().flowViews;
    },
    get reducerProblems() {
      return startedFeatures().reducerProblems;
    },
    get monitor() {
      return startedFeatures().monitor;
    },
    get searchView() {
      return startedFeatures().searchView;
    },
    get statisticsViews() {
      return startedFeatures().statisticsViews;
    },
    ...(context.extensionMode === vscode.ExtensionMode.Production ? {} : { preconfirm }),
  };
}

const PANEL_EVENT = 'onWebviewPanel:';

/** The parts of package.json that say what to stand in for. */
interface Manifest {
  activationEvents: string[];
  contributes: { commands: { command: string }[]; views: { eventFlows: { id: string }[] } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function loadSettings(log: vscode.LogOutputChannel): EventFlowsSettings {
  const configuration = vscode.workspace.getConfiguration('eventFlows');
  const { settings, problems } = readSettings((key) => configuration.get(key));
  for (const problem of problems) {
    reportSettingsProblem(log, problem);
  }
  return settings;
}

function reportSettingsProblem(log: vscode.LogOutputChannel, problem: string): void {
  log.warn(problem);
  void vscode.window.showWarningMessage(problem, 'Open Settings').then((choice) =>
    choice ? vscode.commands.executeCommand('workbench.action.openSettings', 'eventFlows') : undefined,
  );
}
