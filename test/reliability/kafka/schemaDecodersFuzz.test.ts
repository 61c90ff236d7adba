/**
 * Arbitrary bytes through the Avro and Protobuf decoders and the Confluent wire-format reader (frames,
 * message indexes, schema-id headers), ≥ 10,000 cases each: no case may throw, and a value that does not
 * decode says why and keeps every byte as hex. Then the registry's own failures: an id it does not know,
 * and a registry that cannot be reached (a closed port), with the browse of a real topic finishing,
 * saying why, and showing its values as hex.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as avsc from 'avsc';
import type { EventHeader } from '../../../src/core/envelope';
import { loadAvsc, loadProtobuf } from '../../../src/connectors/kafka/decoding/libraries';
import { TopicDecoders, type TopicSchema } from '../../../src/connectors/kafka/decoding/topicDecoders';
import type { Decoding } from '../../../src/connectors/kafka/decoding/decoding';
import { readMessageIndexes, readSchemaIdHeader, readWireFrame } from '../../../src/connectors/kafka/decoding/wireFormat';
import { SchemaRegistry } from '../../../src/connectors/kafka/decoding/schemaRegistry';
import { isKafkaSource } from '../../../src/connectors/kafka/kafkaSource';
import { KafkaFixture } from '../../integration/support/kafkaFixture';
import * as ports from '../../services/ports';
import { freePort } from '../../support/freePort';
import { fuzz } from '../support/fuzz';
import { figure } from '../support/figures';
import { skipOrFailWithoutRig } from '../../support/rig';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'schemas');
const avroText = fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8');
const protoText = fs.readFileSync(path.join(fixtures, 'order.proto'), 'utf8');

/** Schemas with the shapes that make readers loop or recurse: arrays of nothing, maps, a recursive list, unions. */
const AVRO_SCHEMAS = [
  avroText,
  '{"type":"array","items":"null"}',
  '{"type":"map","values":{"type":"array","items":"long"}}',
  '{"type":"record","name":"Node","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","Node"]}]}',
  '["null","string","bytes",{"type":"fixed","name":"F","size":3},{"type":"enum","name":"E","symbols":["A","B"]}]',
];

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  // Framed-looking: magic byte 0, an id, then anything (message indexes included).
  fc.tuple(fc.integer({ min: 0, max: 8 }), fc.uint8Array({ maxLength: 200 })).map(([id, rest]) => Uint8Array.from([0, 0, 0, 0, id, ...rest])),
  // Varints of every length, where block counts and lengths live.
  fc.array(fc.oneof(fc.constant(0xff), fc.constant(0x80), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }).map((a) => Uint8Array.from(a)),
);

/** A failed decoding must say why and carry the bytes as hex; a decoded one must be JSON. */
function checkDecoding(decoding: Decoding | undefined, value: Uint8Array): void {
  assert.ok(decoding, 'a schema applies to every topic here');
  if (decoding.ok) {
    assert.doesNotThrow(() => JSON.stringify(decoding.value));
    return;
  }
  assert.ok(decoding.error.length > 0, 'a failure says why');
  if (value.length > 0) assert.match(decoding.hex, /^00000000 {2}[0-9a-f]{2} /);
  assert.equal(decoding.hexTruncated, false);
}

