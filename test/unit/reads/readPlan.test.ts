import * as assert from 'node:assert/strict';
import { InMemoryDeliveryLimits, guardKey } from '../../../src/connectors/rabbitmq/deliveryLimitGuard';
import { MAX_WHOLE_QUEUE_PEEK } from '../../../src/connectors/rabbitmq/peek';
import { planQueueRead } from '../../../src/connectors/rabbitmq/queueReadPlan';
import type { QueueInfo } from '../../../src/connectors/rabbitmq/topologyTypes';
import { changesState, describeOutcome, describePlan } from '../../../src/connectors/reads/readPlan';

function queue(type: string, deliveryLimit?: number, ready = 10): QueueInfo {
  return { vhost: '/', name: `q-${type}`, type, durable: true, ready, unacked: 0, messages: ready, consumers: 0, arguments: deliveryLimit === undefined ? {} : { deliveryLimit }, declaredArguments: {} };
}

describe('read plan: what reading each queue type does, before it is read', () => {
  it('a stream changes nothing', () => {
    const plan = planQueueRead(queue('stream'), new InMemoryDeliveryLimits());
    assert.equal(plan.effect, 'none');
    assert.equal(plan.refused, undefined);
    assert.equal(changesState(plan), false);
  });

  it('a classic queue is marked redelivered', () => {
    const plan = planQueueRead(queue('classic'), new InMemoryDeliveryLimits());
    assert.equal(plan.effect, 'marks-redelivered');
    assert.equal(plan.refused, undefined);
    assert.equal(changesState(plan), true);
    assert.match(describePlan(plan), /q-classic: reading marks the messages it peeks redelivered/);
  });

  it('a quorum queue without a delivery limit is taken whole; past the bound it is left out', () => {
    assert.equal(planQueueRead(queue('quorum'), new InMemoryDeliveryLimits()).effect, 'takes-whole-queue');
    assert.equal(planQueueRead(queue('quorum'), new InMemoryDeliveryLimits()).refused, undefined);
    const big = planQueueRead(queue('quorum', undefined, MAX_WHOLE_QUEUE_PEEK + 1), new InMemoryDeliveryLimits());
    assert.match(big.refused ?? '', /would have to be taken whole/);
  });

  it('a quorum queue with a delivery limit counts a delivery; none at the limit: read', () => {
    const plan = planQueueRead(queue('quorum', 5), new InMemoryDeliveryLimits());
    assert.equal(plan.effect, 'counts-delivery');
    assert.equal(plan.refused, undefined);
  });

  it('a quorum queue with messages at their limit (an earlier peek left them there) is left out', () => {
    const memory = new InMemoryDeliveryLimits();
    memory.set(guardKey('/', 'q-quorum'), { limit: 2, messages: ['m-1', '#3'] });
    const plan = planQueueRead(queue('quorum', 2), memory);
    assert.equal(plan.effect, 'counts-delivery');
    assert.match(plan.refused ?? '', /2 message\(s\) are at its delivery limit of 2/);
    assert.match(describePlan(plan), /^q-quorum: left out — /);
  });

  it('a quorum queue whose limit is 0 is left out: any return would dead-letter', () => {
    assert.match(planQueueRead(queue('quorum', 0), new InMemoryDeliveryLimits()).refused ?? '', /delivery limit is 0/);
  });

  it('a queue type it does not know is left out with the reason', () => {
    assert.match(planQueueRead(queue('delayed'), new InMemoryDeliveryLimits()).refused ?? '', /delayed/);
  });

  it('says what a read did', () => {
    assert.equal(describeOutcome({ redelivered: 0, leftAtLimit: 0, deadLettered: 0, temporaryGroups: 0 }), 'changed nothing');
    assert.equal(describeOutcome({ redelivered: 3, leftAtLimit: 1, deadLettered: 0, temporaryGroups: 0 }), '3 taken and returned (redelivered); 1 left at their delivery limit');
  });
});
