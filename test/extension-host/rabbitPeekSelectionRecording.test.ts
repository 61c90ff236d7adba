// Save Selection as Recording and Copy Selection in the RabbitMQ peek view, through the panel the peek command
// returns and the rig's RabbitMQ: exactly the selected peeked messages (a binary body, headers, a body past
// the peek's preview bound read whole), a selection naming a message the view does not hold refused, and the
// saved recording published again with Publish Recording… reproducing the messages byte for byte.
import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { readRecording, type RecordedBytes } from '../../src/connectors/recordings/recordingFormat';
import type { PeekToWebview } from '../../src/protocol/rabbitmq/peek';
import { host, rabbitmq } from '../services/ports';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';
import { ourExtension } from './manifest';
import { openPeekPanel } from './rabbitSuite';
import { preconfirmed } from './support/preconfirmed';
import { waitFor, waitForRabbitQueue } from './support/treeWaits';

interface Sent {
  routingKey: string;
  body: Buffer;
  options: amqp.Options.Publish;
}

const bytesOf = (value: RecordedBytes | null): Buffer => (value === null ? Buffer.alloc(0) : 'text' in value ? Buffer.from(value.text, 'utf8') : Buffer.from(value.base64, 'base64'));

describe('RabbitMQ peek view selection as a recording', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const vhost = `efx-peeksel-${randomUUID().slice(0, 8)}`;
  const label = `Peek selection ${vhost}`;
  const exchange = 'events';
  const queue = 'source';
  const copies = 'copies';
  let raw: amqp.ChannelModel | undefined;
  const made: string[] = [];

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    raw = await openTestVhost(this, 'RabbitMQ peek selection recording', vhost);
    const id = await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name: label, amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}`, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password });
    assert.ok(id, 'the broker was not saved');
  });

  after(async () => {
    await raw?.close().catch(() => undefined);
    for (const file of made) fs.rmSync(file, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const brokers = vscode.workspace.getConfiguration('eventFlows').get<{ name?: string }[]>('rabbitmq.brokers') ?? [];
    await vscode.workspace.getConfiguration('eventFlows').update('rabbitmq.brokers', brokers.filter((b) => b.name !== label), vscode.ConfigurationTarget.Global);
    await deleteTestVhost(vhost);
  });

  async function withChannel<T>(use: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
    if (!raw) throw new Error('no AMQP connection');
    const channel = await raw.createConfirmChannel();
    try {
      return await use(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  it('saves and copies exactly the selected messages, bodies whole; refuses a message it does not hold; the recording publishes them again byte for byte', async () => {
    const sent: Sent[] = [
      { routingKey: 'order.created', body: Buffer.from('{ "orderId" : "Order-1" }'), options: { messageId: 'm-0', contentType: 'application/json', headers: { tenant: 'acme' } } },
      { routingKey: 'order.bytes', body: Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0a, 0x80]), options: { messageId: 'm-1', contentType: 'application/octet-stream', headers: { 'x-kind': 'binary', note: 'line\u2028sep' } } },
      { routingKey: 'order.skipped', body: Buffer.from('not selected'), options: { messageId: 'm-2' } },
      // Past the peek's 256 KB preview bound: the view holds its first bytes, the recording needs it whole.
      { routingKey: 'order.large', body: randomBytes(300 * 1024), options: { messageId: 'm-3', headers: { big: 'yes' } } },
      { routingKey: 'order.paid', body: Buffer.from('paid ✓'), options: { messageId: 'm-4', type: 'OrderPaid', correlationId: 'c-4', timestamp: 1_764_000_000, contentType: 'text/plain', headers: { tenant: 'acme', 'event-type': 'OrderPaid' } } },
    ];
    await withChannel(async (channel) => {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.assertQueue(queue, { durable: true });
      await channel.bindQueue(queue, exchange, '#');
      for (const message of sent) channel.publish(exchange, message.routingKey, message.body, { ...message.options, persistent: true });
      await channel.waitForConfirms();
    });

    const node = await waitForRabbitQueue(api, label, vhost, queue);
    const { peek, posted } = await openPeekPanel(node);

    // A selection naming a message the view does not hold is refused whole: nothing is written or copied.
    await vscode.env.clipboard.writeText('before');
    await peek.handleMessage({ type: 'recordSelection', positions: [1, 7], to: 'clipboard' });
    const refused = posted.find((m): m is Extract<PeekToWebview, { type: 'error' }> => m.type === 'error');
    assert.match(refused?.message ?? `not refused: ${JSON.stringify(posted)}`, /1 selected message\(s\) \(#7\) are not among the messages this view peeked from source: peek again/);
    assert.equal(await vscode.env.clipboard.readText(), 'before');

    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'the test window has no folder');
    const folder = path.join(workspace, '.eventflow', 'recordings');
    const earlier = fs.existsSync(folder) ? new Set(fs.readdirSync(folder)) : new Set<string>();
    const window = vscode.window as unknown as { showQuickPick: (items: readonly { label: string }[]) => Thenable<unknown> };
    const originalPick = window.showQuickPick;
    window.showQuickPick = (items) => Promise.resolve(items[0]);
    posted.length = 0;
    try {
      // As the page posts them: the positions selected, in the order they were clicked.
      await peek.handleMessage({ type: 'recordSelection', positions: [4, 1, 3], to: 'file' });
      await peek.handleMessage({ type: 'recordSelection', positions: [4, 1, 3], to: 'clipboard' });
    } finally {
      window.showQuickPick = originalPick;
    }
    assert.deepEqual(posted.filter((m) => m.type === 'error'), []);
    const notices = posted.filter((m): m is Extract<PeekToWebview, { type: 'notice' }> => m.type === 'notice').map((m) => m.message);
    assert.equal(notices.length, 2, JSON.stringify(posted));
    assert.match(notices[0], /^Saved 3 selected message\(s\) of source as a recording: /);
    assert.equal(notices[1], 'Copied 3 selected message(s) of source as a recording (NDJSON).');
    const files = fs.readdirSync(folder).filter((file) => !earlier.has(file) && file.startsWith(queue));
    assert.equal(files.length, 1, `one new recording: ${files.join(', ')}`);
    const file = path.join(folder, files[0]);
    made.push(file);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file, 'the saved recording is opened');

    const saved = readRecording(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(saved.problems, []);
    assert.equal(saved.recording?.header.source.kind, 'rabbitmq');
    assert.equal(saved.recording?.header.source.channel, queue);
    const recorded = saved.recording?.messages ?? [];
    const selected = [1, 3, 4].map((i) => sent[i]);
    assert.deepEqual(recorded.map((m) => m.from), [1, 3, 4].map((position) => ({ vhost, exchange, queue, position })), 'exactly the selected, in queue order');
    assert.deepEqual(recorded.map((m) => (m.key && 'text' in m.key ? m.key.text : null)), selected.map((m) => m.routingKey));
    recorded.forEach((m, i) => assert.ok(bytesOf(m.value).equals(selected[i].body), `the body of message ${i} is not the one published (${bytesOf(m.value).length} bytes recorded)`));
    const copied = readRecording(await vscode.env.clipboard.readText());
    assert.deepEqual(copied.problems, []);
    assert.deepEqual(copied.recording?.messages, recorded, 'the clipboard holds the same messages as the file');
    peek.dispose();

    // Bound only now, so that it receives what the recording publishes and nothing before.
    await withChannel(async (channel) => {
      await channel.assertQueue(copies, { durable: true });
      await channel.bindQueue(copies, exchange, '#');
    });
    const published = await vscode.commands.executeCommand<number>('eventFlows.rabbitmq.publishRecording', vscode.Uri.file(file), { node, confirmed: preconfirmed(api) });
    assert.equal(published, 3);
    const arrived = await withChannel(async (channel) => {
      const got: amqp.GetMessage[] = [];
      await waitFor(async () => {
        const message = await channel.get(copies, { noAck: true });
        if (message !== false) got.push(message);
        return got.length === 3;
      });
      return got;
    });
    arrived.forEach((message, i) => {
      const expected = selected[i];
      assert.equal(message.fields.routingKey, expected.routingKey);
      assert.ok(message.content.equals(expected.body), `republished body ${i} differs`);
      const props = message.properties as unknown as Record<string, unknown>;
      for (const key of ['messageId', 'contentType', 'type', 'correlationId', 'timestamp'] as const) assert.equal(props[key], expected.options[key], `${key} of message ${i}`);
      assert.deepEqual(message.properties.headers ?? {}, expected.options.headers ?? {}, `headers of message ${i}`);
    });
  });
});
