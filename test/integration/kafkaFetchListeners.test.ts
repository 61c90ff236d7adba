// The Fetch reader (a browse's and a correlation-id search's) through the rig's SASL (SCRAM) and TLS
// listeners: the Fetch requests go over kafkajs's authenticated and encrypted connections, to the leaders
// the metadata advertises on that listener, and read exactly what the plaintext listener reads.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { FlowEvent } from '../../src/core/envelope';
import type { KafkaConnectionOptions } from '../../src/connectors/kafka/options';
import * as ports from '../services/ports';
import { kafkaSuite } from './support/kafkaFixture';

const PARTITIONS = 3;
const MESSAGES = 3000;

/** What a reader could get wrong: where each event sits, what it says and carries. */
function summary(events: readonly FlowEvent[]): string[] {
  return events.map((e) => JSON.stringify([e.source, e.id, e.type, e.timestamp, e.metadata, e.data]));
}

describe('Kafka fetches over the SASL and TLS listeners', function () {
  this.timeout(180_000);
  const suite = kafkaSuite();
  const { fixture } = suite;
  let topic = '';

  before(async () => {
    topic = await fixture.topic('efx-it-fetch-listeners', PARTITIONS);
    const producer = fixture.kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: Array.from({ length: MESSAGES }, (_, i) => ({
          key: `order-${i % 50}`,
          value: JSON.stringify({ n: i }),
          headers: { 'correlation-id': `c-${i % 100}`, 'event-type': i % 2 === 0 ? 'OrderPlaced' : 'OrderPaid' },
        })),
      });
    } finally {
      await producer.disconnect();
    }
  });

  const listeners: [string, () => Partial<KafkaConnectionOptions>][] = [
    ['SASL (SCRAM-SHA-512)', () => ({ bootstrapServers: [...ports.kafka.saslBrokers], sasl: { mechanism: 'scram-sha-512', username: ports.kafka.username, password: ports.kafka.password } })],
    ['TLS', () => ({ bootstrapServers: [...ports.kafka.sslBrokers], ssl: { ca: fs.readFileSync(ports.kafkaCaFile, 'utf8') } })],
  ];

  for (const [name, options] of listeners) {
    it(`browses and searches through the ${name} listener as through the plaintext one, no consumer group made`, async () => {
      const plain = suite.broker;
      const secured = fixture.broker(options());
      const browse = { source: topic, start: { from: 'beginning' as const }, limit: MESSAGES };
      const [plainPage, securedPage] = [await plain.browse(browse), await secured.browse(browse)];
      assert.equal(securedPage.events.length, MESSAGES);
      assert.deepEqual(summary(securedPage.events), summary(plainPage.events));
      assert.deepEqual(securedPage.cursors, plainPage.cursors);
      assert.equal(securedPage.reachedEnd, true);
      assert.deepEqual(securedPage.problems, []);

      const search = { source: topic, window: {}, predicate: { field: 'correlationId' as const, value: 'c-42' }, limit: 1000 };
      const [plainFound, securedFound] = [await plain.search(search), await secured.search(search)];
      assert.equal(securedFound.events.length, MESSAGES / 100);
      assert.deepEqual(summary(securedFound.events), summary(plainFound.events));
      assert.equal(securedFound.complete, true);
      assert.equal(securedFound.outcome.temporaryGroups, 0, 'the search read by fetches');
      assert.deepEqual(secured.browseGroupsMade(), [], 'the browse read by fetches');
    });
  }
});
