import type { Collection } from 'mongodb';
import type { FieldMapping } from './fieldMapping';

interface IndexDescription {
  name?: string;
  key?: Record<string, unknown>;
  unique?: boolean;
}

export interface IndexCheck {
  ok: boolean;
  message: string;
}

/** Whether the unique (aggregate id, version) index that makes appends safe exists. */
export async function checkVersionIndex(events: Collection, mapping: FieldMapping): Promise<IndexCheck> {
  const found = await versionIndex(events, mapping);
  if (!found) {
    return {
      ok: false,
      message: `No index on (${mapping.aggregateId}, ${mapping.version}): reads scan the collection and concurrent appends are not detected.`,
    };
  }
  if (!found.unique) {
    return { ok: false, message: `The index on (${mapping.aggregateId}, ${mapping.version}) is not unique: concurrent appends are not detected.` };
  }
  return { ok: true, message: `Unique index ${String(found.name)} on (${mapping.aggregateId}, ${mapping.version}).` };
}

/**
 * Creates the unique (aggregate id, version) index and the snapshots index. A non-unique index on the
 * same keys is replaced: the server refuses a second index on identical keys, so creating beside it fails.
 */
export async function ensureEventStoreIndexes(events: Collection, snapshots: Collection, mapping: FieldMapping): Promise<void> {
  const existing = await versionIndex(events, mapping);
  if (existing?.unique !== true) {
    if (existing?.name !== undefined) {
      await events.dropIndex(existing.name);
    }
    await events.createIndex({ [mapping.aggregateId]: 1, [mapping.version]: 1 }, { unique: true, name: 'aggregate_version_unique' });
  }
  await snapshots.createIndex({ aggregate_id: 1, version: 1 }, { unique: true, name: 'aggregate_version_unique' });
}

/**
 * The index whose keys are exactly (aggregate id, version): with a third key, uniqueness would no longer
 * stop two events from taking the same version.
 */
async function versionIndex(events: Collection, mapping: FieldMapping): Promise<IndexDescription | undefined> {
  let indexes: IndexDescription[];
  try {
    indexes = (await events.listIndexes().toArray()) as IndexDescription[];
  } catch (error) {
    // A collection that does not exist yet has no indexes; that is an answer, not a failure.
    if (error instanceof Error && /ns does not exist|NamespaceNotFound/i.test(error.message)) return undefined;
    throw error;
  }
  return indexes.find((index) => {
    const keys = Object.keys(index.key ?? {});
    return keys.length === 2 && keys[0] === mapping.aggregateId && keys[1] === mapping.version;
  });
}
