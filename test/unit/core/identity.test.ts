import * as assert from 'node:assert/strict';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { decodeEventLine } from '../../../src/connectors/local/eventLine';
import { documentToEvent } from '../../../src/connectors/mongo/documentMapper';
import { DEFAULT_FIELD_MAPPING } from '../../../src/connectors/mongo/fieldMapping';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import { identityRulesFor } from '../../../src/connections/identitySetting';
import type { EventHeader } from '../../../src/core/envelope';
import { readIdentity, withOverrides, type Identity, type IdentitySources } from '../../../src/core/identity';
import { parseB3, parseTraceparent } from '../../../src/core/traceContext';
import { readSettings } from '../../../src/settings';

const h = (key: string, value: string, encoding?: 'base64'): EventHeader => (encoding ? { key, value, encoding } : { key, value });
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

/** Each row: where a real system puts the id, and what the reader must find there. */
const SPELLINGS: { name: string; sources: IdentitySources; expect: Identity }[] = [
  { name: 'header correlation-id (sample flow)', sources: { headers: [h('correlation-id', 'c1')] }, expect: { correlationId: 'c1' } },
  { name: 'header correlation_id (the chapter)', sources: { headers: [h('correlation_id', 'c2')] }, expect: { correlationId: 'c2' } },
  { name: 'header correlationId', sources: { headers: [h('correlationId', 'c3')] }, expect: { correlationId: 'c3' } },
  { name: 'header X-Correlation-ID', sources: { headers: [h('X-Correlation-ID', 'c4')] }, expect: { correlationId: 'c4' } },
  { name: 'header x-correlation-id in lower case', sources: { headers: [h('x-correlation-id', 'c5')] }, expect: { correlationId: 'c5' } },
  {
    name: 'Spring kafka_correlationId as 16 bytes',
    sources: { headers: [h('kafka_correlationId', Buffer.from('0123456789abcdef0123456789abcdef', 'hex').toString('base64'), 'base64')] },
    expect: { correlationId: '01234567-89ab-cdef-0123-456789abcdef' },
  },
  { name: 'MassTransit CorrelationId / MessageId', sources: { headers: [h('MessageId', 'm7'), h('CorrelationId', 'c7')] }, expect: { eventId: 'm7', correlationId: 'c7' } },
  {
    name: 'NServiceBus headers',
    sources: { headers: [h('NServiceBus.MessageId', 'm8'), h('NServiceBus.CorrelationId', 'c8'), h('NServiceBus.RelatedTo', 'p8'), h('NServiceBus.EnclosedMessageTypes', 'Shop.OrderPlaced, Shop, Version=1.0.0.0;Shop.IEvent, Shop')] },
    expect: { eventId: 'm8', correlationId: 'c8', causationId: 'p8', type: 'Shop.OrderPlaced' },
  },
  { name: 'CloudEvents binary mode ce_id / ce_type', sources: { headers: [h('ce_id', 'e9'), h('ce_type', 'com.shop.order.created')] }, expect: { eventId: 'e9', type: 'com.shop.order.created' } },
  { name: 'AMQP properties', sources: { properties: { messageId: 'm10', correlationId: 'c10', type: 'OrderPaid' } }, expect: { eventId: 'm10', correlationId: 'c10', type: 'OrderPaid' } },
  { name: 'AMQP property wins over a header', sources: { properties: { correlationId: 'prop' }, headers: [h('correlation-id', 'head')] }, expect: { correlationId: 'prop' } },
  { name: 'header causation-id / causation_id / causationId', sources: { headers: [h('causation_id', 'p11')] }, expect: { causationId: 'p11' } },
  { name: 'W3C traceparent', sources: { headers: [h('traceparent', `00-${TRACE}-${SPAN}-01`)] }, expect: { traceId: TRACE, parentSpanId: SPAN } },
  { name: 'MassTransit MT-Activity-Id', sources: { headers: [h('MT-Activity-Id', `00-${TRACE}-${SPAN}-00`)] }, expect: { traceId: TRACE, parentSpanId: SPAN } },
  { name: 'B3 single header', sources: { headers: [h('b3', `${TRACE}-${SPAN}-1`)] }, expect: { traceId: TRACE, parentSpanId: SPAN } },
  { name: 'B3 multi headers', sources: { headers: [h('X-B3-TraceId', TRACE), h('X-B3-SpanId', SPAN)] }, expect: { traceId: TRACE, parentSpanId: SPAN } },
  { name: 'body correlation_id / causation_id', sources: { body: { correlation_id: 'c12', causation_id: 'p12' } }, expect: { correlationId: 'c12', causationId: 'p12' } },
  { name: 'body correlationId / causationId', sources: { body: { correlationId: 'c13', causationId: 'p13' } }, expect: { correlationId: 'c13', causationId: 'p13' } },
  { name: 'body metadata.correlation_id', sources: { body: { metadata: { correlation_id: 'c14', causation_id: 'p14' } } }, expect: { correlationId: 'c14', causationId: 'p14' } },
  { name: 'MassTransit envelope body', sources: { body: { messageId: 'm15', correlationId: 'c15', message: {} } }, expect: { eventId: 'm15', correlationId: 'c15' } },
  { name: 'KurrentDB $correlationId / $causationId metadata', sources: { metadata: { $correlationId: 'c16', $causationId: 'p16' } }, expect: { correlationId: 'c16', causationId: 'p16' } },
  { name: 'stored metadata correlation_id (Local store)', sources: { metadata: { correlation_id: 'c17', trace_id: TRACE } }, expect: { correlationId: 'c17', traceId: TRACE } },
  { name: 'body event envelope event_id / event_type', sources: { body: { event_id: 'e18', event_type: 'OrderCreated', data: {} } }, expect: { eventId: 'e18', type: 'OrderCreated' } },
];

