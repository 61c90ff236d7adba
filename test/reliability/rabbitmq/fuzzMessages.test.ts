/**
 * Arbitrary bodies, content types and header tables through the RabbitMQ message decoder and the x-death
 * reader, at least 10,000 cases each. Header tables also go through amqplib's own encoder and decoder, so the
 * decoder sees exactly what arrives off the wire. Every promise is checked on every case: never throws, the
 * event is plain JSON, bytes that are not JSON are kept as base64, the deaths are well-typed.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { readDeaths } from '../../../src/connectors/rabbitmq/deadLetters';
import { headersToList } from '../../../src/connectors/rabbitmq/headerValues';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import { parsePublishDocument } from '../../../src/connectors/rabbitmq/publishDocument';
import { readRecording } from '../../../src/connectors/rabbitmq/recording';
import { fuzz } from '../support/fuzz';

// amqplib's field-table codec, the code every message header passes through on its way in.
// The package exports no subpaths, so the file is required by its place beside the package's main file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codec = require(path.join(path.dirname(require.resolve('amqplib')), 'lib', 'codec.js')) as { encodeTable(buffer: Buffer, table: unknown, offset: number): number; decodeFields(slice: Buffer): Record<string, unknown> };

const headerValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: 0, max: 2 ** 40 }).map((value) => ({ '!': 'timestamp', value })),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const headerTable = fc.dictionary(fc.string({ maxLength: 20 }), headerValue, { maxKeys: 8 });

const deathEntry = fc.record(
  { count: fc.oneof(fc.integer(), fc.string()), reason: fc.oneof(fc.constantFrom('rejected', 'expired', 'maxlen', 'delivery_limit'), fc.string()), queue: headerValue, exchange: headerValue, 'routing-keys': fc.oneof(fc.array(fc.string()), headerValue), time: headerValue, 'original-expiration': headerValue },
  { requiredKeys: [] },
);

/** Off the wire: amqplib encodes the table and decodes it again (values it cannot encode are dropped first). */
function wire(table: Record<string, unknown>): Record<string, unknown> {
  const buffer = Buffer.alloc(256 * 1024);
  try {
    const length = codec.encodeTable(buffer, table, 0);
    return codec.decodeFields(buffer.subarray(4, length));
  } catch {
    return {};
  }
}

const message = fc.record({
  body: fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.jsonValue({ maxDepth: 3 }).map((v) => new TextEncoder().encode(JSON.stringify(v))), fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s))),
  contentType: fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'application/x-protobuf'), fc.string({ maxLength: 30 }), fc.constant(undefined)),
  headers: fc.oneof(headerTable, headerTable.map(wire), fc.array(deathEntry, { maxLength: 3 }).map((deaths) => wire({ 'x-death': deaths }))),
  properties: fc.dictionary(fc.constantFrom('messageId', 'type', 'correlationId', 'timestamp', 'priority', 'deliveryMode', 'expiration'), headerValue, { maxKeys: 5 }),
  position: fc.nat(),
});

describe('RabbitMQ decoders on arbitrary input', function () {
  this.timeout(300_000);

  it('messages: any body, content type, properties and header table become an event; bytes are never lost', () => {
    fuzz('rabbitmq.messageDecode', message, (input) => {
      const { message: peeked, problems } = toPeekedMessage(
        { content: input.body, fields: { exchange: 'x', routingKey: 'k', redelivered: false }, properties: { ...input.properties, contentType: input.contentType, headers: input.headers } },
        { vhost: '/', queue: 'q', position: input.position },
        { maxPreviewBytes: 256 },
      );
      assert.doesNotThrow(() => JSON.stringify(peeked.event));
      assert.equal(typeof peeked.event.id, 'string');
      assert.equal(typeof peeked.event.type, 'string');
      for (const header of peeked.headers) assert.equal(typeof header.value, 'string');
      if (peeked.event.payload) {
        assert.ok(peeked.event.payload.preview.length <= 256 * 3);
        if (peeked.event.payload.base64 !== undefined) assert.equal(Buffer.from(peeked.event.payload.base64, 'base64').compare(Buffer.from(input.body)), 0);
        // A body that is not JSON is named as such, with its place; JSON (even cut for display) is no problem.
        if (peeked.event.payload.kind === 'json') assert.deepEqual(problems, []);
        else assert.ok(problems.some((p) => p.message.includes(`position ${input.position} of q is ${peeked.event.payload?.kind ?? ''}`)), JSON.stringify(problems));
      } else {
        assert.deepEqual(problems, [], 'a JSON body shown whole is no problem');
      }
    });
  });

  it('x-death: any header table, hand-made or off the wire, reads as well-typed deaths or none', () => {
    fuzz('rabbitmq.xDeath', fc.oneof(headerTable, fc.array(deathEntry, { maxLength: 4 }).map((deaths) => ({ 'x-death': deaths })), fc.array(deathEntry, { maxLength: 4 }).map((deaths) => wire({ 'x-death': deaths }))), (table) => {
      const deaths = readDeaths(table);
      for (const death of deaths) {
        assert.equal(typeof death.reason, 'string');
        assert.equal(typeof death.queue, 'string');
        assert.ok(Array.isArray(death.routingKeys) && death.routingKeys.every((key) => typeof key === 'string'));
        assert.ok(Number.isFinite(death.count));
      }
      assert.doesNotThrow(() => JSON.stringify(headersToList(table)));
    });
  });

  it('publish documents and recordings: any text gives messages or problems with a place, never a throw', () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v, null, 1)), fc.record({ exchange: fc.string(), routingKey: fc.string(), properties: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })), body: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)));
    fuzz('rabbitmq.documents', text, (input) => {
      const result = parsePublishDocument(input);
      if (!result.ok) for (const problem of result.problems) assert.ok(problem.line >= 1 && problem.column >= 1 && problem.message.length > 0);
      const recording = readRecording(input);
      for (const problem of recording.problems) assert.ok(problem.line >= 1);
    });
  });
});
