import * as assert from 'node:assert/strict';
import { toQueue } from '../../../src/connectors/rabbitmq/managementMapping';

describe('RabbitMQ queue counts from the management API', () => {
  it('says the counts are unknown when the API gave none yet (a new queue, a broker just restarted), not that the queue is empty', () => {
    const fresh = toQueue({ name: 'orders.dlq', vhost: '/', state: 'running' });
    assert.equal(fresh.countsUnknown, true);
    const counted = toQueue({ name: 'orders.dlq', vhost: '/', messages: 0, messages_ready: 0, messages_unacknowledged: 0 });
    assert.equal(counted.countsUnknown, undefined);
    assert.equal(counted.messages, 0);
  });
});
