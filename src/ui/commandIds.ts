/**
 * The commands every kind of connection shares. Each kind keeps its own ids beside its commands
 * (`commands/<kind>/`); `package.json` contributes all of them (a test checks both ways).
 */
export const COMMANDS = {
  addConnection: 'eventFlows.addConnection',
  publishSampleEvents: 'eventFlows.publishSampleEvents',
  publishChapterSampleEvents: 'eventFlows.publishChapterSampleEvents',
  openTimeline: 'eventFlows.openTimeline',
  appendEvent: 'eventFlows.appendEvent',
  refresh: 'eventFlows.refresh',
  checkIntegrity: 'eventFlows.checkIntegrity',
  showStatistics: 'eventFlows.showStatistics',
  showSourceStatistics: 'eventFlows.showSourceStatistics',
  showLog: 'eventFlows.showLog',
  retryNode: 'eventFlows.retryNode',
  loadMore: 'eventFlows.loadMore',
  disconnect: 'eventFlows.disconnect',
  searchAggregates: 'eventFlows.searchAggregates',
  clearSearch: 'eventFlows.clearSearch',
  takeSnapshot: 'eventFlows.takeSnapshot',
  createStarterBus: 'eventFlows.createStarterBus',
  runEventsThroughBus: 'eventFlows.runEventsThroughBus',
  debugReducer: 'eventFlows.debugReducer',
  whatIf: 'eventFlows.whatIf',
  upcastPreview: 'eventFlows.upcastPreview',
  snapshotDrift: 'eventFlows.snapshotDrift',
  generateTest: 'eventFlows.generateTest',
  goToEventCode: 'eventFlows.goToEventCode',
  findByCorrelationId: 'eventFlows.findByCorrelationId',
  createSearchIndexes: 'eventFlows.createSearchIndexes',
  traceFlow: 'eventFlows.traceFlow',
  searchAcrossSystems: 'eventFlows.searchAcrossSystems',
  openMonitor: 'eventFlows.openMonitor',
  publishSampleFlow: 'eventFlows.publishSampleFlow',
  describeAsAsyncApi: 'eventFlows.describeAsAsyncApi',
  checkAsyncApi: 'eventFlows.checkAsyncApi',
} as const satisfies Record<string, CommandId>;

export type CommandId = `eventFlows.${string}`;
