// What peeks left at a quorum queue's delivery limit is kept in the editor's state: a new store over the
// same state (a window reload, a new connector after Disconnect) still refuses the peek.
import * as assert from 'node:assert/strict';
import { DELIVERY_LIMITS_STATE_KEY, DeliveryLimitStore } from '../../../src/connections/rabbitmq/deliveryLimitStore';
import { guardKey } from '../../../src/connectors/rabbitmq/deliveryLimitGuard';
import { checkDeliveryLimit } from '../../../src/connectors/rabbitmq/peek';

/** An in-memory `Memento` that keeps only JSON, as VS Code's does. */
class JsonMemento {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

describe('RabbitMQ delivery-limit records kept in the editor state', () => {
  const target = { vhost: '/', queue: 'orders.limited', deliveryLimit: 2 };

  it('survives a new store over the same state (reload, reconnect): the next peek is refused', () => {
    const state = new JsonMemento();
    const first = new DeliveryLimitStore(state, (message) => assert.fail(message));
    first.forConnection('broker-1').set(guardKey('/', 'orders.limited'), { limit: 2, messages: ['m-0', '#1'] });
    assert.ok(state.values.has(DELIVERY_LIMITS_STATE_KEY), 'nothing was written to the state');

    const reloaded = new DeliveryLimitStore(state, (message) => assert.fail(message));
    assert.deepEqual(reloaded.get('broker-1', '/', 'orders.limited'), { limit: 2, messages: ['m-0', '#1'] });
    assert.throws(() => checkDeliveryLimit(target, reloaded.forConnection('broker-1')), /Not peeking orders\.limited: 2 message\(s\) \(m-0, #1\) are at the queue's delivery limit of 2.*Forget Delivery-Limit Record/);
    // Another broker, or another vhost, with a queue of the same name is not affected.
    assert.doesNotThrow(() => checkDeliveryLimit(target, reloaded.forConnection('broker-2')));
    assert.doesNotThrow(() => checkDeliveryLimit({ ...target, vhost: 'other' }, reloaded.forConnection('broker-1')));
    assert.deepEqual(reloaded.list().map((e) => [e.connectionId, e.vhost, e.queue]), [['broker-1', '/', 'orders.limited']]);
  });

  it('a peek that leaves none at the limit clears the record; forget clears it and says whether there was one; changes are announced', () => {
    const state = new JsonMemento();
    const store = new DeliveryLimitStore(state, (message) => assert.fail(message));
    const changed: string[] = [];
    store.onDidChange((id) => changed.push(id));
    const memory = store.forConnection('b');
    memory.set(guardKey('v', 'q'), { limit: 3, messages: ['x'] });
    memory.set(guardKey('v', 'q'), { limit: 3, messages: ['x'] });
    memory.set(guardKey('v', 'q2'), { limit: 3, messages: ['y'] });
    memory.set(guardKey('v', 'q'), undefined);
    assert.equal(store.get('b', 'v', 'q'), undefined);
    assert.equal(store.forget('b', 'v', 'q2'), true);
    assert.equal(store.forget('b', 'v', 'q2'), false);
    assert.deepEqual(new DeliveryLimitStore(state, () => undefined).list(), []);
    assert.deepEqual(changed, ['b', 'b', 'b', 'b'], 'an unchanged record is not written or announced again');
  });

  it('ignores damaged state instead of failing to load', () => {
    const state = new JsonMemento();
    void state.update(DELIVERY_LIMITS_STATE_KEY, { [JSON.stringify(['b', 'v', 'q'])]: { limit: 'two', messages: [] }, [JSON.stringify(['b', 'v', 'ok'])]: { limit: 2, messages: ['m'] } });
    const store = new DeliveryLimitStore(state, () => undefined);
    assert.deepEqual(store.list().map((e) => e.queue), ['ok']);
  });
});
