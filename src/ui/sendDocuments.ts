/** The documents that send what they hold (Kafka produce, RabbitMQ publish), named where activation can tell them without loading their support. */
export const PRODUCE_LANGUAGE = 'eventflows-kafka';
export const PUBLISH_FILE_SUFFIX = '.rabbitmq.json';

/** A document whose code lenses and diagnostics come from the send-document support of a kind. */
export function isSendDocument(document: { languageId: string; uri: { path: string } }): boolean {
  return document.languageId === PRODUCE_LANGUAGE || document.uri.path.endsWith(PUBLISH_FILE_SUFFIX);
}
