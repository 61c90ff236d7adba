// The MongoDB connector's pure parts, no server: field-mapping detection, connection strings and masking,
// error classification, BSON to JSON, and documents to FlowEvents.
import * as assert from 'node:assert/strict';
import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { escapeRegex } from '../../../src/connectors/mongo/aggregateTypes';
import { typeFromFirstEvent, typeFromIdPrefix } from '../../../src/core/aggregateTypeNames';
import { binaryContent, bsonToJson, idText, toVersion } from '../../../src/connectors/mongo/bsonToJson';
import { maskConnectionString, parseConnectionString, redact } from '../../../src/connectors/mongo/connectionString';
import { documentToEvent } from '../../../src/connectors/mongo/documentMapper';
import { DEFAULT_FIELD_MAPPING, detectFieldMapping } from '../../../src/connectors/mongo/fieldMapping';
import { classifyMongoError } from '../../../src/connectors/mongo/mongoErrors';

const source = { database: 'db', collection: 'events' };

describe('mongo connector: pure modules', () => {
  describe('detectFieldMapping', () => {
    it('keeps the defaults and names what is missing for a non-document', () => {
      for (const sample of [null, 3, 'x', [1]]) {
        const detection = detectFieldMapping(sample);
        assert.deepEqual(detection.mapping, DEFAULT_FIELD_MAPPING);
        assert.deepEqual(detection.missing, ['aggregateId', 'eventType', 'data', 'version', 'timestamp']);
      }
    });

    it('prefers a field whose value fits the role', () => {
      // `version` holds text here, so the numeric `sequence` is the version.
      const { mapping } = detectFieldMapping({ aggregate_id: 'a', event_type: 'X', data: {}, version: 'v1', sequence: new Long(3), timestamp: new Date() });
      assert.equal(mapping.version, 'sequence');
    });

    it('drops optional roles the sample has no field for', () => {
      const { mapping, missing } = detectFieldMapping({ aggregateId: 'a', type: 'X', payload: 1, version: 1, timestamp: 1 });
      assert.deepEqual(missing, []);
      assert.equal(mapping.aggregateType, undefined);
      assert.equal(mapping.metadata, undefined);
      assert.equal(mapping.eventId, undefined);
    });
  });

  describe('aggregate types', () => {
    it('from the id prefix and from the first event', () => {
      assert.equal(typeFromIdPrefix('Order-123'), 'Order');
      assert.equal(typeFromIdPrefix('billing.Invoice:9'), 'billing.Invoice');
      assert.equal(typeFromIdPrefix('1001'), undefined);
      assert.equal(typeFromFirstEvent('OrderCreated'), 'Order');
      assert.equal(typeFromFirstEvent('CustomerRegistered'), 'Customer');
      assert.equal(typeFromFirstEvent('Created'), 'Created');
      assert.equal(new RegExp(`^${escapeRegex('a.b*(c)')}`).test('a.b*(c)d'), true);
      assert.equal(new RegExp(`^${escapeRegex('a.b')}`).test('axb'), false);
    });

    it('never takes a generated id for a type', () => {
      for (const id of [
        'a1b2c3d4-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
        'A1B2C3D4-5E6F-4A1B-8C2D-3E4F5A6B7C8D',
        'deadbeef-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
        '01ARZ3NDEKTSV4RRFFQ69G5FAV',
        '507f1f77bcf86cd799439011',
        'deadbeef-1',
        'a1b2-77',
        '1001',
        '1001-2',
        '42:7',
      ]) {
        assert.equal(typeFromIdPrefix(id), undefined, id);
      }
      for (const [id, type] of [
        ['Order-a1b2c3d4-5e6f-4a1b-8c2d-3e4f5a6b7c8d', 'Order'],
        ['ord_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ord'],
        ['Cafe-12', 'Cafe'],
        ['Order2-9', 'Order2'],
      ]) {
        assert.equal(typeFromIdPrefix(id), type, id);
      }
    });
  });

  describe('connection strings', () => {
    it('parses, splits the password off, and masks it', () => {
      const parsed = parseConnectionString(' mongodb://efx:p%40ss@h1:1,h2:2/db?tls=true ');
      assert.ok(parsed.ok);
      assert.equal(parsed.username, 'efx');
      assert.equal(parsed.password, 'p@ss');
      assert.equal(parsed.hosts, 'h1:1,h2:2');
      assert.equal(parsed.withoutPassword, 'mongodb://efx@h1:1,h2:2/db?tls=true');
      assert.equal(maskConnectionString('mongodb://efx:secret@h/db'), 'mongodb://efx:****@h/db');
      assert.equal(redact('failed for secret and s%40x', 'secret'), 'failed for **** and s%40x');
      assert.equal(redact('a p@ss and p%40ss', 'p@ss'), 'a **** and ****');
    });

    it('rejects what is not a MongoDB connection string', () => {
      assert.equal(parseConnectionString('http://x').ok, false);
      assert.equal(parseConnectionString('mongodb://').ok, false);
      assert.equal(parseConnectionString('mongodb+srv://h:27017').ok, false);
    });
  });

  describe('classifyMongoError', () => {
    const target = 'mongodb://h:1';
    const withCause = (message: string, cause: Error): Error => Object.assign(new Error(message), { cause });
    it('tells dns, refused, auth, tls, timeout and unsupported apart', () => {
      assert.equal(classifyMongoError(withCause('x', new Error('getaddrinfo ENOTFOUND h')), target).kind, 'dns');
      assert.equal(classifyMongoError(new Error('connect ECONNREFUSED 127.0.0.1:1'), target).kind, 'refused');
      assert.equal(classifyMongoError(Object.assign(new Error('Authentication failed.'), { code: 18 }), target).kind, 'auth');
      assert.equal(classifyMongoError(Object.assign(new Error('needs auth'), { code: 13 }), target).kind, 'auth');
      assert.equal(classifyMongoError(new Error('self-signed certificate'), target).kind, 'tls');
      assert.equal(classifyMongoError(new Error('Server selection timed out after 3000 ms'), target).kind, 'timeout');
      assert.equal(classifyMongoError(Object.assign(new Error('$max not implemented'), { code: 238 }), target).kind, 'unsupported');
      assert.equal(classifyMongoError('odd', target).kind, 'other');
    });

    it('reads the per-server errors of a server selection failure', () => {
      const reason = { servers: new Map([['h:1', { error: new Error('connect ECONNREFUSED h:1') }]]) };
      const error = Object.assign(new Error('Server selection timed out'), { reason });
      assert.equal(classifyMongoError(error, target).kind, 'refused');
    });
  });

  describe('bsonToJson', () => {
    it('turns BSON values into JSON', () => {
      const id = new ObjectId();
      assert.deepEqual(
        bsonToJson({ id, d: new Date(0), l: Long.fromString('9007199254740993'), n: new Int32(3), x: new Double(1.5), dec: Decimal128.fromString('1.10'), nan: Number.NaN, b: 10n }),
        { id: id.toHexString(), d: '1970-01-01T00:00:00.000Z', l: 9007199254740992, n: 3, x: 1.5, dec: '1.10', nan: 'NaN', b: 10 },
      );
      assert.equal(toVersion(new Long(7)), 7);
      assert.equal(toVersion('7'), undefined);
      assert.equal(toVersion(1.5), undefined);
      assert.equal(idText(42), '42');
    });

    it('takes only the written part of a Binary that has spare capacity', () => {
      const binary = new Binary();
      binary.write(Buffer.from('abc'), 0);
      assert.equal(binary.buffer.length > 3, true, 'a grown Binary keeps spare bytes');
      assert.deepEqual(Buffer.from(binaryContent(binary)), Buffer.from('abc'));
      assert.deepEqual(bsonToJson(binary), { $binary: Buffer.from('abc').toString('base64') });
    });

    it('stops at a depth limit instead of overflowing the stack', () => {
      let deep: Record<string, unknown> = {};
      const root = deep;
      for (let i = 0; i < 1000; i++) {
        const next: Record<string, unknown> = {};
        deep.n = next;
        deep = next;
      }
      assert.match(JSON.stringify(bsonToJson(root)), /depth limit/);
    });
  });

  describe('documentToEvent', () => {
    it('maps a document and keeps binary data with a preview', () => {
      const binary = new Binary();
      binary.write(Buffer.from([0, 1, 2, 255]), 0);
      const mapped = documentToEvent(
        { _id: 'x1', aggregate_id: 'a', aggregate_type: 'T', event_type: 'E', data: binary, version: new Long(2), timestamp: new Date(0), metadata: { correlation_id: 'c', headers: { n: 1 } } },
        DEFAULT_FIELD_MAPPING,
        source,
      );
      assert.ok(mapped.ok);
      assert.equal(mapped.event.id, 'x1');
      assert.equal(mapped.event.version, 2);
      assert.equal(mapped.event.aggregateType, 'T');
      assert.equal(mapped.event.payload?.kind, 'binary');
      assert.equal(mapped.event.payload?.size, 4);
      assert.deepEqual(mapped.event.metadata, { correlationId: 'c', headers: [{ key: 'n', value: '1' }] });
    });

    it('names what is missing', () => {
      const map = (doc: Record<string, unknown>): string => {
        const mapped = documentToEvent(doc, DEFAULT_FIELD_MAPPING, source);
        return mapped.ok ? 'ok' : mapped.error;
      };
      assert.match(map({ _id: 1, event_type: 'E', version: 1 }), /document 1: no "aggregate_id"/);
      assert.match(map({ aggregate_id: 'a', version: 1 }), /"event_type" is not a string/);
      assert.match(map({ aggregate_id: 'a', event_type: 'E', version: 1.5 }), /"version" is not a whole number/);
      assert.equal(map({ aggregate_id: 'a', event_type: 'E', version: 1 }), 'ok');
    });
  });
});
