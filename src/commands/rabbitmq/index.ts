import { DeliveryLimitStore } from '../../connections/rabbitmq/deliveryLimitStore';
import { rabbitConnectionKind } from '../../connections/rabbitmq/rabbitKind';
import { RabbitProfileStore } from '../../connections/rabbitmq/rabbitProfileStore';
import { rabbitTreeItems } from '../../explorer/rabbitmq/rabbitItems';
import { rabbitTree } from '../../explorer/rabbitmq/rabbitTree';
import type { KindModuleFactory } from '../kindModule';
import { RABBIT_COMMANDS } from './rabbitCommandIds';
import { featuresModule } from '../../featuresLoader';

/** Saved RabbitMQ brokers: profiles in settings, secrets in secret storage, the broker tree, their commands. */
export const rabbitKindModule: KindModuleFactory = ({ extension, log, identityFor }) => {
  const profiles = new RabbitProfileStore(extension.secrets, log);
  const deliveryLimits = new DeliveryLimitStore(extension.globalState, (message) => log.error(message));
  return {
    connections: rabbitConnectionKind(profiles, deliveryLimits, identityFor),
    tree: rabbitTree,
    items: rabbitTreeItems((connectionId, vhost, queue) => deliveryLimits.get(connectionId, vhost, queue)),
    add: { label: 'RabbitMQ Broker', detail: 'exchanges, queues and bindings; peek without losing messages', command: RABBIT_COMMANDS.addRabbitConnection },
    // The commands load with the features, on first use (src/features.ts).
    register: (services) => featuresModule().kindCommands.rabbitmq(services, { extension, profiles, deliveryLimits }),
  };
};
