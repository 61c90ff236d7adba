import type { Memento } from 'vscode';
import type { ConnectionKind } from '../connectionKind';
import { NDJSON_FILE_KIND, NdjsonFileConnection } from './ndjsonConnection';

const OPENED_KEY = 'eventFlows.ndjsonFiles';

/** The files the user opened in this workspace, kept in its state so they come back with the window. */
export class OpenedNdjsonFiles {
  constructor(private readonly state: Memento) {}

  list(): string[] {
    const stored = this.state.get<unknown>(OPENED_KEY);
    return Array.isArray(stored) ? stored.filter((f): f is string => typeof f === 'string') : [];
  }

  async add(file: string): Promise<void> {
    if (!this.list().includes(file)) await this.state.update(OPENED_KEY, [...this.list(), file]);
  }

  async remove(file: string): Promise<void> {
    await this.state.update(OPENED_KEY, this.list().filter((f) => f !== file));
  }
}

/** NDJSON files opened as event stores: no settings, the list is the workspace's own. */
export function ndjsonFileKind(opened: OpenedNdjsonFiles): ConnectionKind {
  return {
    id: NDJSON_FILE_KIND,
    title: 'NDJSON file of events (read-only)',
    settings: [],
    load: () => opened.list().map((file) => new NdjsonFileConnection(file)),
    sameAs: (connection) => connection.id,
  };
}
