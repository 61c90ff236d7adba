import * as vscode from 'vscode';
import { registerAddConnectionCommand } from './commands/addConnection';
import { registerAppendCommands } from './commands/appendCommands';
import { registerBusCommands } from './commands/busCommands';
import { registerCodeCommands } from './commands/codeCommands';
import { registerDebugToolCommands } from './commands/debugToolCommands';
import { registerDebugReducerCommand } from './commands/debugReducerCommand';
import { registerIntegrityCommands } from './commands/integrityCommands';
import { registerStatisticsCommands } from './commands/statisticsCommands';
import { registerStatisticsSerializer, StatisticsViews } from './commands/statisticsViews';
import { registerSourceStatisticsCommand } from './commands/sourceStatisticsCommand';
import { registerMonitorCommands, type MonitorCommands } from './commands/monitorCommands';
import type { KindContext } from './commands/kindModule';
import { identityRulesFor } from './connections/identitySetting';
import { registerSampleCommands } from './commands/sampleCommands';
import type { CommandServices } from './commands/services';
import { FoundEventOpeners } from './commands/foundEventOpening';
import { registerSnapshotCommands } from './commands/snapshotCommands';
import { registerSearchCommands } from './commands/searchCommands';
import { registerAsyncApiCommands } from './commands/asyncApiCommands';
import { registerFlowCommands } from './commands/flowCommands';
import { registerSearchViewCommand, type SearchViewCommand } from './commands/searchViewCommand';
import { registerRecordingCommands } from './commands/recordingCommands';
import { registerTimelineCommands } from './commands/timelineCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { figuresReaderOf, isStoreConnection } from './connections/connection';
import { SamplerRegistry } from './connectors/reads/samplerRegistry';
import { ConnectionRegistry } from './connections/connectionRegistry';
import type { LocalStoreConnection } from './connections/local/localConnection';
import { ConnectionsTreeProvider } from './explorer/connectionsTreeProvider';
import { findAggregateNode } from './explorer/eventStore/findAggregate';
import type { AggregateNode } from './explorer/eventStore/storeNodes';
import type { TreeNode } from './explorer/treeNode';
import { KIND_MODULES } from './kinds';
import { BusRunPanel } from './panels/busRun/busRunPanel';
import { OpenFlowViews } from './panels/flow/openFlowViews';
import { TimelinePanels } from './panels/timeline/timelinePanel';
import { registerTimelineSerializer } from './panels/timeline/timelineSerializer';
import { TimelineUriHandler } from './deepLinks/uriHandler';
import { WorkspaceCode } from './sandbox/workspaceCode';
import { openLocation, ReducerLoadProblems } from './reducerLoadProblems';
import { checkWorkspaceReducers, prepareWorkspaceReducer, watchWorkspaceCode } from './workspaceReducers';
import { workspacePythonInterpreter } from './pythonInterpreter';
import { holdsPythonReducer } from './sandbox/workspaceFiles';
import { offerChapterFlow } from './ui/walkthrough';
import { readSettings, type EventFlowsSettings } from './settings';
import { preconfirm, type Preconfirmed } from './ui/confirmation';
import { describeError } from './errors';

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
  /** The statistics views open now, and what restores one after a reload. */
  statisticsViews: StatisticsViews;
  /** The search view open now, and what restores it after a reload. */
  searchView: Pick<SearchViewCommand, 'serializer' | 'current'>;
}

