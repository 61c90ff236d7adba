import type { CommandId } from '../../ui/commandIds';

/** The Kafka kind's own commands; `package.json` contributes them too. */
export const KAFKA_COMMANDS = {
  addKafkaConnection: 'eventFlows.addKafkaConnection',
  editKafkaConnection: 'eventFlows.editKafkaConnection',
  removeKafkaConnection: 'eventFlows.removeKafkaConnection',
  createTopic: 'eventFlows.kafka.createTopic',
  deleteTopic: 'eventFlows.kafka.deleteTopic',
  showTopicConfig: 'eventFlows.kafka.showTopicConfig',
  publishSampleEvents: 'eventFlows.kafka.publishSampleEvents',
  showInternalTopics: 'eventFlows.kafka.showInternalTopics',
  hideInternalTopics: 'eventFlows.kafka.hideInternalTopics',
  searchTopics: 'eventFlows.kafka.searchTopics',
  clearTopicSearch: 'eventFlows.kafka.clearTopicSearch',
  openKeyTimeline: 'eventFlows.kafka.openKeyTimeline',
  produceMessage: 'eventFlows.kafka.produceMessage',
  showMessage: 'eventFlows.kafka.showMessage',
  newProduceDocument: 'eventFlows.kafka.newProduceDocument',
  browseTopic: 'eventFlows.kafka.browseTopic',
  showCommittedMessage: 'eventFlows.kafka.showCommittedMessage',
  resetOffsets: 'eventFlows.kafka.resetOffsets',
  republishDeadLetters: 'eventFlows.kafka.republishDeadLetters',
} as const satisfies Record<string, CommandId>;
