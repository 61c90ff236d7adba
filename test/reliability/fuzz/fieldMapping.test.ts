/**
 * `detectFieldMapping` reads whatever the first document of a user's collection holds. It promises never to
 * throw; fuzzed here with values of every JavaScript shape and with documents built from the very field
 * names it looks for, holding values of the wrong types.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { detectFieldMapping, type FieldMapping } from '../../../src/connectors/mongo/fieldMapping';
import { FUZZ_CASES, fuzz } from '../support/fuzz';

const REQUIRED: (keyof FieldMapping)[] = ['aggregateId', 'eventType', 'data', 'version', 'timestamp'];
const OPTIONAL: (keyof FieldMapping)[] = ['eventId', 'aggregateType', 'metadata'];
const CANDIDATE_NAMES = [
  'aggregate_id', 'aggregateId', 'streamId', 'stream_id', 'aggregate', 'entityId', 'entity_id',
  'event_type', 'eventType', 'type', 'name', 'event', 'data', 'payload', 'body', 'event_data', 'eventData',
  'version', 'sequence', 'seq', 'revision', 'streamPosition', 'stream_position', 'eventNumber',
  'timestamp', 'occurred_at', 'occurredAt', 'created_at', 'createdAt', 'time', 'recordedAt', 'recorded_at',
  'event_id', 'eventId', 'id', 'aggregate_type', 'aggregateType', 'streamType', 'stream_type', 'category',
  'metadata', 'meta', 'headers', '_id', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
];

const anyValue = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** A document whose keys are mostly the names the detector looks for, with values of any type. */
const lookalikeDocument = fc
  .array(fc.tuple(fc.constantFrom(...CANDIDATE_NAMES), anyValue), { maxLength: 12 })
  .map((entries) => {
    const doc: Record<string, unknown> = {};
    // defineProperty, so a "__proto__" key is an own field as in a parsed BSON document.
    for (const [key, value] of entries) Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true });
    return doc;
  });

describe('fuzz: MongoDB field-mapping detection', function () {
  this.timeout(120_000);

  it('detectFieldMapping: never throws; every chosen field exists, is used once and has a fitting value', () => {
    let detected = 0;
    fuzz('detectFieldMapping', fc.oneof(anyValue, lookalikeDocument), (sample) => {
      const { mapping, missing, notes } = detectFieldMapping(sample);
      for (const role of REQUIRED) assert.equal(typeof mapping[role], 'string', `${role} has no field name`);
      assert.ok(missing.every((role) => REQUIRED.includes(role)), `missing ${missing.join(',')}`);
      const isDocument = typeof sample === 'object' && sample !== null && !Array.isArray(sample);
      if (!isDocument) {
        assert.deepEqual(missing, REQUIRED);
        assert.match(notes.join('\n'), /not a document/);
        return;
      }
      const fields = Object.keys(sample);
      const chosen = [...REQUIRED, ...OPTIONAL].filter((role) => !missing.includes(role) && mapping[role] !== undefined);
      for (const role of chosen) {
        const field = mapping[role] as string;
        assert.ok(fields.includes(field), `${role} mapped to "${field}", which the sample does not have`);
        assert.ok(notes.some((note) => note.startsWith(`${role}: "${field}"`)), `no note says why ${role} is "${field}"`);
      }
      assert.equal(new Set(chosen.map((role) => mapping[role])).size, chosen.length, 'two roles share one field');
      for (const role of missing) assert.ok(notes.some((note) => note.startsWith(`${role}: no field found`)), `no note for missing ${role}`);
      const value = (field: string | undefined): unknown => (field === undefined ? undefined : (sample as Record<string, unknown>)[field]);
      if (!missing.includes('version')) {
        const version = value(mapping.version);
        assert.ok(typeof version === 'number' || (typeof version === 'object' && version !== null), 'version of the wrong type');
      }
      if (!missing.includes('eventType')) assert.equal(typeof value(mapping.eventType), 'string');
      if (mapping.metadata !== undefined) assert.equal(typeof value(mapping.metadata), 'object');
      if (fields.includes('aggregate_id') && typeof value('aggregate_id') === 'string') assert.equal(mapping.aggregateId, 'aggregate_id');
      if (missing.length < REQUIRED.length) detected += 1;
    });
    assert.ok(detected > FUZZ_CASES * 0.15, `only ${detected} samples had a field to detect: the generator is too weak`);
  });
});
