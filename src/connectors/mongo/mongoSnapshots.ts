/**
 * Snapshots of a MongoDB event store, in their own collection with fixed field names (`aggregate_id`,
 * `aggregate_type`, `version`, `state`, `taken_at`): one document per aggregate and version.
 */
import type { Collection } from 'mongodb';
import type { Snapshot } from '../eventStore';
import { validateSnapshot } from '../validation/validation';
import { bsonToJson, toVersion } from './bsonToJson';
import { timestampOf } from './mongoListing';

/** The snapshots collection, connecting first: asked for only once a snapshot to write is valid. */
type SnapshotCollection = () => Promise<Collection>;
type RunServerCall = <T>(operation: () => Promise<T>) => Promise<T>;

/** The aggregate's snapshots, oldest version first; a document without a readable version is left out. */
export async function listSnapshots(collection: SnapshotCollection, aggregateId: string, run: RunServerCall, signal?: AbortSignal): Promise<Snapshot[]> {
  const snapshots = await collection();
  const docs = await run(() => snapshots.find({ aggregate_id: aggregateId }, { sort: { version: 1 }, signal }).toArray());
  return docs.flatMap((doc) => {
    const version = toVersion(doc.version);
    if (version === undefined) return [];
    const snapshot: Snapshot = { aggregateId, version, state: bsonToJson(doc.state), takenAt: timestampOf(doc.taken_at) ?? '' };
    if (typeof doc.aggregate_type === 'string') snapshot.aggregateType = doc.aggregate_type;
    return [snapshot];
  });
}

/** Writes (or replaces) the snapshot of that aggregate at that version. */
export async function writeSnapshot(collection: SnapshotCollection, snapshot: Snapshot, run: RunServerCall, signal?: AbortSignal): Promise<void> {
  validateSnapshot(snapshot);
  const snapshots = await collection();
  signal?.throwIfAborted();
  await run(() =>
    snapshots.replaceOne(
      { aggregate_id: snapshot.aggregateId, version: snapshot.version },
      {
        aggregate_id: snapshot.aggregateId,
        aggregate_type: snapshot.aggregateType,
        version: snapshot.version,
        state: snapshot.state,
        taken_at: new Date(snapshot.takenAt || Date.now()),
      },
      { upsert: true },
    ),
  );
}