const NONE: { name: string; sources: IdentitySources }[] = [
  { name: 'nothing at all', sources: {} },
  { name: 'unrelated headers', sources: { headers: [h('content-type', 'application/json'), h('aggregate-id', 'Order-1')] } },
  { name: 'a body of plain data', sources: { body: { orderId: 'o1', total: 3, items: [{ correlation_id: 'nested-too-deep' }] } } },
  { name: 'an array body', sources: { body: ['correlation_id'] } },
  { name: 'empty values', sources: { headers: [h('correlation-id', '')], body: { correlationId: '' } } },
  { name: 'malformed trace headers', sources: { headers: [h('traceparent', 'not-a-trace'), h('traceparent', `00-${'0'.repeat(32)}-${SPAN}-01`), h('b3', '1'), h('X-B3-TraceId', 'xyz')] } },
  { name: 'objects where ids should be', sources: { body: { correlation_id: { id: 1 }, causationId: [1] } } },
];

describe('identity: one reader for ids, types, correlation, causation and trace', () => {
  for (const row of SPELLINGS) {
    it(`finds ${row.name}`, () => assert.deepEqual(readIdentity(row.sources), row.expect));
  }
  for (const row of NONE) {
    it(`finds nothing in ${row.name}`, () => assert.deepEqual(readIdentity(row.sources), {}));
  }

  it('parses traceparent and b3 strictly', () => {
    assert.deepEqual(parseTraceparent(`00-${TRACE.toUpperCase()}-${SPAN}-01`), { traceId: TRACE, spanId: SPAN });
    assert.equal(parseTraceparent(`ff-${TRACE}-${SPAN}-01`), undefined, 'version ff is invalid');
    assert.equal(parseTraceparent(`00-${TRACE}-${'0'.repeat(16)}-01`), undefined);
    assert.deepEqual(parseB3(`${TRACE.slice(16)}-${SPAN}`), { traceId: TRACE.slice(16), spanId: SPAN }, '64-bit trace ids are B3 too');
    assert.equal(parseB3('0'), undefined);
  });

  it('follows a connection override field by field, keeping the defaults for the others', () => {
    const rules = withOverrides({ correlationId: ['header:X-Request-Id'] });
    const sources: IdentitySources = { headers: [h('X-Request-Id', 'req-1'), h('correlation-id', 'ignored'), h('causation-id', 'p1')] };
    assert.deepEqual(readIdentity(sources, rules), { correlationId: 'req-1', causationId: 'p1' });
  });

  it('resolves eventFlows.identity from *, kind, name and id, the most precise winning', () => {
    const setting = { '*': { traceId: ['body:tid'] }, kafka: { correlationId: ['header:a'] }, Prod: { correlationId: ['header:b'] }, 'kafka:p1': { causationId: ['header:c'] } };
    const rules = identityRulesFor(setting, { id: 'kafka:p1', kind: 'kafka', label: 'Prod' });
    assert.deepEqual(rules?.correlationId, ['header:b']);
    assert.deepEqual(rules?.causationId, ['header:c']);
    assert.deepEqual(rules?.traceId, ['body:tid']);
    assert.equal(identityRulesFor({ rabbitmq: {} }, { id: 'kafka:p1', kind: 'kafka', label: 'Prod' }), undefined);
  });

  it('refuses a malformed place in settings with the reason, and keeps the default', () => {
    const { settings, problems } = readSettings((key) => (key === 'identity' ? { kafka: { correlationId: ['X-Request-Id'] } } : undefined));
    assert.deepEqual(settings.identity, {});
    assert.equal(problems.length, 1);
    assert.match(problems[0], /eventFlows\.identity.*not a place/);
    assert.deepEqual(readSettings((key) => (key === 'identity' ? { kafka: { correlationId: ['header:X-Request-Id'] } } : undefined)).settings.identity, { kafka: { correlationId: ['header:X-Request-Id'] } });
  });
});

