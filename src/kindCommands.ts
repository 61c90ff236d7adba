import { registerKafkaKindCommands } from './commands/kafka/kafkaKindCommands';
import { registerMongoCommands } from './commands/mongo/mongoCommands';
import { registerNdjsonCommands } from './commands/ndjson/ndjsonCommands';
import { registerRabbitKindCommands } from './commands/rabbitmq/rabbitKindCommands';

/**
 * Each kind's commands, loaded with the features on first use (src/features.ts); the kind's `KindModule`
 * (src/kinds.ts, built at activation) hands its `register` over to its entry here. A new kind with
 * commands is one more line here too.
 */
export const KIND_COMMANDS = {
  kafka: registerKafkaKindCommands,
  rabbitmq: registerRabbitKindCommands,
  mongo: registerMongoCommands,
  ndjson: registerNdjsonCommands,
};
