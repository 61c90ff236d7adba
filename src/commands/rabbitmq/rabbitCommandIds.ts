import type { CommandId } from '../../ui/commandIds';

/** The RabbitMQ kind's own commands; `package.json` contributes them too. */
export const RABBIT_COMMANDS = {
  addRabbitConnection: 'eventFlows.addRabbitConnection',
  editRabbitConnection: 'eventFlows.editRabbitConnection',
  removeRabbitConnection: 'eventFlows.removeRabbitConnection',
  declareSampleTopology: 'eventFlows.rabbitmq.declareSampleTopology',
  publishSampleEvents: 'eventFlows.rabbitmq.publishSampleEvents',
  peekQueue: 'eventFlows.rabbitmq.peekQueue',
  purgeQueue: 'eventFlows.rabbitmq.purgeQueue',
  redrive: 'eventFlows.rabbitmq.redrive',
  searchQueues: 'eventFlows.rabbitmq.searchQueues',
  clearQueueSearch: 'eventFlows.rabbitmq.clearQueueSearch',
} as const satisfies Record<string, CommandId>;
