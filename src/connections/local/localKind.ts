import * as path from 'node:path';
import type { ConnectionKind } from '../connectionKind';
import type { IdentityFor } from '../identitySetting';
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
  identityFor?: IdentityFor;
}

/** The built-in Local store: exactly one connection, made from `eventFlows.local.path`. */
export function localConnectionKind(options: LocalKindOptions): ConnectionKind {
  return {
    id: LOCAL_CONNECTION_KIND,
    title: 'Local event store',
    settings: ['local.path', 'identity'],
    load: () => {
      const folder = options.workspaceFolder();
      const eventsFile = resolveLocalEventsFile(options.localPath(), folder, options.storageFolder);
      const identity = options.identityFor?.({ id: LOCAL_CONNECTION_KIND, kind: LOCAL_CONNECTION_KIND, label: 'Local' });
      return [new LocalStoreConnection(eventsFile, folder, scanProgressNotifier(path.basename(eventsFile)), options.guardWrite, identity)];
    },
    sameAs: (connection) => (connection instanceof LocalStoreConnection ? JSON.stringify([connection.eventsFile, connection.identity]) : connection.id),
  };
}
