/**
 * Which document fields hold what. Every name is configurable per connection; `detectFieldMapping` proposes
 * one from a sample document for the common layouts.
 */
export interface FieldMapping {
  aggregateId: string;
  eventType: string;
  data: string;
  version: string;
  timestamp: string;
  /** The event's own id; `_id` when absent. */
  eventId?: string;
  /** Where the aggregate type lives, when the documents carry it. */
  aggregateType?: string;
  /** An object with correlation / causation ids and headers, when the documents carry one. */
  metadata?: string;
}

export const DEFAULT_FIELD_MAPPING: FieldMapping = {
  aggregateId: 'aggregate_id',
  eventType: 'event_type',
  data: 'data',
  version: 'version',
  timestamp: 'timestamp',
  eventId: 'event_id',
  aggregateType: 'aggregate_type',
  metadata: 'metadata',
};

/** Candidate names per role, most common first; snake_case, camelCase and stream-style layouts. */
const CANDIDATES: { [K in keyof FieldMapping]-?: string[] } = {
  aggregateId: ['aggregate_id', 'aggregateId', 'streamId', 'stream_id', 'aggregate', 'entityId', 'entity_id'],
  eventType: ['event_type', 'eventType', 'type', 'name', 'event'],
  data: ['data', 'payload', 'body', 'event_data', 'eventData'],
  version: ['version', 'sequence', 'seq', 'revision', 'streamPosition', 'stream_position', 'eventNumber'],
  timestamp: ['timestamp', 'occurred_at', 'occurredAt', 'created_at', 'createdAt', 'time', 'recordedAt', 'recorded_at'],
  eventId: ['event_id', 'eventId', 'id'],
  aggregateType: ['aggregate_type', 'aggregateType', 'streamType', 'stream_type', 'category'],
  metadata: ['metadata', 'meta', 'headers'],
};

export interface MappingDetection {
  mapping: FieldMapping;
  /** Roles the sample had no field for: the defaults stay, and the user should look. */
  missing: (keyof FieldMapping)[];
  /** One line per role: which field was chosen and why. */
  notes: string[];
}

const REQUIRED: (keyof FieldMapping)[] = ['aggregateId', 'eventType', 'data', 'version', 'timestamp'];

/** Proposes a mapping from one stored event document; never throws, whatever the input. */
export function detectFieldMapping(sample: unknown): MappingDetection {
  const mapping: FieldMapping = { ...DEFAULT_FIELD_MAPPING };
  const missing: (keyof FieldMapping)[] = [];
  const notes: string[] = [];
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
    return { mapping, missing: [...REQUIRED], notes: ['The sample is not a document; keeping the default field names.'] };
  }
  const fields = Object.keys(sample);
  const taken = new Set<string>();
  for (const role of Object.keys(CANDIDATES) as (keyof FieldMapping)[]) {
    const found = CANDIDATES[role].find((name) => fields.includes(name) && !taken.has(name) && fits(role, (sample as Record<string, unknown>)[name]));
    if (found) {
      taken.add(found);
      mapping[role] = found;
      notes.push(`${role}: "${found}"`);
    } else if (REQUIRED.includes(role)) {
      missing.push(role);
      notes.push(`${role}: no field found; keeping "${mapping[role]}"`);
    } else {
      delete mapping[role];
    }
  }
  return { mapping, missing, notes };
}

function fits(role: keyof FieldMapping, value: unknown): boolean {
  switch (role) {
    case 'version':
      return typeof value === 'number' || (typeof value === 'object' && value !== null && 'toNumber' in value);
    case 'eventType':
    case 'aggregateType':
      return typeof value === 'string';
    case 'aggregateId':
    case 'eventId':
      return typeof value === 'string' || typeof value === 'number' || (typeof value === 'object' && value !== null && 'toHexString' in value);
    case 'timestamp':
      return value instanceof Date || typeof value === 'string' || typeof value === 'number';
    case 'metadata':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'data':
      return value !== undefined;
  }
}
