/**
 * Everything of the extension that activation does not need: the commands and what runs beside them
 * (panels and their serializers, the URI handler, the AsyncAPI view, code lenses, alerts, figure polls).
 * The build bundles it apart (dist/lazy/features.js); src/extension.ts starts it on first use: a command,
 * a restored panel, a link, the AsyncAPI view, a connection opening or a send document.
 */
import * as vscode from 'vscode';
import { registerAddConnectionCommand } from './commands/addConnection';
import { registerAppendCommands } from './commands/appendCommands';
import { registerAsyncApiCommands } from './commands/asyncApiCommands';
import { registerBusCommands } from './commands/busCommands';
import { registerCodeCommands } from './commands/codeCommands';
import { registerDebugReducerCommand } from './commands/debugReducerCommand';
import { registerDebugToolCommands } from './commands/debugToolCommands';
import { registerFlowCommands } from './commands/flowCommands';
import { FoundEventOpeners } from './commands/foundEventOpening';
import { registerIntegrityCommands } from './commands/integrityCommands';
import type { KindModule } from './commands/kindModule';
import { registerMonitorCommands, type MonitorCommands } from './commands/monitorCommands';
import { registerRecordingCommands } from './commands/recordingCommands';
import { registerSampleCommands } from './commands/sampleCommands';
import { registerSearchCommands } from './commands/searchCommands';
import { registerSearchViewCommand, type SearchViewCommand } from './commands/searchViewCommand';
import type { CommandServices, TreeServices } from './commands/services';
import { registerSnapshotCommands } from './commands/snapshotCommands';
import { registerSourceStatisticsCommand } from './commands/sourceStatisticsCommand';
import { registerStatisticsCommands } from './commands/statisticsCommands';
import { registerStatisticsSerializer, StatisticsViews } from './commands/statisticsViews';
import { registerTimelineCommands } from './commands/timelineCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { figuresReaderOf, isStoreConnection } from './connections/connection';
import { SamplerRegistry } from './connectors/reads/samplerRegistry';
import { TimelineUriHandler } from './deepLinks/uriHandler';
import { describeError } from './errors';
import { BusRunPanel } from './panels/busRun/busRunPanel';
import { OpenFlowViews } from './panels/flow/openFlowViews';
import { TimelinePanels } from './panels/timeline/timelinePanel';
import { registerTimelineSerializer } from './panels/timeline/timelineSerializer';
import { workspacePythonInterpreter } from './pythonInterpreter';
import { openLocation, ReducerLoadProblems } from './reducerLoadProblems';
import { WorkspaceCode } from './sandbox/workspaceCode';
import { registerUriHandler } from './ui/standIns';
import { checkWorkspaceReducers, prepareWorkspaceReducer } from './workspaceReducers';

export { KIND_COMMANDS as kindCommands } from './kindCommands';
// The connectors are bundled here too, required on a connection's first open (src/connectorsLoader.ts).
export { KIND_CONNECTORS } from './kindConnectors';

/** What activation built and lends the features. */
export interface FeatureServices extends TreeServices {
  extension: vscode.ExtensionContext;
  kinds: readonly KindModule[];
}

/** What the features hand back to activation, for its API and its workspace watcher. */
export interface Features {
  panels: TimelinePanels;
  workspaceCode: WorkspaceCode;
  uriHandler: TimelineUriHandler;
  busRuns: BusRunPanel;
  reducerProblems: ReducerLoadProblems;
  flowViews: OpenFlowViews;
  monitor: Pick<MonitorCommands, 'panels' | 'alerts'>;
  searchView: Pick<SearchViewCommand, 'serializer' | 'current'>;
  statisticsViews: StatisticsViews;
  /** A reducer or bus file changed: open timelines reload, and a failure in the Problems view is checked again. */
  workspaceCodeChanged(): void;
}

/** Builds every service the commands use and registers the commands; what it registers goes to the extension's subscriptions. */
export function startFeatures(core: FeatureServices): Features {
  const { extension: context, log, connections, kinds } = core;
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
    reducerOverrides: () => core.settings().reducers,
    workspaceReducer: (aggregateType, events) => prepareWorkspaceReducer(workspaceCode, log, reducerProblems, aggregateType, events),
    openLocation,
    extensionId: context.extension.id,
    evaluateCondition: (expression, pairs) => workspaceCode.conditionSandbox().evaluate(expression, pairs),
  });
  context.subscriptions.push(panels);
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
  context.subscriptions.push(registerUriHandler(uriHandler));

  // The first read of a new poll waits for its first tick: a view that just showed loads what it shows itself.
  const samplers = new SamplerRegistry({ open: async (id, signal) => figuresReaderOf(await connections.open(id, signal)), readAtOnce: false });
  context.subscriptions.push({ dispose: () => samplers.dispose() });
  const services: CommandServices = { ...pickTreeServices(core), panels, samplers, openers: new FoundEventOpeners() };
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
  );
  log.info('Event Flows commands loaded');

  return {
    panels,
    workspaceCode,
    uriHandler,
    busRuns,
    reducerProblems,
    flowViews,
    monitor: { panels: monitor.panels, alerts: monitor.alerts },
    searchView: { serializer: searchView.serializer, current: searchView.current },
    statisticsViews,
    workspaceCodeChanged: () => {
      // With no timeline open nothing reloads the files: a failure in the Problems view is checked again here.
      if (panels.openCount === 0 && reducerProblems.hasFailures) {
        checkWorkspaceReducers(workspaceCode, reducerProblems).catch((error: unknown) => log.error(`Could not check the workspace reducers: ${describeError(error)}`));
      }
      void panels.reloadAll();
    },
  };
}

function pickTreeServices({ log, connections, tree, treeView, settings }: TreeServices): TreeServices {
  return { log, connections, tree, treeView, settings };
}
