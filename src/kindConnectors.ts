import type { KafkaConnectionOptions } from './connectors/kafka/options';
import { KafkaBroker } from './connectors/kafka/kafkaBroker';
import { LocalEventStore, type LocalEventStoreOptions } from './connectors/local/localEventStore';
import { openNdjsonFile } from './connectors/local';
import type { DeliveryLimitMemory } from './connectors/rabbitmq/deliveryLimitGuard';
import type { RabbitOptions } from './connectors/rabbitmq/options';
import { RabbitBroker } from './connectors/rabbitmq/rabbitBroker';
import { createMongoStore } from './connections/mongo/mongoStoreFactory';

/**
 * Each kind's connector, the code that talks to its system, reached by the kind's connection on its first
 * open through src/connectorsLoader.ts: the build puts it in the features bundle (src/features.ts), so
 * activation never parses it. No editor API here: unit tests open connections without VS Code.
 */
export const KIND_CONNECTORS = {
  local: { createStore: (options: LocalEventStoreOptions) => new LocalEventStore(options) },
  ndjson: { openFile: openNdjsonFile },
  mongo: { createStore: createMongoStore },
  kafka: { createBroker: (options: KafkaConnectionOptions) => new KafkaBroker(options) },
  rabbitmq: { createBroker: (options: RabbitOptions, deliveryLimits: DeliveryLimitMemory) => new RabbitBroker(options, deliveryLimits) },
};
