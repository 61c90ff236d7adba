import { kindConnectors } from '../../connectorsLoader';
import type { ConnectionKind } from '../connectionKind';
import type { IdentityFor } from '../identitySetting';
import { RABBIT_KIND, RabbitBrokerConnection } from './rabbitConnection';
import { RABBIT_SETTING } from './rabbitProfile';
import type { DeliveryLimitStore } from './deliveryLimitStore';
import { readTlsFiles, type RabbitProfileStore } from './rabbitProfileStore';

/** Saved RabbitMQ brokers: one connection per profile in `eventFlows.rabbitmq.brokers`. */
export function rabbitConnectionKind(profiles: RabbitProfileStore, deliveryLimits: DeliveryLimitStore, identityFor: IdentityFor = () => undefined): ConnectionKind {
  return {
    id: RABBIT_KIND,
    title: 'RabbitMQ broker',
    settings: [RABBIT_SETTING, 'identity'],
    load: (report) =>
      profiles.read(report).map((profile) => {
        const connection: RabbitBrokerConnection = new RabbitBrokerConnection(profile, {
          secrets: (id) => profiles.secrets(id),
          readFiles: readTlsFiles,
          // What peeks left at a delivery limit is kept per saved broker (its connection id), across reconnects and reloads.
          createBroker: (options) => kindConnectors().rabbitmq.createBroker(options, deliveryLimits.forConnection(connection.id)),
        });
        connection.identity = identityFor(connection);
        return connection;
      }),
    // An unchanged profile keeps its connection (and stays connected) when another one is edited.
    sameAs: (connection) => (connection instanceof RabbitBrokerConnection ? JSON.stringify([connection.profile, connection.identity]) : connection.id),
  };
}
