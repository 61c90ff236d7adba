/**
 * RabbitMQ in AsyncAPI: the `amqp` channel binding (0.3.0) — an exchange as `routingKey` with its name, type
 * and vhost, a queue or stream as `queue`. A plugin's exchange type (`x-delayed-message`) is not one the
 * binding names, so it is left out there (the channel's description still says it).
 */
import { registerAsyncApiBindings } from '../../core/asyncapi/channelBindings';

const BINDING_VERSION = '0.3.0';
const EXCHANGE_TYPES = new Set(['topic', 'direct', 'fanout', 'default', 'headers']);

registerAsyncApiBindings({
  connectionKind: 'rabbitmq',
  bindings: (channel) => {
    const vhost = channel.scope ?? '/';
    if (channel.kind === 'exchange') {
      const type = channel.detail !== undefined && EXCHANGE_TYPES.has(channel.detail) ? { type: channel.detail } : {};
      return { amqp: { is: 'routingKey', exchange: { name: channel.name.slice(0, 255), ...type, vhost }, bindingVersion: BINDING_VERSION } };
    }
    if (channel.kind === 'queue' || channel.kind === 'stream') return { amqp: { is: 'queue', queue: { name: channel.name.slice(0, 255), vhost }, bindingVersion: BINDING_VERSION } };
    return undefined;
  },
});