/** A registry of our own on loopback with a schema of each kind (the real registry's failures are tested below). */
async function registryServing(schemas: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const id = /\/schemas\/ids\/(\d+)$/.exec(req.url ?? '')?.[1];
    const schema = id === undefined ? undefined : schemas[id];
    res.writeHead(schema ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(schema ?? { error_code: 40403, message: 'Schema not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}


async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ports.host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

describe('Kafka schema decoders under fuzzing and registry faults', function () {
  this.timeout(300_000);

  before(async () => {
    await loadAvsc();
    await loadProtobuf();
  });

  it('arbitrary bytes through the Avro decoder: no crash, a failure says why and keeps hex', async () => {
    const schemas: TopicSchema[] = AVRO_SCHEMAS.map((text, i) => ({ topic: `avro-${i}`, part: 'value', format: 'avro', text }));
    const decoders = new TopicDecoders({ schemas });
    for (const schema of schemas) await decoders.prepare(schema.topic, []);
    let decoded = 0;
    fuzz('kafka.avro', fc.tuple(fc.integer({ min: 0, max: schemas.length - 1 }), bytes), ([i, value]) => {
      const decoding = decoders.decode(`avro-${i}`, 'value', Buffer.from(value), []);
      checkDecoding(decoding, value);
      if (decoding?.ok) decoded += 1;
    });
    figure('fuzz.kafka.avro.decoded', decoded);
  });

  it('arbitrary bytes through the Protobuf decoder: no crash, a failure says why and keeps hex', async () => {
    const schemas: TopicSchema[] = ['OrderPlaced', 'OrderCancelled', 'OrderPlaced.Line'].map((messageType, i) => ({ topic: `proto-${i}`, part: 'value', format: 'protobuf', text: protoText, messageType }));
    const decoders = new TopicDecoders({ schemas });
    for (const schema of schemas) await decoders.prepare(schema.topic, []);
    let decoded = 0;
    fuzz('kafka.protobuf', fc.tuple(fc.integer({ min: 0, max: schemas.length - 1 }), bytes), ([i, value]) => {
      const decoding = decoders.decode(`proto-${i}`, 'value', Buffer.from(value), []);
      checkDecoding(decoding, value);
      if (decoding?.ok) decoded += 1;
    });
    figure('fuzz.kafka.protobuf.decoded', decoded);
  });

  it('arbitrary bytes and headers through the wire-format reader and the registry path: no crash, every failure says why', async () => {
    const registry = await registryServing({
      1: { schema: avroText },
      2: { schemaType: 'PROTOBUF', schema: protoText },
      3: { schemaType: 'JSON', schema: '{}' },
      4: { schemaType: 'PROTOBUF', schema: 'message {' },
      5: { schema: '{"type":"nonsense"}' },
    });
    try {
      const decoders = new TopicDecoders({ registry: { url: registry.url } });
      // Every id the fuzzer frames (0 to 8) is asked once, before the synchronous cases run.
      const known = Array.from({ length: 9 }, (_, id) => ({ key: null, value: Buffer.from([0, 0, 0, 0, id]), headers: [] }));
      const problems = await decoders.prepare('t', known);
      assert.equal(problems.length, 4, problems.join('\n'));
      const header = fc.oneof(
        fc.uint8Array({ maxLength: 30 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }).map((guid) => Uint8Array.from([1, ...guid])),
        fc.integer({ min: 0, max: 8 }).map((id) => Uint8Array.from([0, 0, 0, 0, id])),
      );
      fuzz('kafka.wireFormat', fc.tuple(bytes, fc.option(header, { nil: undefined })), ([value, headerBytes]) => {
        const headers: EventHeader[] = headerBytes === undefined ? [] : [{ key: '__value_schema_id', value: Buffer.from(headerBytes).toString('base64'), encoding: 'base64' }];
        const frame = readWireFrame(value);
        if (frame) {
          assert.equal(frame.offset, 5);
          const indexes = readMessageIndexes(value, 5);
          if (!('error' in indexes)) assert.ok(indexes.next <= value.length && indexes.indexes.every((n) => Number.isInteger(n) && n >= 0));
        }
        const fromHeader = readSchemaIdHeader(headers, 'value');
        if (headerBytes !== undefined) assert.ok(fromHeader);
        const decoding = decoders.decode('t', 'value', Buffer.from(value), headers);
        if (decoding === undefined) {
          assert.ok(!frame && !fromHeader, 'only an unframed value without a header is left to the plain reading');
          return;
        }
        checkDecoding(decoding, value);
      });
    } finally {
      await registry.close();
    }
  });

  describe('against the real registry and broker', () => {
    const fixture = new KafkaFixture();

    before(async function () {
      const missing = !(await portOpen(ports.kafka.port))
        ? `Kafka is not listening on ${ports.kafka.port} (npm run services:up)`
        : !(await portOpen(ports.schemaRegistry.port))
          ? `the schema registry is not listening on ${ports.schemaRegistry.port} (bash test/services/services.sh up schema-registry)`
          : undefined;
      skipOrFailWithoutRig(this, 'Kafka registry faults', missing);
      await fixture.start();
    });

    after(() => fixture.dispose());

    it('a schema id the registry does not know: one request, the values say why and keep their hex', async () => {
      const topic = await fixture.topic('efx-unknown-schema');
      const producer = fixture.kafka.producer();
      await producer.connect();
      const value = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), avsc.Type.forSchema('string').toBuffer('x')]);
      await producer.send({ topic, messages: Array.from({ length: 50 }, () => ({ value })) });
      await producer.disconnect();
      let requests = 0;
      const counting = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => {
        requests += 1;
        return fetch(url, init);
      };
      const registry = new SchemaRegistry({ url: ports.schemaRegistry.url }, counting);
      const unknown = await registry.resolve({ id: 0x7ffffff0 });
      assert.ok(!unknown.ok);
      assert.match(unknown.error, /does not know schema id 2147483632/);

      const broker = fixture.broker({ decoding: { registry: { url: ports.schemaRegistry.url } } });
      const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 100 });
      assert.equal(page.events.length, 50);
      for (const event of page.events) {
        assert.ok(isKafkaSource(event.source));
        assert.match(event.source.valueDecoding?.error ?? '', /does not know schema id 2147483632/);
        assert.equal(event.payload?.base64, value.toString('base64'));
      }
      assert.ok(page.problems.some((p) => /Some values are shown as hex: .*does not know schema id 2147483632/.test(p.message)), JSON.stringify(page.problems));
      // The unknown id is remembered: fifty records, read twice, cost no further request.
      const decoders = new TopicDecoders({}, registry);
      const records = page.events.map(() => ({ key: null, value, headers: [] }));
      await decoders.prepare(topic, records);
      await decoders.prepare(topic, records);
      assert.equal(requests, 1);
    });

    it('the registry unreachable (a closed port): the browse finishes, says why, and shows the values as hex', async () => {
      const topic = await fixture.topic('efx-no-registry');
      const producer = fixture.kafka.producer();
      await producer.connect();
      const value = Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), avsc.Type.forSchema('string').toBuffer('x')]);
      await producer.send({ topic, messages: Array.from({ length: 20 }, () => ({ value })) });
      await producer.disconnect();
      const port = await freePort();
      const broker = fixture.broker({ decoding: { registry: { url: `http://${ports.host}:${port}`, timeoutMs: 2000 } } });
      const started = Date.now();
      const page = await broker.browse({ source: topic, start: { from: 'beginning' }, limit: 100 });
      figure('kafka.registryUnreachable.browseMs', Date.now() - started);
      assert.equal(page.events.length, 20);
      for (const event of page.events) {
        assert.ok(isKafkaSource(event.source));
        assert.match(event.source.valueDecoding?.error ?? '', /could not be reached for schema id 1: ECONNREFUSED/);
        assert.equal(event.payload?.kind, 'binary');
      }
      assert.ok(page.problems.some((p) => /could not be reached/.test(p.message)), JSON.stringify(page.problems));
    });
  });
});
