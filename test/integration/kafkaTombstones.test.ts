// Records written by Debian's kcat, as the reporter wrote them: a tombstone (null value, `-Z`),
// an empty value, a null key and an empty key, read back through the connector and shown as what they are.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaRecordOf, messageBytesText, messageDocumentText } from '../../src/connectors/kafka/messageText';
import { BrowseStore } from '../../src/panels/messageBrowser/browseStore';
import * as ports from '../services/ports';
import { kafkaSuite } from './support/kafkaFixture';

const run = promisify(execFile);

/** Writes `lines` (key:value) with kcat; with `-Z` an empty value or key is sent as null. */
async function kcat(topic: string, lines: string, nullEmpty: boolean): Promise<void> {
  const child = run('kcat', ['-b', ports.kafka.brokers[0] ?? '127.0.0.1:39092', '-P', '-t', topic, '-K:', ...(nullEmpty ? ['-Z'] : [])], { timeout: 30_000 });
  child.child.stdin?.end(lines);
  await child;
}

describe('Kafka tombstones and null keys written by kcat', function () {
  this.timeout(120_000);
  const suite = kafkaSuite();
  const { fixture } = suite;

  it('reads kcat -Z null values as tombstones and null keys as null, and their empty forms as empty', async () => {
    const topic = await fixture.topic('efx-it-tombstones');
    await kcat(topic, 'acct-1:{"balance":10}\nacct-1:\n:orphan\n', true); // value, tombstone, null key
    await kcat(topic, 'acct-1:\n:empty-key\n', false); // empty value, empty key
    const page = await suite.broker.browseWith({ source: topic, start: { from: 'beginning' }, limit: 10 }, { keepBytes: true });
    const [value, tombstone, nullKey, emptyValue, emptyKey] = page.events;
    assert.equal(page.events.length, 5);

    assert.equal(tombstone?.source.system === 'kafka' && tombstone.source.tombstone, true);
    assert.equal(tombstone?.type, 'tombstone');
    const document = JSON.parse(messageDocumentText(tombstone).text) as Record<string, unknown>;
    assert.deepEqual([document.value, document.valueFormat, 'valueSize' in document], [null, 'tombstone', false]);
    assert.match(messageBytesText(tombstone), /value: tombstone \(null value\)/);

    assert.equal(emptyValue?.source.system === 'kafka' && emptyValue.source.tombstone, undefined);
    assert.deepEqual([kafkaRecordOf(emptyValue).valueFormat, kafkaRecordOf(emptyValue).valueSize], ['text', 0]);
    assert.match(messageBytesText(emptyValue), /value \(0 bytes\):/);

    assert.equal(kafkaRecordOf(nullKey).key, null);
    assert.equal(kafkaRecordOf(emptyKey).key, '');
    assert.match(messageBytesText(nullKey), /key: null \(no key/);
    assert.match(messageBytesText(emptyKey), /key \(0 bytes\):/);

    const store = new BrowseStore(10);
    store.add(page.events);
    assert.deepEqual(store.rows(0, 5).map((row) => [row.key, row.tombstone ?? false, row.size]), [
      ['acct-1', false, 14],
      ['acct-1', true, 0],
      [null, false, 6],
      ['acct-1', false, 0],
      ['', false, 9],
    ]);
    assert.deepEqual(value?.data, { balance: 10 });
  });
});
