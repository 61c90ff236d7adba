import type * as Mongo from 'mongodb';

let loaded: Promise<typeof Mongo> | undefined;

/**
 * The `mongodb` driver, loaded the first time a MongoDB connection connects and never at activation.
 * The extension bundle resolves this import to its own separately bundled copy (see scripts/build.mjs).
 */
export function loadMongoDriver(): Promise<typeof Mongo> {
  loaded ??= import('mongodb');
  return loaded;
}
