import type { EventSource } from '../../core/envelope';
import { registerSourceDescriber } from '../../core/sourceDescribers';

/** The `system` of every RabbitMQ source; importing it also registers how RabbitMQ sources are shown. */
export const RABBITMQ = 'rabbitmq';

/**
 * Where a RabbitMQ message was read: a queue, at a position counted from its head when peeked (or a stream
 * offset), and how it was routed there; `appId` is the AMQP `app_id` property the sender set, kept so that
 * readers of any kind can say who produced it.
 */
export type RabbitSource = { system: typeof RABBITMQ; vhost: string; queue: string; position: number; exchange?: string; routingKey?: string; streamOffset?: string; appId?: string };

export function isRabbitSource(source: EventSource): source is RabbitSource {
  return source.system === RABBITMQ;
}

registerSourceDescriber({
  system: RABBITMQ,
  place: (source) => (isRabbitSource(source) ? `${source.queue} #${source.position}` : source.system),
  // A stream is read again at its offset; any other queue only by peeking it again, so its place is as peeked.
  messagePlace: (source) => (isRabbitSource(source) ? (source.streamOffset === undefined ? { peeked: source.position } : { offset: source.streamOffset }) : undefined),
  route: (source) => {
    if (!isRabbitSource(source)) return undefined;
    const at = source.streamOffset === undefined ? `#${source.position}` : `@ ${source.streamOffset}`;
    const from = source.exchange === undefined ? '' : `${source.exchange === '' ? '(default)' : source.exchange} → `;
    const key = source.routingKey === undefined || source.routingKey === '' ? '' : ` (key ${source.routingKey})`;
    return `${from}${source.queue} ${at}${key}`;
  },
});
