import { decodePayload } from '../../core/codec';
import type { EventMetadata, FlowEvent } from '../../core/envelope';
import { headersFromStorage } from '../../core/headers';
import { identityMetadata, readIdentity, type IdentityRules } from '../../core/identity';
import { binaryContent, bsonToJson, idText, toVersion } from './bsonToJson';
import type { FieldMapping } from './fieldMapping';

export type MappedEvent = { ok: true; event: FlowEvent } | { ok: false; error: string };

/** One stored document as a FlowEvent, or what is missing from it; binary data is kept with a preview. */
export function documentToEvent(doc: Record<string, unknown>, mapping: FieldMapping, source: { database: string; collection: string }, identity?: IdentityRules): MappedEvent {
  const id = doc[mapping.aggregateId];
  const type = doc[mapping.eventType];
  const version = toVersion(doc[mapping.version]);
  const docId = bsonToJson(doc._id);
  const label = typeof docId === 'string' || typeof docId === 'number' ? String(docId) : '?';
  if (id === undefined || id === null) {
    return { ok: false, error: `document ${label}: no "${mapping.aggregateId}" field` };
  }
  if (typeof type !== 'string') {
    return { ok: false, error: `document ${label}: "${mapping.eventType}" is not a string` };
  }
  if (version === undefined) {
    return { ok: false, error: `document ${label}: "${mapping.version}" is not a whole number` };
  }
  const eventId = mapping.eventId !== undefined ? doc[mapping.eventId] : undefined;
  const timestamp = bsonToJson(doc[mapping.timestamp]);
  const event: FlowEvent = {
    id: idText(eventId ?? doc._id),
    type,
    timestamp: typeof timestamp === 'number' ? new Date(timestamp).toISOString() : typeof timestamp === 'string' ? timestamp : '',
    data: null,
    aggregateId: idText(id),
    version,
    metadata: mapping.metadata !== undefined ? toMetadata(doc[mapping.metadata], identity) : {},
    source: { system: 'mongo', database: source.database, collection: source.collection },
  };
  const aggregateType = mapping.aggregateType !== undefined ? doc[mapping.aggregateType] : undefined;
  if (typeof aggregateType === 'string') {
    event.aggregateType = aggregateType;
  }
  const rawData = doc[mapping.data];
  const binary = binaryBytes(rawData);
  if (binary) {
    const decoded = decodePayload(binary);
    event.data = decoded.value ?? decoded.preview.preview;
    if (decoded.value === undefined || decoded.preview.truncated) {
      event.payload = decoded.preview;
    }
  } else {
    event.data = bsonToJson(rawData);
  }
  return { ok: true, event };
}

function binaryBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'Binary') {
    return binaryContent(value);
  }
  return undefined;
}

function toMetadata(value: unknown, identity: IdentityRules | undefined): EventMetadata {
  const json = bsonToJson(value);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {};
  }
  const metadata: EventMetadata = identityMetadata(readIdentity({ metadata: json }, identity));
  const schemaVersion = json.schemaVersion ?? json.schema_version;
  if (typeof schemaVersion === 'number') metadata.schemaVersion = schemaVersion;
  const headers = headersFromStorage(json.headers);
  if (headers !== undefined) metadata.headers = headers;
  return metadata;
}
