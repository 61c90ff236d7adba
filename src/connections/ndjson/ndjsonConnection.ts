import * as path from 'node:path';
import type { EventStore } from '../../connectors/eventStore';
import { kindConnectors } from '../../connectorsLoader';
import type { StoreConnection } from '../connection';

export const NDJSON_FILE_KIND = 'ndjsonFile';

/**
 * Any NDJSON file of events opened where it is (a `mongoexport` of the chapter's collection, another
 * project's store): read-only, nothing written beside it, shown beside the workspace's own store.
 */
export class NdjsonFileConnection implements StoreConnection {
  readonly kind = NDJSON_FILE_KIND;
  readonly role = 'store' as const;
  readonly isOpen = true;
  readonly canDisconnect = false;
  private store: EventStore | undefined;

  constructor(readonly file: string) {}

  get id(): string {
    return `${NDJSON_FILE_KIND}:${this.file}`;
  }

  get label(): string {
    return path.basename(this.file);
  }

  get description(): string {
    return `${path.dirname(this.file)} · read-only`;
  }

  open(): Promise<EventStore> {
    this.store ??= kindConnectors().ndjson.openFile(this.file);
    return Promise.resolve(this.store);
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }
}
