import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FlowEvent } from '../../../src/core/envelope';
import { kafkaExportRecords } from '../../../src/connectors/kafka/messageText';
import { exportBrowse } from '../../../src/panels/messageBrowser/browseExport';
import type { BrowseSource } from '../../../src/panels/messageBrowser/browseSession';

/** One page of two messages, as the browse would read it; the export's file handling is what is tested. */
const onePage: BrowseSource = {
  browseWith: () =>
    Promise.resolve({
      events: [0, 1].map((i): FlowEvent => ({ id: `e${i}`, type: 'OrderCreated', timestamp: '2026-12-03T10:00:00.000Z', data: { orderId: `Order-${i}` }, metadata: { headers: [] }, source: { system: 'kafka', topic: 't', partition: 0, offset: String(i), key: `Order-${i}` } })),
      cursors: [],
      reachedEnd: true,
      problems: [],
    }),
  tail: () => Promise.reject(new Error('an export never tails')),
};

describe('exportBrowse: a browse streamed to a file', () => {
  it('writes one line per message and says how many', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'efx-export-')), 'out.ndjson');
    assert.equal(await exportBrowse(onePage, kafkaExportRecords, 't', { mode: 'beginning', filter: {} }, file, 'ndjson'), 2);
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 2);
  });

  it('fails, instead of reporting every row written, when the file cannot be written', async () => {
    const file = path.join(os.tmpdir(), `efx-no-such-folder-${process.pid}`, 'out.ndjson');
    await assert.rejects(exportBrowse(onePage, kafkaExportRecords, 't', { mode: 'beginning', filter: {} }, file, 'ndjson'), /ENOENT/);
  });

  it('writes CSV whose cells from keys and values never start a formula', async () => {
    const hostile: BrowseSource = {
      browseWith: () =>
        Promise.resolve({
          events: [{ id: 'e0', type: 'T', timestamp: '2026-12-03T10:00:00.000Z', data: '=HYPERLINK("https://example.invalid")', payload: { kind: 'text', size: 38, preview: '', truncated: false }, metadata: { headers: [] }, source: { system: 'kafka', topic: 't', partition: 0, offset: '0', key: '@SUM(A1)' } }],
          cursors: [],
          reachedEnd: true,
          problems: [],
        }),
      tail: () => Promise.reject(new Error('an export never tails')),
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'efx-export-')), 'out.csv');
    assert.equal(await exportBrowse(hostile, kafkaExportRecords, 't', { mode: 'beginning', filter: {} }, file, 'csv'), 1);
    const [header, row] = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(header, 'topic,partition,offset,timestamp,key,headers,value');
    assert.equal(row, `t,0,0,2026-12-03T10:00:00.000Z,'@SUM(A1),[],"'=HYPERLINK(""https://example.invalid"")"`);
  });
});
