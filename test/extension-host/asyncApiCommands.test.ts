// Describe This Flow as AsyncAPI and Check AsyncAPI Documents Against the Live Flow, run as a user runs
// them: the document is written into the workspace from the rig's Kafka, checked against the same flow
// (its topic declared, live, no flag), then a message that breaks the inferred schema is flagged at its
// path, and a second describe offers the change as a diff and replaces the file when asked.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CheckNode } from '../../src/explorer/asyncApiView';
import type { EventFlowsApi } from '../../src/extension';
import { useKafkaTopic } from './kafkaSuite';
import { ourExtension } from './manifest';

type Notify = (message: string, ...items: string[]) => Thenable<string | undefined>;

describe('AsyncAPI: describe the flow, then check documents against it', function () {
  this.timeout(240_000);
  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-host-asyncapi-${suffix}`;
  const kafkaName = `AsyncAPI Kafka ${suffix}`;
  const window = vscode.window as unknown as { showInformationMessage: Notify };
  const original = window.showInformationMessage;
  const said: string[] = [];
  let target: vscode.Uri;

  /** Orders placed with these totals, as the topic's producer writes them. */
  const placedOrders = (totals: unknown[]) =>
    totals.map((total, i) => ({
      value: JSON.stringify({ orderId: `Order-${suffix}-${i}`, total }),
      headers: { 'event-type': 'OrderPlaced', 'event-id': `placed-${suffix}-${i}-${String(total)}`, 'correlation-id': `order-${suffix}-${i}` },
    }));

  async function check(): Promise<{ document: CheckNode; ours: CheckNode; undeclared: string[] }> {
    const roots = await vscode.commands.executeCommand<CheckNode[]>('eventFlows.checkAsyncApi');
    const document = roots.find((r) => r.label === 'asyncapi.yaml');
    assert.ok(document, `no asyncapi.yaml among ${roots.map((r) => r.label).join(', ')}`);
    const ours = document.children?.find((c) => c.label === topic);
    assert.ok(ours, `the document's channels lack ${topic}`);
    const undeclared = roots.find((r) => r.label === 'Traffic no document declares')?.children?.map((c) => c.label) ?? [];
    return { document, ours, undeclared };
  }

  before(async () => {
    const api = (await ourExtension().activate()) as EventFlowsApi;
    assert.ok(api);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace has no folder');
    target = vscode.Uri.joinPath(folder.uri, 'asyncapi.yaml');
    await vscode.workspace.fs.delete(target).then(
      () => undefined,
      () => undefined,
    );
  });

  const topicFixture = useKafkaTopic('AsyncAPI commands', { topic, clusterName: kafkaName, messages: placedOrders([12, 30, 7]) });
  const produce = (totals: unknown[]): Promise<void> => topicFixture.produce(placedOrders(totals));

  before(() => {
    window.showInformationMessage = (message, ...items) => {
      said.push(message);
      return Promise.resolve(items.includes('Replace the File') ? 'Replace the File' : undefined);
    };
  });

  after(async () => {
    window.showInformationMessage = original;
    await vscode.workspace.fs.delete(target).then(
      () => undefined,
      () => undefined,
    );
  });

  it('writes a validated AsyncAPI 3.0 document that declares the topic, which the check finds live and unflagged', async () => {
    await vscode.commands.executeCommand('eventFlows.describeAsAsyncApi');
    const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.match(text, /^asyncapi: 3\.0\.0$/m);
    assert.ok(text.includes(topic), 'the topic is not in the document');
    assert.ok(said.some((m) => m.startsWith('Wrote asyncapi.yaml')), said.join(' | '));
    const { ours, undeclared } = await check();
    assert.notEqual(ours.description, 'no connected broker has it');
    assert.match(ours.description ?? '', new RegExp(`${kafkaName}: 3 messages`));
    assert.deepEqual(ours.children?.filter((c) => c.icon === 'warning') ?? [], [], 'our channel carries a flag');
    assert.ok(!undeclared.includes(topic), 'the declared topic is reported as undeclared');
  });

  it('flags a message that breaks the inferred schema at its path; describing again offers the change and replaces the file', async () => {
    await produce(['ninety']);
    const { document, ours } = await check();
    const flagged = ours.children?.filter((c) => c.icon === 'warning') ?? [];
    // One flag per connection that reaches the topic: this suite's, and any other suite's left on the rig.
    assert.ok(flagged.length >= 1, JSON.stringify(ours.children));
    for (const flag of flagged) {
      assert.match(flag.label, /^1 of 4 sampled do not match/);
      assert.match(flag.description ?? '', /^\/total: /);
    }
    assert.match(document.description ?? '', /flag/);
    const before = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    await vscode.commands.executeCommand('eventFlows.describeAsAsyncApi');
    assert.ok(said.some((m) => m.startsWith('The flow differs from asyncapi.yaml')), said.join(' | '));
    assert.ok(said.some((m) => m.startsWith('Replaced asyncapi.yaml')), said.join(' | '));
    const after = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.notEqual(after, before, 'the file was not replaced');
    const again = await check();
    assert.deepEqual(again.ours.children?.filter((c) => c.icon === 'warning') ?? [], [], 'the new document declares what the topic carries');
  });
});
