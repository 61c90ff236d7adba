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

/** The fields of a search no index starts with (so the server scans for them), split by whether an index on them can be made. */
export interface SearchIndexCoverage {
  /** No index starts with these; `ensureSearchIndexes` can create one on each. */
  uncovered: string[];
  /** No index can be made on these: a path with a name starting with `$` (MongoDB and FerretDB refuse it). */
  unindexable: string[];
}

/** Which of the fields a search asks of the server an index answers (listIndexes: an index answers a field it starts with). */
export async function searchIndexCoverage(events: Collection, fields: readonly string[]): Promise<SearchIndexCoverage> {
  const unindexable = fields.filter((field) => !canIndex(field));
  const indexes = await listIndexes(events);
  const uncovered = fields.filter((field) => canIndex(field) && !indexes.some((index) => Object.keys(index.key ?? {})[0] === field));
  return { uncovered, unindexable };
}

/**
 * Creates an ascending index on each field no index starts with yet, named `search_<field>`, and returns
 * the fields it indexed. Not unique: many events share a correlation id or a type.
 */
export async function ensureSearchIndexes(events: Collection, fields: readonly string[]): Promise<string[]> {
  const refused = fields.filter((field) => !canIndex(field));
  if (refused.length > 0) throw new Error(`no index can be made on ${refused.join(', ')}: a field name there starts with $.`);
  const { uncovered } = await searchIndexCoverage(events, fields);
  for (const field of uncovered) await events.createIndex({ [field]: 1 }, { name: `search_${field}` });
  return uncovered;
}

function canIndex(field: string): boolean {
  return field.split('.').every((part) => part !== '' && !part.startsWith('$'));
}

/** A collection that does not exist yet has no indexes; that is an answer, not a failure. */
async function listIndexes(events: Collection): Promise<IndexDescription[]> {
  try {
    return (await events.listIndexes().toArray()) as IndexDescription[];
  } catch (error) {
    if (error instanceof Error && /ns does not exist|NamespaceNotFound/i.test(error.message)) return [];
    throw error;
  }
}

/**
 * The index whose keys are exactly (aggregate id, version): with a third key, uniqueness would no longer
 * stop two events from taking the same version.
 */
async function versionIndex(events: Collection, mapping: FieldMapping): Promise<IndexDescription | undefined> {
  const indexes = await listIndexes(events);
  return indexes.find((index) => {
    const keys = Object.keys(index.key ?? {});
    return keys.length === 2 && keys[0] === mapping.aggregateId && keys[1] === mapping.version;
  });
}
