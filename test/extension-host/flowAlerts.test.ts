// Alerts in a real editor against the rig's RabbitMQ: a rule in `eventFlows.alerts` on an open broker puts
// "DLQ +2" in the status bar's summary when two dead letters arrive, the status bar's command opens the
// monitor on the queue (charting them), and purging the queue clears the alert.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type * as amqp from 'amqplib';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import { host, rabbitmq } from '../services/ports';
import { deleteTestVhost, openTestVhost } from '../support/rabbitVhost';
import { ourExtension } from './manifest';
import { waitFor, waitForRoot } from './support/treeWaits';

describe('Flow alerts', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;
  const vhost = `efx-alerts-${randomUUID().slice(0, 8)}`;
  const label = `Alerts ${vhost}`;
  const dlq = 'orders.dlq';
  let raw: amqp.ChannelModel | undefined;
  let connectionId = '';
  const configuration = () => vscode.workspace.getConfiguration('eventFlows');

  before(async function () {
    api = (await ourExtension().activate()) as EventFlowsApi;
    raw = await openTestVhost(this, 'Flow alerts', vhost);
    const channel = await raw.createChannel();
    await channel.assertQueue(dlq, { durable: true });
    await channel.close();
    const id = await vscode.commands.executeCommand<string>('eventFlows.addRabbitConnection', { name: label, amqpUrl: `amqp://${host}:${rabbitmq.port}/${vhost}`, managementUrl: rabbitmq.managementUrl, username: rabbitmq.username, password: rabbitmq.password });
    assert.ok(id, 'the broker was not saved');
    await configuration().update('monitor.refreshSeconds', 1, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.monitor.panels.dispose();
    await configuration().update('alerts', undefined, vscode.ConfigurationTarget.Global);
    await configuration().update('monitor.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    const brokers = configuration().get<{ name?: string }[]>('rabbitmq.brokers') ?? [];
    await configuration().update('rabbitmq.brokers', brokers.filter((b) => b.name !== label), vscode.ConfigurationTarget.Global);
    await raw?.close().catch(() => undefined);
    await deleteTestVhost(vhost);
  });

  it('a growing dead-letter queue shows in the status bar summary, opens the monitor, and clears when purged', async () => {
    await configuration().update('alerts', [{ when: 'deadLettersGrow', connection: label, source: dlq, scope: vhost }], vscode.ConfigurationTarget.Global);
    // Expanded in the tree, as a user connects it.
    const root = await waitForRoot(api, label);
    connectionId = root.connection.id;
    await api.tree.getChildren(root);
    await waitFor(() => Promise.resolve(api.monitor.alerts.watch.watching.includes(connectionId)), 15_000, `the alert to watch the open broker (rules ${JSON.stringify(api.monitor.alerts.watch.rules)}, open ${String(api.connections.get(connectionId)?.isOpen)}, setting ${JSON.stringify(configuration().get('alerts'))})`);
    // The monitor on the queue shares the alert's poll: once it charts the empty queue, the alert has that baseline too.
    const target = { connectionId, kind: 'source' as const, name: dlq, scope: vhost };
    await vscode.commands.executeCommand('eventFlows.openMonitor', undefined, { targets: [target] });
    const depth = () => api.monitor.panels.session?.view().charts.find((c) => c.kind === 'depth');
    await waitFor(() => Promise.resolve(depth()?.values[0]?.at(-1) === 0), 60_000, 'the monitor to chart the empty queue');
    const channel = await raw?.createConfirmChannel();
    assert.ok(channel);
    channel.sendToQueue(dlq, Buffer.from('{"n":1}'), { persistent: true });
    channel.sendToQueue(dlq, Buffer.from('{"n":2}'), { persistent: true });
    await channel.waitForConfirms();
    await waitFor(() => Promise.resolve(api.monitor.alerts.summary() === 'DLQ +2'), 60_000, `"DLQ +2" in the summary (now "${api.monitor.alerts.summary()}")`);
    assert.equal(api.monitor.alerts.watch.active().length, 1);

    api.monitor.panels.dispose();
    await vscode.commands.executeCommand('eventFlows.openMonitor', undefined, { alerts: true });
    assert.deepEqual(api.monitor.panels.session?.targets, [target], 'the status bar opens the monitor on what the alerts watch');
    await waitFor(() => Promise.resolve(depth()?.values[0]?.some((v) => v === 2) === true), 30_000, 'the monitor to chart the two dead letters');

    await channel.purgeQueue(dlq);
    await channel.close();
    await waitFor(() => Promise.resolve(api.monitor.alerts.summary() === ''), 60_000, 'the alert to clear');
    assert.deepEqual(api.monitor.alerts.watch.active(), []);
  });

  it('"Trace a dead letter" traces the newest message of a stream, and selects a classic queue, reading nothing from it', async () => {
    const stream = 'orders.dlq.stream';
    const channel = await raw?.createConfirmChannel();
    assert.ok(channel);
    await channel.assertQueue(stream, { durable: true, arguments: { 'x-queue-type': 'stream' } });
    channel.sendToQueue(stream, Buffer.from('{"n":1}'), { persistent: true, messageId: 'older' });
    channel.sendToQueue(stream, Buffer.from('{"n":2}'), { persistent: true, messageId: 'newest' });
    channel.sendToQueue(dlq, Buffer.from('{"n":3}'), { persistent: true, messageId: 'classic' });
    await channel.waitForConfirms();
    const window = vscode.window as unknown as { showQuickPick: (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => Thenable<unknown> };
    const original = window.showQuickPick;
    const titles: string[] = [];
    // The trace's plan asks (the rig's queues change state when read): noted, then cancelled.
    window.showQuickPick = (_items, options) => {
      titles.push(options?.title ?? '');
      return Promise.resolve(undefined);
    };
    try {
      assert.equal(await api.monitor.alerts.traceDeadLetter(connectionId, { name: stream, scope: vhost }), 'traced');
      assert.ok(titles.some((t) => t.startsWith('Trace plan')), `the trace did not start (${JSON.stringify(titles)})`);
      assert.equal(await api.monitor.alerts.traceDeadLetter(connectionId, { name: dlq, scope: vhost }), 'selected');
    } finally {
      window.showQuickPick = original;
    }
    const left = await channel.get(dlq, { noAck: true });
    assert.ok(left, 'the classic queue lost its message');
    assert.equal(left.fields.redelivered, false, 'the classic queue was read');
    await channel.close();
  });
});
