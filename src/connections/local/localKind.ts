import * as path from 'node:path';
import type { ConnectionKind } from '../connectionKind';
import { LOCAL_CONNECTION_KIND, LocalStoreConnection, resolveLocalEventsFile } from './localConnection';
import { scanProgressNotifier } from './scanProgress';

export interface LocalKindOptions {
  /** The `eventFlows.local.path` setting, validated. */
  localPath(): string;
  workspaceFolder(): string | undefined;
  /** Where the file goes when no folder is open: the extension's global storage. */
  storageFolder: string;
  /** Checks a write's real path before it happens (a link out of the workspace); throws to refuse. */
  guardWrite?: (file: string) => Promise<void>;
}

/** The built-in Local store: exactly one connection, made from `eventFlows.local.path`. */
export function localConnectionKind(options: LocalKindOptions): ConnectionKind {
  return {
    id: LOCAL_CONNECTION_KIND,
    title: 'Local event store',
    settings: ['local.path'],
    load: () => {
      const folder = options.workspaceFolder();
      const eventsFile = resolveLocalEventsFile(options.localPath(), folder, options.storageFolder);
      return [new LocalStoreConnection(eventsFile, folder, scanProgressNotifier(path.basename(eventsFile)), options.guardWrite)];
    },
    sameAs: (connection) => (connection instanceof LocalStoreConnection ? connection.eventsFile : connection.id),
  };
}
