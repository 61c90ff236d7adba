import * as assert from 'node:assert/strict';
import { recordToEvent } from '../../../src/connectors/kafka/records';
import { kafkaRecordOf, messageBytesText, messageDocumentText } from '../../../src/connectors/kafka/messageText';
import { produceDocumentFor } from '../../../src/connectors/kafka/reproduceDocument';
import { BrowseStore } from '../../../src/panels/messageBrowser/browseStore';
import { genericReducer } from '../../../src/core/reducers';
import { TimelineSession } from '../../../src/panels/timeline/timelineSession';

const at = (offset: string, key: Buffer | null, value: Buffer | null) => ({ offset, timestamp: '1764763200000', key, value });
/** As kcat -Z writes them: a null value, an empty value, a null key and an empty key. */
const tombstone = recordToEvent('accounts', 0, at('1', Buffer.from('acct-1'), null), { keepBytes: true });
const emptyValue = recordToEvent('accounts', 0, at('2', Buffer.from('acct-1'), Buffer.alloc(0)), { keepBytes: true });
const nullKey = recordToEvent('accounts', 0, at('3', null, Buffer.from('x')), { keepBytes: true });
const emptyKey = recordToEvent('accounts', 0, at('4', Buffer.alloc(0), Buffer.from('x')), { keepBytes: true });

describe('Kafka tombstones (null values) and null keys, told apart from empty ones', () => {
  it('reads a null value as a tombstone with null data and no payload; an empty value as 0 bytes of text', () => {
    assert.equal(tombstone.source.system === 'kafka' && tombstone.source.tombstone, true);
    assert.equal(tombstone.data, null);
    assert.equal(tombstone.payload, undefined);
    assert.equal(tombstone.type, 'tombstone');
    assert.equal(emptyValue.source.system === 'kafka' && emptyValue.source.tombstone, undefined);
    assert.equal(emptyValue.payload?.size, 0);
  });

  it('the message document says "valueFormat": "tombstone" with a null value, never text of 0 bytes', () => {
    const document = messageDocumentText(tombstone);
    assert.equal(document.language, 'json');
    const shown = JSON.parse(document.text) as Record<string, unknown>;
    assert.equal(shown.valueFormat, 'tombstone');
    assert.equal(shown.value, null);
    assert.equal('valueSize' in shown, false);
    assert.equal(shown.key, 'acct-1');
    const empty = kafkaRecordOf(emptyValue);
    assert.deepEqual([empty.valueFormat, empty.valueSize, empty.value], ['text', 0, '']);
  });

  it('Compare Bytes names a tombstone and a null key, and keeps "value (0 bytes)" for an empty value', () => {
    assert.match(messageBytesText(tombstone), /value: tombstone \(null value\), no bytes at all/);
    assert.doesNotMatch(messageBytesText(tombstone), /value \(0 bytes\)/);
    assert.match(messageBytesText(emptyValue), /value \(0 bytes\):/);
    assert.match(messageBytesText(nullKey), /key: null \(no key, not an empty one\)/);
    assert.match(messageBytesText(emptyKey), /key \(0 bytes\):/);
    assert.equal(kafkaRecordOf(nullKey).key, null);
    assert.equal(kafkaRecordOf(emptyKey).key, '');
  });

  it('the table rows mark the tombstone and keep an empty value at 0 bytes; the keys stay null and ""', () => {
    const store = new BrowseStore(10);
    store.add([tombstone, emptyValue, nullKey, emptyKey]);
    const [t, e, n, k] = store.rows(0, 4);
    assert.deepEqual([t?.tombstone, t?.size, t?.preview], [true, 0, '']);
    assert.deepEqual([e?.tombstone, e?.size, e?.preview], [undefined, 0, '']);
    assert.deepEqual([n?.key, k?.key], [null, '']);
  });

  it('the key timeline lists a tombstone as one, and Produce Again says it cannot send a null value', () => {
    const session = new TimelineSession({ storeLabel: 'kafka', aggregateId: 'acct-1', aggregateType: 'accounts', events: [emptyValue, tombstone], reducer: genericReducer });
    assert.deepEqual(session.rows(0, 2).map((row) => row.summary.includes('tombstone (null value)')), [false, true]);
    assert.match(produceDocumentFor(tombstone, 'accounts'), /The original is a tombstone \(null value\)/);
  });
});
