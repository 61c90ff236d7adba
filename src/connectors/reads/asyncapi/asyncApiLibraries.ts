/** Loads `asyncApiLibrary.ts` the first time an AsyncAPI command needs it, never at activation. */
type AsyncApiLibrary = typeof import('./asyncApiLibrary');

let library: Promise<AsyncApiLibrary> | undefined;

export function loadAsyncApiLibrary(): Promise<AsyncApiLibrary> {
  library ??= import('./asyncApiLibrary');
  return library;
}
