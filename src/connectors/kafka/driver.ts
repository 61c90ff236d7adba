import type * as KafkaJs from 'kafkajs';

let loaded: Promise<typeof KafkaJs> | undefined;

/**
 * The `kafkajs` driver, loaded the first time a Kafka connection connects and never at activation.
 * The extension bundle resolves this import to its own separately bundled copy (see scripts/build.mjs).
 */
export function loadKafkaDriver(): Promise<typeof KafkaJs> {
  loaded ??= import('kafkajs');
  return loaded;
}
