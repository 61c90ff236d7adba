/**
 * The secrets scan on the paths the editor adds: the SASL password and the client key's passphrase never
 * appear in what goes to settings, in the browse exports (NDJSON, CSV), in produce documents or the message
 * documents made from browsed messages, nor in the errors an export or a browse through that connection
 * shows. (The output log is scanned by the extension-host test, which has the real log.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KafkaBroker, type KafkaConnectionOptions } from '../../../src/connectors/kafka';
import { kafkaProfileForSettings, readKafkaProfiles } from '../../../src/connections/kafka/kafkaProfile';
import { kafkaExportRecords, messageBytesText, messageDocumentText } from '../../../src/connectors/kafka/messageText';
import { produceDocumentFor } from '../../../src/connectors/kafka/reproduceDocument';
import { exportBrowse } from '../../../src/panels/messageBrowser/browseExport';
import * as ports from '../../services/ports';
import { rawKafka, waitForTopics } from '../../integration/support/kafkaFixture';
import { portOpen } from '../../integration/support/mongoFixture';
import { skipOrFailWithoutRig } from '../../support/rig';
import { figure } from '../support/figures';

const PASSPHRASE = `Key-Pa55phrase-${randomUUID().slice(0, 8)}`;
const WRONG_PASSWORD = `Wr0ng-${randomUUID().slice(0, 8)}`;
const secrets = [ports.kafka.password, PASSPHRASE, WRONG_PASSWORD];

const saslOptions = (password: string): KafkaConnectionOptions => ({
  bootstrapServers: [...ports.kafka.saslBrokers],
  clientId: 'efx-scan',
  sasl: { mechanism: 'scram-sha-256', username: ports.kafka.username, password },
  operationTimeoutMs: 15_000,
});

describe('Kafka secrets on the editor paths: settings, exports, produce documents, errors', function () {
  this.timeout(120_000);
  const texts: { where: string; text: string }[] = [];
  const seen = (where: string, text: string) => texts.push({ where, text });
  const admin = rawKafka().admin();
  const topic = `efx-scan-${randomUUID().slice(0, 8)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-scan-'));
  let broker: KafkaBroker;

  before(async function () {
    skipOrFailWithoutRig(this, 'Kafka secrets scan', (await portOpen(ports.kafka.saslPort)) ? undefined : `Kafka's SASL listener ${ports.host}:${ports.kafka.saslPort} does not answer`);
    await admin.connect();
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 2 }] });
    await waitForTopics(admin, [topic]);
    broker = new KafkaBroker(saslOptions(ports.kafka.password));
  });

  after(async () => {
    await broker?.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('settings: secrets typed into the setting move out; what is written back holds none', () => {
    const raw = [{ id: 'c1', name: 'Secure', bootstrapServers: ['127.0.0.1:39094'], sasl: { mechanism: 'scram-sha-256', username: 'efx', password: ports.kafka.password }, ssl: { enabled: true, key: '-----BEGIN ENCRYPTED PRIVATE KEY-----', passphrase: PASSPHRASE } }];
    const read = readKafkaProfiles(raw);
    assert.deepEqual(read.withSecrets[0].secrets, { saslPassword: ports.kafka.password, sslKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----', sslPassphrase: PASSPHRASE });
    seen('settings', JSON.stringify(read.profiles.map(kafkaProfileForSettings)));
    seen('settings problems', read.problems.join('\n'));
  });

  it('exports, produce documents and message documents of a browse through the SASL connection', async () => {
    await broker.publish({ name: topic }, [
      { key: 'Order-1', headers: [{ key: 'event-type', value: 'OrderCreated' }], body: '{"orderId":"Order-1","total":12}' },
      { key: 'Order-2', body: 'plain text value' },
      { body: Buffer.from([0, 1, 2, 255]) },
    ]);
    for (const format of ['ndjson', 'csv'] as const) {
      const file = path.join(dir, `export.${format}`);
      const written = await exportBrowse(broker, kafkaExportRecords, topic, { mode: 'beginning', filter: {} }, file, format);
      assert.equal(written, 3);
      seen(`export ${format}`, fs.readFileSync(file, 'utf8'));
    }
    const page = await broker.browseWith({ source: topic, start: { from: 'beginning' }, limit: 10 }, { keepBytes: true });
    assert.equal(page.events.length, 3);
    for (const event of page.events) {
      seen('produce document', produceDocumentFor(event, topic));
      seen('message document', messageDocumentText(event).text);
      seen('message bytes', messageBytesText(event));
    }
  });

  it('errors of an export and a browse through a connection whose password is wrong', async () => {
    const wrong = new KafkaBroker(saslOptions(WRONG_PASSWORD));
    try {
      const failures = [
        () => exportBrowse(wrong, kafkaExportRecords, topic, { mode: 'latest', count: 5, filter: {} }, path.join(dir, 'never.ndjson'), 'ndjson'),
        () => wrong.browseWith({ source: topic, start: { from: 'latest', count: 5 }, limit: 5 }, {}),
        () => broker.browseWith({ source: topic, partitions: [99], start: { from: 'beginning' }, limit: 5 }, {}),
      ];
      for (const failure of failures) {
        const error = await failure().then(() => assert.fail('it did not fail'), (e: unknown) => e as Error);
        seen('error', `${error.message}\n${String(error.stack)}`);
      }
      seen('label', wrong.label);
    } finally {
      await wrong.close();
    }
  });

  it('shows no secret anywhere', () => {
    const leaks = texts.filter((t) => secrets.some((secret) => t.text.includes(secret)));
    figure('kafka.secrets.editorPaths.textsChecked', texts.length);
    figure('kafka.secrets.editorPaths.bytesChecked', texts.reduce((n, t) => n + t.text.length, 0));
    figure('kafka.secrets.editorPaths.leaks', leaks.length);
    assert.ok(texts.length >= 14, `only ${texts.length} texts were checked`);
    assert.deepEqual(leaks.map((l) => l.where), []);
  });
});
