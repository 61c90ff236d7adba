import type { SourcePlan } from '../reads/readPlan';
import { guardKey, type DeliveryLimitMemory } from './deliveryLimitGuard';
import { MAX_WHOLE_QUEUE_PEEK } from './peek';
import type { QueueInfo } from './topologyTypes';

/**
 * What reading a queue does, from its type and delivery limit (the management API's view) and what earlier
 * peeks left at the limit (the connector's memory): a stream is read from an offset and keeps everything;
 * classic and quorum queues are peeked once, each with its own effect; a quorum queue with messages at
 * their limit is left out, since one more delivery would dead-letter them.
 */
export function planQueueRead(info: QueueInfo, memory: DeliveryLimitMemory): SourcePlan {
  const source = info.name;
  if (info.type === 'stream') return { source, effect: 'none', alsoDoes: [], note: 'A stream is read from an offset; nothing is consumed.' };
  if (info.type === 'classic') {
    return { source, effect: 'marks-redelivered', alsoDoes: [], note: 'Peeked once, every message returned in order; the next reader sees them flagged redelivered.' };
  }
  if (info.type !== 'quorum') return { source, effect: 'marks-redelivered', alsoDoes: [], note: `A ${info.type} queue, not known here`, refused: `its type (${info.type}) is not one this extension knows how to read without loss.` };
  const limit = info.arguments.deliveryLimit;
  if (limit === undefined) {
    const plan: SourcePlan = { source, effect: 'takes-whole-queue', alsoDoes: [], note: `A quorum queue without a delivery limit returns messages to its tail: all ${info.ready} ready messages are taken and returned to keep their order.` };
    if (info.ready > MAX_WHOLE_QUEUE_PEEK) plan.refused = `it holds ${info.ready} ready messages and would have to be taken whole (at most ${MAX_WHOLE_QUEUE_PEEK}).`;
    return plan;
  }
  const plan: SourcePlan = { source, effect: 'counts-delivery', alsoDoes: [], note: `Each peeked message's x-delivery-count goes up by one (limit ${limit}).` };
  const atLimit = memory.get(guardKey(info.vhost, info.name));
  if (limit <= 0) plan.refused = `its delivery limit is ${limit}: returning any message after a peek would dead-letter it.`;
  else if (atLimit && atLimit.messages.length > 0) plan.refused = `${atLimit.messages.length} message(s) are at its delivery limit of ${limit}; one more delivery would dead-letter them.`;
  return plan;
}
