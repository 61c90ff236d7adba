import { strict as assert } from 'node:assert';
import { parseProduceDocument } from '../../../src/connectors/kafka/produceDocument';

describe('parseProduceDocument', () => {
  it('reads one message with topic, key, partition, repeated headers and a JSON value', () => {
    const doc = parseProduceDocument(
      ['topic: orders', 'key: Order-1001', 'partition: 2', 'header: event-type: OrderCreated', 'header: trace=a', 'header: trace=b', '', '{ "orderId": "Order-1001" }'].join('\n'),
    );
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.messages.length, 1);
    const [m] = doc.messages;
    assert.equal(m.topic, 'orders');
    assert.equal(m.key, 'Order-1001');
    assert.equal(m.partition, 2);
    assert.deepEqual(m.headers, [
      { key: 'event-type', value: 'OrderCreated' },
      { key: 'trace', value: 'a' },
      { key: 'trace', value: 'b' },
    ]);
    assert.equal(m.format, 'json');
    assert.equal(m.value, '{ "orderId": "Order-1001" }');
    assert.equal(m.startLine, 1);
    assert.equal(m.endLine, 8);
  });

  it('splits blocks at ### lines and keeps text values as they are', () => {
    const doc = parseProduceDocument(['### first', 'topic: a', '', 'hello', 'world', '', '### second', 'topic: b', '// a comment', '[1, 2]', ''].join('\n'));
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(
      doc.messages.map((m) => [m.topic, m.format, m.value, m.startLine, m.endLine]),
      [
        ['a', 'text', 'hello\nworld', 1, 5],
        ['b', 'json', '[1, 2]', 7, 10],
      ],
    );
  });

  it('reports invalid JSON at its line and column in the document', () => {
    const doc = parseProduceDocument(['topic: orders', '', '{', '  "a": 1,', '  "b": }', ''].join('\n'));
    assert.equal(doc.problems.length, 1);
    const [p] = doc.problems;
    assert.equal(p.line, 5);
    assert.equal(p.column, 8);
    assert.match(p.message, /^Invalid JSON/);
  });

  it('reports a missing topic, a bad partition, a bad format and a bad topic name', () => {
    const doc = parseProduceDocument(['key: k', '', 'x', '###', 'topic: bad name', 'partition: -1', 'format: xml', '', 'y'].join('\n'));
    const messages = doc.problems.map((p) => `${p.line}:${p.message}`);
    assert.equal(doc.problems.length, 4, messages.join('\n'));
    assert.ok(messages.some((m) => /^2:.*no "topic/.test(m) || /^1:.*no "topic/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('5:') && m.includes('not a topic name')));
    assert.ok(messages.some((m) => m.startsWith('6:') && m.includes('partition')));
    assert.ok(messages.some((m) => m.startsWith('7:') && m.includes('format')));
  });

  it('says a JSON value is missing when format is json and nothing follows', () => {
    const doc = parseProduceDocument('topic: t\nformat: json\n');
    assert.equal(doc.messages.length, 1);
    assert.equal(doc.problems.length, 1);
    assert.match(doc.problems[0].message, /JSON value is expected/);
  });

  it('ignores an empty document and empty blocks', () => {
    assert.deepEqual(parseProduceDocument(''), { messages: [], problems: [] });
    assert.deepEqual(parseProduceDocument('###\n\n###\n'), { messages: [], problems: [] });
  });
});
