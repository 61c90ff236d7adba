// The peek view's rows from messages written the way the reporter wrote them: Debian's own
// `rabbitmqadmin` through the management API (a text body, a JSON body, properties set by hand), peeked by
// the real broker and turned into what the page shows.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { peekView } from '../../src/panels/rabbitmq/peekViewModel';
import { host, rabbitmq } from '../services/ports';
import { RabbitFixture, uniqueName } from './support/rabbitFixture';

const run = promisify(execFile);

async function rabbitmqadmin(...args: string[]): Promise<void> {
  await run('rabbitmqadmin', ['-H', host, '-P', String(rabbitmq.managementPort), '-u', rabbitmq.username, '-p', rabbitmq.password, ...args], { timeout: 20_000 });
}

describe('RabbitMQ peek view rows from rabbitmqadmin messages', function () {
  this.timeout(60_000);
  const rig = new RabbitFixture();

  before(() => rig.start());
  after(() => rig.dispose());

  it('a text body is text (not a JSON string), a JSON body is JSON; type, priority, size and timestamp per row', async () => {
    const queue = await rig.queue(uniqueName('peekview'), { 'x-max-priority': 10 });
    await rabbitmqadmin('publish', 'exchange=amq.default', `routing_key=${queue}`, 'payload=not json at all', 'properties={"type":"Note","priority":3,"timestamp":1764950400,"message_id":"note-1"}');
    await rabbitmqadmin('publish', 'exchange=amq.default', `routing_key=${queue}`, 'payload={"orderId":"O-1","total":12.5}', 'properties={"content_type":"application/json","headers":{"event-type":"OrderPaid"}}');
    const broker = rig.broker();
    const outcome = await broker.peek(queue, { limit: 10 });
    const view = peekView({ broker: 'Rig', vhost: '/', queue, queueType: 'classic', dlq: false, exchanges: [] }, outcome, new Date('2025-12-05T16:00:10.000Z'));
    const [text, json] = view.messages;
    assert.ok(text && json, `peeked ${view.messages.length}`);
    assert.deepEqual(
      { body: text.body, bodyKind: text.bodyKind, size: text.size, type: text.type, priority: text.priority, timestamp: text.timestamp, messageId: text.messageId, routingKey: text.routingKey },
      { body: 'not json at all', bodyKind: 'text', size: 15, type: 'Note', priority: 3, timestamp: '2025-12-05T16:00:00.000Z', messageId: 'note-1', routingKey: queue },
    );
    assert.deepEqual({ body: json.body, bodyKind: json.bodyKind, size: json.size, type: json.type }, { body: { orderId: 'O-1', total: 12.5 }, bodyKind: 'json', size: Buffer.byteLength('{"orderId":"O-1","total":12.5}'), type: 'OrderPaid' });
    assert.equal(json.priority, undefined);
    assert.equal(await rig.ready(queue), 2, 'the peek lost messages');
  });
});
