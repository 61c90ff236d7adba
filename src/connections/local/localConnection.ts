import * as path from 'node:path';
import type { LocalEventStore } from '../../connectors/local/localEventStore';
import { kindConnectors } from '../../connectorsLoader';
import type { EventStore } from '../../connectors/eventStore';
import type { IdentityRules } from '../../core/identity';
import type { StoreConnection } from '../connection';

export const LOCAL_CONNECTION_KIND = 'local';

/** The built-in Local store: an NDJSON file in the workspace, always present in the tree. */
export class LocalStoreConnection implements StoreConnection {
  readonly id = 'local';
  readonly kind = LOCAL_CONNECTION_KIND;
  readonly role = 'store' as const;
  readonly label = 'Local';
  readonly isOpen = true;
  readonly canDisconnect = false;
  private store: LocalEventStore | undefined;

  constructor(
    readonly eventsFile: string,
    private readonly displayRoot: string | undefined,
    /** Told how far the first scan of the file has got (the editor shows it for big files). */
    private readonly onScanProgress?: (bytesRead: number, totalBytes: number) => void,
    /** Checks each write's real path (`storeLocation.ts`); throws to refuse. */
    private readonly guardWrite?: (file: string) => Promise<void>,
    /** Where correlation, causation and trace ids are read from (`eventFlows.identity`); defaults when undefined. */
    readonly identity?: IdentityRules,
  ) {}

  get description(): string {
    return this.displayRoot ? path.relative(this.displayRoot, this.eventsFile) : this.eventsFile;
  }

  /** Nothing to connect: the file is read when first asked for. */
  open(): Promise<EventStore> {
    this.store ??= kindConnectors().local.createStore({ eventsFile: this.eventsFile, onProgress: this.onScanProgress, guardWrite: this.guardWrite, ...(this.identity ? { identity: this.identity } : {}) });
    return Promise.resolve(this.store);
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }
}

/** Where the Local store lives: the setting, relative to the workspace folder, else extension storage. */
export function resolveLocalEventsFile(setting: string, workspaceFolder: string | undefined, storageFolder: string): string {
  if (path.isAbsolute(setting)) {
    return setting;
  }
  return path.join(workspaceFolder ?? storageFolder, setting);
}
