/** The Local store's public face: the store itself and where it lives in a workspace by default. */
import * as path from 'node:path';
import { LocalEventStore } from './localEventStore';

export { LocalEventStore, type LocalEventStoreOptions } from './localEventStore';

/** Where the store lives inside a workspace folder. */
export const LOCAL_STORE_RELATIVE_PATH = '.eventflow/events.ndjson';

/** The store of a workspace folder; nothing is created until the first append. */
export function openLocalStore(folder: string): LocalEventStore {
  return new LocalEventStore({ eventsFile: path.join(folder, ...LOCAL_STORE_RELATIVE_PATH.split('/')) });
}

/**
 * Any NDJSON file of events (our layout, the chapter's, `mongoexport` output), opened read-only where it
 * is: nothing is written beside it, and appends are refused.
 */
export function openNdjsonFile(file: string): LocalEventStore {
  return new LocalEventStore({ eventsFile: file, readOnly: true });
}