describe('identity: every connector reads through it', () => {
  it('Kafka: a correlation_id header (the chapter spelling), traceparent and the body type', () => {
    const event = recordToEvent('orders', 0, {
      offset: '5',
      timestamp: '1764763200000',
      key: Buffer.from('Order-1'),
      value: Buffer.from(JSON.stringify({ type: 'OrderCreated' })),
      headers: { correlation_id: Buffer.from('corr-9'), causation_id: 'cause-9', traceparent: `00-${TRACE}-${SPAN}-01` },
    });
    assert.equal(event.metadata.correlationId, 'corr-9');
    assert.equal(event.metadata.causationId, 'cause-9');
    assert.equal(event.metadata.traceId, TRACE);
    assert.equal(event.metadata.parentSpanId, SPAN);
    assert.equal(event.type, 'OrderCreated');
    assert.equal(event.id, 'orders/0/5', 'no id anywhere: its place');
  });

  it('RabbitMQ: properties, then headers, then the body; the routing key when nothing names a type', () => {
    const { message } = toPeekedMessage(
      { content: Buffer.from(JSON.stringify({ metadata: { causation_id: 'p2' } })), fields: { exchange: 'orders', routingKey: 'order.created' }, properties: { correlationId: 'c2', headers: { b3: `${TRACE}-${SPAN}-1` } } },
      { vhost: '/', queue: 'q', position: 3 },
    );
    assert.deepEqual([message.event.id, message.event.type, message.event.metadata.correlationId, message.event.metadata.causationId, message.event.metadata.traceId], ['q#3', 'order.created', 'c2', 'p2', TRACE]);
  });

  it('Local store: metadata in any known spelling, the trace id kept on a round trip', () => {
    const line = JSON.stringify({ aggregate_id: 'Order-1', event_id: 'e1', event_type: 'OrderCreated', version: 1, timestamp: '2026-01-01T00:00:00Z', data: {}, metadata: { correlationId: 'c3', traceparent: `00-${TRACE}-${SPAN}-01` } });
    const decoded = decodeEventLine(line);
    assert.ok(decoded.ok);
    assert.deepEqual([decoded.value.metadata.correlationId, decoded.value.metadata.traceId, decoded.value.metadata.parentSpanId], ['c3', TRACE, SPAN]);
  });

  it('MongoDB: $correlationId metadata (KurrentDB layout) and an override', () => {
    const doc = { _id: 'x', aggregate_id: 'Order-1', event_type: 'OrderCreated', version: 1, timestamp: '2026-01-01T00:00:00Z', data: {}, metadata: { $correlationId: 'c4', requestId: 'r4' } };
    const mapping = { ...DEFAULT_FIELD_MAPPING, metadata: 'metadata' };
    const source = { database: 'd', collection: 'events' };
    const plain = documentToEvent(doc, mapping, source);
    assert.ok(plain.ok);
    assert.equal(plain.event.metadata.correlationId, 'c4');
    const overridden = documentToEvent(doc, mapping, source, withOverrides({ correlationId: ['metadata:requestId'] }));
    assert.ok(overridden.ok);
    assert.equal(overridden.event.metadata.correlationId, 'r4');
  });
});
