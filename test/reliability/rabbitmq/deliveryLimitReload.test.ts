/**
 * A quorum queue peeked to its delivery limit, then the connection closed and a new broker object built
 * over a new store reading the same saved state (what Disconnect, a reconnect and a window reload do):
 * every later peek is refused, and no message is dead-lettered by one.
 */
import * as assert from 'node:assert/strict';
import { DeliveryLimitStore } from '../../../src/connections/rabbitmq/deliveryLimitStore';
import { RabbitError } from '../../../src/connectors/rabbitmq/errors';
import { RabbitBroker } from '../../../src/connectors/rabbitmq/rabbitBroker';
import { RabbitFixture, rigOptions, uniqueName } from '../../integration/support/rabbitFixture';
import { figure } from '../support/figures';
import { requireRabbitRig } from './rig';

/** VS Code's global state as far as the store uses it: JSON kept across "reloads". */
class SavedState {
  private readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

describe('RabbitMQ delivery-limit records across reconnects and reloads', function () {
  this.timeout(120_000);
  const rig = new RabbitFixture();

  before(async function () {
    await requireRabbitRig(this, 'rabbitmq.peeksAfterReconnectAtLimit');
    await rig.start();
  });
  after(() => rig.dispose());

  it('peeked to the limit, then three reconnects with a fresh broker and store: 0 dead-lettered', async () => {
    const dlq = await rig.queue(uniqueName('rel-reload-dlq'));
    const queue = await rig.queue(uniqueName('rel-reload'), { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
    await rig.fill(queue, Array.from({ length: 100 }, (_, i) => `{"seq":${i}}`), (i) => ({ messageId: `m-${i}` }));
    const state = new SavedState();
    const connect = (): RabbitBroker => new RabbitBroker(rigOptions(), new DeliveryLimitStore(state, (message) => assert.fail(message)).forConnection('rabbitmq:rig'));
    let broker = connect();
    for (let i = 0; i < 2; i++) await broker.peek(queue, { limit: 100 });
    let refused = 0;
    for (let reconnect = 0; reconnect < 3; reconnect++) {
      await broker.close();
      broker = connect();
      try {
        await broker.peek(queue, { limit: 100 });
      } catch (error) {
        assert.ok(error instanceof RabbitError && /at the queue's delivery limit of 2/.test(error.message), String(error));
        refused += 1;
      }
    }
    await broker.close();
    const deadLettered = await rig.ready(dlq);
    figure('rabbitmq.peeksAfterReconnectAtLimit', `${refused} refused, ${deadLettered} dead-lettered`);
    assert.equal(refused, 3);
    assert.equal(deadLettered, 0);
    assert.equal(await rig.ready(queue), 100);
  });
});
