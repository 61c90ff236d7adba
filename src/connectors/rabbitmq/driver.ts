import type * as Amqp from 'amqplib';

let loaded: Promise<typeof Amqp> | undefined;

/**
 * The `amqplib` driver, loaded the first time a RabbitMQ broker connects and never at activation.
 * The extension bundle resolves this import to its own separately bundled copy (see scripts/build.mjs).
 */
export function loadAmqpDriver(): Promise<typeof Amqp> {
  loaded ??= import('amqplib');
  return loaded;
}
