import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { EventFlowsApi } from '../../src/extension';
import { host, kafka, schemaRegistry } from '../services/ports';
import { skipOrFailWithoutRig } from '../support/rig';
import { portOpen, waitForRoot, waitForValue } from './kafkaSupport';
import { ourExtension } from './manifest';
import { preconfirmed } from './support/preconfirmed';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas');

/** Produce documents whose values are written with a schema: a workspace .avsc and the rig registry's latest schema of the topic. */
describe('Kafka schema-aware produce', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-host-schema-${suffix}`;
  const name = `Rig Kafka schemas ${suffix}`;
  const admin = new Kafka({ clientId: 'efx-host-schema', brokers: [`${host}:${kafka.port}`], logLevel: logLevel.NOTHING }).admin();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-schema-produce-'));

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    const missing = !(await portOpen(kafka.port)) ? `Kafka on ${kafka.port}` : !(await portOpen(schemaRegistry.port)) ? `the schema registry on ${schemaRegistry.port}` : undefined;
    skipOrFailWithoutRig(this, 'Kafka schema produce', missing && `the test rig's ${missing} does not answer; run npm run services:up`);
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.schemas', [{ topic: `${topic}-file`, file: path.join(fixtures, 'order.avsc') }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('eventFlows.addKafkaConnection', { name, bootstrapServers: [`${host}:${kafka.port}`], schemaRegistry: { url: schemaRegistry.url }, skipTest: true });
    await waitForRoot(api, name);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.clusters', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('eventFlows').update('kafka.schemas', undefined, vscode.ConfigurationTarget.Global);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('marks each value the workspace schema refuses at its path, refuses the send, and clears when fixed', async () => {
    const lines = [`### an order`, `topic: ${topic}-file`, 'schema: workspace', '', '{', '  "orderId": "Order-1",', '  "total": "12",', '  "placedAt": 1,', '  "lines": [ { "sku": "A", "quantity": 1.5 } ],', '  "status": "LOST",', '  "attributes": {},', '  "checksum": ""', '}'];
    const document = await vscode.workspace.openTextDocument({ language: 'eventflows-kafka', content: lines.join('\n') });
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForValue(() => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length >= 3 ? found : undefined;
    });
    const shown = diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.message.replace(/ \(shop\.orders\.OrderPlaced, .*order\.avsc\)$/, '')]);
    assert.deepEqual(shown, [
      [6, 11, 15, 'total: expected a double (number), got text "12"'],
      [8, 39, 42, 'lines[0].quantity: expected an int (32-bit integer), got a number 1.5'],
      [9, 12, 18, 'status: expected one of PLACED, PAID, SHIPPED (shop.orders.Status), got text "LOST"'],
    ]);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    const refused = await vscode.commands.executeCommand<unknown>('eventFlows.kafka.produceMessage', document.uri, { line: 1, cluster: name, confirmed: preconfirmed(api) });
    assert.equal(refused, undefined, 'a value the schema refuses was produced');

    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => {
      edit.replace(new vscode.Range(6, 0, 6, lines[6].length), '  "total": 12,');
      edit.replace(new vscode.Range(8, 0, 8, lines[8].length), '  "lines": [ { "sku": "A", "quantity": 1 } ],');
      edit.replace(new vscode.Range(9, 0, 9, lines[9].length), '  "status": "PAID",');
    });
    await waitForValue(() => (vscode.languages.getDiagnostics(document.uri).length === 0 ? true : undefined));
  });

  it('starts a document from the registry schema of <topic>-value and sends it framed: the browse reads back the sample', async () => {
    const registry = new SchemaRegistry({ host: schemaRegistry.url });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: fs.readFileSync(path.join(fixtures, 'order.avsc'), 'utf8') }, { subject: `${topic}-value` });
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('eventFlows.kafka.newProduceDocument', undefined, { topic, cluster: name, file: path.join(folder, 'orders') });
    const text = editor.document.getText();
    assert.match(text, /^schema: registry$/m);
    assert.match(text, new RegExp(`^// "shop\\.orders\\.OrderPlaced" from "registry subject ${topic}-value v1, id ${id}"$`, 'm'));
    const sample = JSON.parse(text.slice(text.indexOf('\n{') + 1)) as Record<string, unknown>;
    assert.equal(sample.status, 'PLACED');

    const landed = await vscode.commands.executeCommand<{ topic: string; partition: number; offset: string; cluster: string }[]>('eventFlows.kafka.produceMessage', editor.document.uri, { cluster: name, confirmed: preconfirmed(api) });
    assert.equal(landed?.length, 1);
    const message = await vscode.commands.executeCommand<vscode.TextDocument>('eventFlows.kafka.showMessage', landed[0]);
    const record = JSON.parse(message.getText()) as { value: unknown; valueDecoding?: { decoder: string; schemaId?: number } };
    assert.deepEqual(record.value, sample);
    assert.equal(record.valueDecoding?.decoder, 'avro');
    assert.equal(record.valueDecoding?.schemaId, id);
  });
});