/** The composition root: builds every service once and hands each its collaborators. */
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
  // Workspace reducers and bus files are the folder's own code: nothing of it runs until the folder is trusted.
  const workspaceCode = new WorkspaceCode({
    root: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isTrusted: () => vscode.workspace.isTrusted,
    pythonInterpreter: workspacePythonInterpreter(log),
  });
  context.subscriptions.push({ dispose: () => void workspaceCode.dispose() });
  const reducerProblems = new ReducerLoadProblems(log);
  context.subscriptions.push(reducerProblems);
  const panels = new TimelinePanels({
    extensionUri: context.extensionUri,
    log,
    reducerOverrides: () => settings.reducers,
    workspaceReducer: (aggregateType, events) => prepareWorkspaceReducer(workspaceCode, log, reducerProblems, aggregateType, events),
    openLocation,
    extensionId: context.extension.id,
    evaluateCondition: (expression, pairs) => workspaceCode.conditionSandbox().evaluate(expression, pairs),
  });
  const workspaceRoot = (): string | undefined => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const offerFlow = (): Promise<void> => holdsPythonReducer(workspaceRoot()).then(offerChapterFlow, (error: unknown) => log.warn(`Could not list .eventflow/reducers: ${String(error)}`));
  void offerFlow();
  context.subscriptions.push(
    watchWorkspaceCode(() => {
      // With no timeline open nothing reloads the files: a failure in the Problems view is checked again here.
      if (panels.openCount === 0 && reducerProblems.hasFailures) {
        checkWorkspaceReducers(workspaceCode, reducerProblems).catch((error: unknown) => log.error(`Could not check the workspace reducers: ${describeError(error)}`));
      }
      void panels.reloadAll();
      void offerFlow();
    }),
  );
  context.subscriptions.push(connections, tree, treeView, panels);
  context.subscriptions.push(
    registerTimelineSerializer({
      panels,
      log,
      resolveSource: async (connectionId) => {
        const connection = connections.get(connectionId);
        return connection && isStoreConnection(connection) ? { connectionId, store: await connection.open() } : undefined;
      },
    }),
  );

  const busRuns = new BusRunPanel({ extensionUri: context.extensionUri, log });
  const flowViews = new OpenFlowViews();
  context.subscriptions.push(busRuns, flowViews);

  const uriHandler = new TimelineUriHandler({ log, connections, panels });
  context.subscriptions.push(vscode.window.registerUriHandler(uriHandler));

  // The first read of a new poll waits for its first tick: a view that just showed loads what it shows itself.
  const samplers = new SamplerRegistry({ open: async (id, signal) => figuresReaderOf(await connections.open(id, signal)), readAtOnce: false });
  context.subscriptions.push({ dispose: () => samplers.dispose() });
  const services: CommandServices = { log, connections, tree, treeView, panels, samplers, settings: () => settings, openers: new FoundEventOpeners() };
  const monitor = registerMonitorCommands(services, context.extensionUri);
  const searchView = registerSearchViewCommand(services, context.extensionUri);
  const statisticsViews = new StatisticsViews(services, context.extensionUri);
  context.subscriptions.push(
    ...kinds.flatMap((kind) => kind.register(services)),
    ...registerAddConnectionCommand(services, kinds.flatMap((kind) => (kind.add ? [kind.add] : []))),
    ...registerTreeCommands(services),
    ...registerTimelineCommands(services),
    ...registerSampleCommands(services),
    ...registerAppendCommands(services),
    ...registerIntegrityCommands(services),
    statisticsViews,
    registerStatisticsSerializer(statisticsViews, log),
    ...registerStatisticsCommands(services, statisticsViews),
    ...registerSourceStatisticsCommand(services, statisticsViews),
    ...monitor.disposables,
    ...registerSnapshotCommands(services),
    ...registerSearchCommands(services),
    ...registerAsyncApiCommands(services),
    ...registerFlowCommands(services, context.extensionUri, flowViews),
    ...searchView.disposables,
    ...registerRecordingCommands(services),
    ...registerBusCommands(services, workspaceCode, busRuns),
    ...registerDebugReducerCommand(services, workspaceCode),
    ...registerDebugToolCommands(services, workspaceCode),
    ...registerCodeCommands(services, workspaceCode),
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
  );
  const local = (): LocalStoreConnection => connections.all().find((c) => c.kind === 'local') as LocalStoreConnection;
  log.info(`Event Flows activated; Local store at ${local().eventsFile}`);

  return {
    connections,
    tree,
    treeView,
    panels,
    settings: () => settings,
    localConnection: local,
    findAggregate: (connectionId, aggregateType, aggregateId) => findAggregateNode(tree.model, connectionId, aggregateType, aggregateId),
    contextValues: tree.contextValues,
    logFolder: context.logUri.fsPath,
    workspaceCode,
    uriHandler,
    busRuns,
    flowViews,
    reducerProblems,
    monitor: { panels: monitor.panels, alerts: monitor.alerts },
    searchView: { serializer: searchView.serializer, current: searchView.current },
    statisticsViews,
    ...(context.extensionMode === vscode.ExtensionMode.Production ? {} : { preconfirm }),
  };
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
