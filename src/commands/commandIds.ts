/** Every command the extension registers; `package.json` contributes the same ids (a test checks both ways). */
export const COMMANDS = {
  publishSampleEvents: 'eventFlows.publishSampleEvents',
  openTimeline: 'eventFlows.openTimeline',
  appendEvent: 'eventFlows.appendEvent',
  refresh: 'eventFlows.refresh',
  checkIntegrity: 'eventFlows.checkIntegrity',
  showLog: 'eventFlows.showLog',
  retryNode: 'eventFlows.retryNode',
  loadMore: 'eventFlows.loadMore',
  addMongoConnection: 'eventFlows.addMongoConnection',
  editMongoConnection: 'eventFlows.editMongoConnection',
  removeMongoConnection: 'eventFlows.removeMongoConnection',
  disconnect: 'eventFlows.disconnect',
  createIndexes: 'eventFlows.createIndexes',
  searchAggregates: 'eventFlows.searchAggregates',
  clearSearch: 'eventFlows.clearSearch',
  takeSnapshot: 'eventFlows.takeSnapshot',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
