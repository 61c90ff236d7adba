/**
 * Every `contextValue` a tree node can carry. `package.json` menus name these in `viewItem == …`; an
 * extension-host test checks that each name used there is listed here.
 */
export const CONTEXT_VALUES = [
  'localStore',
  'mongoConnected',
  'mongoDisconnected',
  'aggregateType',
  'aggregateTypeSearched',
  'aggregate',
  'loadMore',
  'error',
  'message',
  'indexWarning',
] as const;

export type ContextValue = (typeof CONTEXT_VALUES)[number];
