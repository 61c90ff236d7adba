import * as assert from 'node:assert/strict';
import { toPeekedMessage } from '../../../src/connectors/rabbitmq/messages';
import { readRecording as readRabbitRecording, recordMessages } from '../../../src/connectors/rabbitmq/recording';
import { gitignoreWith, recordingFileName } from '../../../src/connectors/recordings/ignoredFolder';
import { bytesOf, readRecording, recordedBytes, recordingHeader, writeRecording, type Recording } from '../../../src/connectors/recordings/recordingFormat';
import { messagesToPublish } from '../../../src/connectors/recordings/recordingPublish';

const at = new Date('2026-12-06T10:00:00.000Z');

function sample(): Recording {
  return {
    header: recordingHeader({ kind: 'log', connection: 'c1', channel: 'orders' }, at),
    messages: [
      { key: { text: 'k1' }, headers: [{ key: 'a', value: { text: '1' } }, { key: 'b', value: { base64: 'AP8=' } }, { key: 'a', value: { text: '2' } }], value: { text: '{ "x" : 1 }' }, timestamp: at.toISOString(), from: { topic: 'orders', partition: 0, offset: '7' } },
      { key: null, headers: [], value: null },
      { key: { base64: '/wD+' }, headers: [], value: { base64: 'AMMo/w==' } },
      { key: { text: '' }, headers: [], value: { text: 'line\u2028break' } },
    ],
  };
}

describe('recordings: one format for both brokers', () => {
  it('writes a first line and one message a line, and reads back exactly what it wrote', () => {
    const text = writeRecording(sample());
    const lines = text.split('\n');
    assert.equal(lines.length, 6, 'header, four messages, final line break');
    assert.deepEqual(JSON.parse(lines[0]), { eventFlowsRecording: 1, source: { kind: 'log', connection: 'c1', channel: 'orders' }, recordedAt: '2026-12-06T10:00:00.000Z' });
    assert.ok(!lines[4].includes('\u2028'), 'U+2028 is escaped so no editor splits the line');
    const back = readRecording(text);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.recording, sample());
  });

  it('keeps any bytes: text when UTF-8, base64 otherwise, a byte-order mark included', () => {
    for (const bytes of [Buffer.from([]), Buffer.from('héllo'), Buffer.from([0xef, 0xbb, 0xbf, 0x41]), Buffer.from([0xc3, 0x28]), Buffer.from([0xff, 0x00])]) {
      const recorded = recordedBytes(bytes);
      assert.equal(Buffer.from(bytesOf(recorded)).toString('hex'), bytes.toString('hex'));
    }
    assert.deepEqual(recordedBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), { text: '\ufeffA' });
    assert.deepEqual(recordedBytes(Buffer.from([0xc3, 0x28])), { base64: 'wyg=' });
  });

  it('names each bad line and keeps the good ones; refuses a file that is not a recording', () => {
    const header = JSON.stringify(recordingHeader({ kind: 'log' }, at));
    const good = JSON.stringify({ key: null, headers: [], value: { text: 'ok' } });
    const text = [header, good, 'not json', '{"key":{"text":"k","base64":"AA=="},"headers":[],"value":null}', '{"key":null,"headers":[{"key":"h"}],"value":null}', '{"key":null,"value":{"base64":"@@"}}', '{"key":null,"value":null,"timestamp":"yesterday"}'].join('\n');
    const back = readRecording(text);
    assert.equal(back.recording?.messages.length, 1);
    assert.deepEqual(back.problems.map((p) => p.line), [3, 4, 5, 6, 7]);
    assert.match(back.problems[1].message, /"key" must be/);
    assert.match(back.problems[2].message, /headers\[0\]\.value/);
    assert.deepEqual(readRecording('{"eventFlowsRecording":2,"source":{"kind":"log"}}').problems[0].message, 'this recording is format 2; this version reads format 1');
    assert.match(readRecording('{"hello":1}\n').problems[0].message, /not a recording/);
    assert.equal(readRecording('').problems.length, 1);
  });

  it('reads the RabbitMQ format that came before (no first line) as the one format', () => {
    const old = [
      '{"exchange":"orders","routingKey":"order.created","properties":{"messageId":"m1","priority":2},"headers":[{"key":"tenant","value":"acme"},{"key":"raw","value":"AP8=","encoding":"base64"}],"body":"{\\"a\\":1}","recordedFrom":{"vhost":"/","queue":"q","position":0}}',
      '{"exchange":"","routingKey":"q","properties":{},"headers":[],"bodyBase64":"AP8="}',
      '{"exchange":"x","routingKey":"r","properties":{"priority":"high"},"headers":[],"body":""}',
    ].join('\n');
    const back = readRecording(old);
    assert.equal(back.recording?.header.source.kind, 'rabbitmq');
    assert.deepEqual(back.problems, [{ line: 3, message: '"priority" must be a whole number from 0 to 255' }]);
    assert.deepEqual(back.recording?.messages[0], {
      key: { text: 'order.created' },
      headers: [{ key: 'tenant', value: { text: 'acme' } }, { key: 'raw', value: { base64: 'AP8=' } }],
      value: { text: '{"a":1}' },
      properties: { messageId: 'm1', priority: 2 },
      from: { exchange: 'orders', vhost: '/', queue: 'q', position: 0 },
    });
    // The RabbitMQ commands publish the old file as before: each message to its exchange.
    const forRabbit = readRabbitRecording(old);
    assert.deepEqual(forRabbit.messages.map((m) => m.exchange), ['orders', '']);
    assert.deepEqual(forRabbit.messages[0].message.properties, { messageId: 'm1', priority: 2 });
    assert.deepEqual([...(forRabbit.messages[1].message.body as Uint8Array)], [0, 255]);
  });

  it('peeked messages are recorded in the one format with their exchange, properties and headers', () => {
    const peeked = toPeekedMessage({ content: Buffer.from([0, 255]), fields: { exchange: 'orders', routingKey: 'order.paid', redelivered: true }, properties: { messageId: 'm1', headers: { 'x-delivery-count': 1, tenant: 'acme' } } }, { vhost: '/', queue: 'q', position: 3 }).message;
    const back = readRecording(recordMessages([peeked], '/', { connection: 'rig' }, at));
    assert.deepEqual(back.recording?.header, { eventFlowsRecording: 1, source: { kind: 'rabbitmq', connection: 'rig', channel: 'q' }, recordedAt: at.toISOString() });
    assert.deepEqual(back.recording?.messages, [{ key: { text: 'order.paid' }, headers: [{ key: 'tenant', value: { text: 'acme' } }], value: { base64: 'AP8=' }, properties: { messageId: 'm1' }, from: { vhost: '/', exchange: 'orders', queue: 'q', position: 3 } }]);
  });

  it('maps a recording to another kind: keys and headers carried, properties only to their own kind, and says what is not carried', () => {
    const recording = sample();
    recording.messages[0].properties = { messageId: 'm1' };
    const same = messagesToPublish(recording, 'log');
    assert.deepEqual(same.messages[0].properties, { messageId: 'm1' });
    assert.deepEqual(same.messages[0].headers, [{ key: 'a', value: '1' }, { key: 'b', value: 'AP8=', encoding: 'base64' }, { key: 'a', value: '2' }]);
    assert.equal(same.messages[0].key, 'k1');
    assert.equal(same.messages[1].key, undefined, 'no key stays none');
    assert.equal(same.messages[1].body, null, 'no value stays none');
    assert.deepEqual([...(same.messages[2].key as Uint8Array)], [0xff, 0x00, 0xfe]);
    assert.equal(same.messages[3].key, '');
    const other = messagesToPublish(recording, 'queue');
    assert.equal(other.messages[0].properties, undefined);
    assert.ok(other.notCarried.some((n) => n.includes('messageId') && n.includes('log')), other.notCarried.join('; '));
    assert.ok(other.notCarried.some((n) => n.includes('topic, partition, offset')), other.notCarried.join('; '));
  });

  it('adds the recordings folder to .gitignore once, creating the file if missing', () => {
    assert.equal(gitignoreWith(undefined, '.eventflow/recordings'), '.eventflow/recordings/\n');
    assert.equal(gitignoreWith('node_modules', '.eventflow/recordings'), 'node_modules\n.eventflow/recordings/\n');
    assert.equal(gitignoreWith('out\r\n', '.eventflow/recordings'), 'out\r\n.eventflow/recordings/\r\n');
    const once = gitignoreWith('node_modules\n', '.eventflow/recordings') ?? '';
    assert.equal(gitignoreWith(once, '.eventflow/recordings'), undefined, 'never twice');
    assert.equal(gitignoreWith('/.eventflow/recordings\n', '.eventflow/recordings'), undefined, 'another spelling of the same folder counts');
    assert.notEqual(gitignoreWith('# .eventflow/recordings\n', '.eventflow/recordings'), undefined, 'a comment does not ignore it');
    assert.match(recordingFileName('a/b c', at), /^a_b_c-2026-12-06T10-00-00-000Z\.ndjson$/);
  });
});
