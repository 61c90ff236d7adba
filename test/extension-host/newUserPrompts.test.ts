// What a first-time user is told: Declare Sample Topology says what it declared and what was there already,
// with the topology one click away; Run Through Bus without a bus file asks in a modal dialog and, once the
// starter bus is written, runs the events it was asked to run.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SampleTopologyNames } from '../../src/connectors/rabbitmq/sampleTopology';
import type { SampleTopologyReport } from '../../src/connectors/rabbitmq/sampleTopologyReport';
import type { EventFlowsApi } from '../../src/extension';
import type { BusRun } from '../../src/sandbox/bus/busTypes';
import { ourExtension } from './manifest';
import { useRabbitBroker } from './rabbitSuite';
import { answerMessages } from './support/dialogs';
import { preconfirmed } from './support/preconfirmed';
import { waitFor, waitForRoot } from './support/treeWaits';

const topologyTabs = (title: string): vscode.Tab[] =>
  vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('eventFlows.rabbitmq.topology') && tab.label === title);

describe('New user prompts', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  describe('Declare Sample Topology', () => {
    const vhost = `efx-declare-${randomUUID().slice(0, 8)}`;
    const label = `Declare ${vhost}`;
    const broker = useRabbitBroker('Declare Sample Topology report', vhost, label);

    it('says what it declared and what was there already, and its action opens the topology of that vhost', async () => {
      // A queue the user made before, with the sample's own arguments: it is kept, and the report says so.
      const channel = await broker.connection().createChannel();
      await channel.assertQueue('orders.created', { durable: true, arguments: { 'x-dead-letter-exchange': 'orders.dlx', 'x-max-priority': 10 } });
      await channel.close();
      const root = await waitForRoot(api, label);
      const dialogs = answerMessages((shown) => (shown.items.includes('Open Topology View') ? 'Open Topology View' : undefined));
      try {
        const declared = await vscode.commands.executeCommand<SampleTopologyNames & { report: SampleTopologyReport }>('eventFlows.rabbitmq.declareSampleTopology', root, { confirmed: preconfirmed(api) });
        assert.ok(declared, 'the command returned nothing');
        await waitFor(() => Promise.resolve(dialogs.shown.length > 0));
        const said = dialogs.shown.find((s) => s.items.includes('Open Topology View'));
        assert.ok(said, `no notification with the follow-up action: ${JSON.stringify(dialogs.shown)}`);
        assert.equal(said.severity, 'information');
        assert.equal(
          said.message,
          `Declared the sample topology in vhost ${vhost}: 3 exchanges (orders (topic), orders.dlx (fanout), orders.delay (fanout)), 5 queues (orders.dlq, orders.delay, orders.items, orders.payments, orders.shipping) and 8 bindings (their routing keys are in the topology view). Already there and kept: orders.created.`,
        );
        assert.deepEqual(declared.report.queues.filter((q) => q.existed).map((q) => q.name), ['orders.created']);
        await waitFor(() => Promise.resolve(topologyTabs(`Topology: ${label} ${vhost}`).length === 1));

        dialogs.shown.length = 0;
        await vscode.commands.executeCommand('eventFlows.rabbitmq.declareSampleTopology', root, { confirmed: preconfirmed(api) });
        await waitFor(() => Promise.resolve(dialogs.shown.length > 0));
        assert.equal(dialogs.shown[0]?.message, `The sample topology was already in vhost ${vhost}: 3 exchanges, 6 queues and 8 bindings, all kept as they were.`);
      } finally {
        dialogs.restore();
        for (const tab of topologyTabs(`Topology: ${label} ${vhost}`)) await vscode.window.tabGroups.close(tab);
      }
    });
  });

  describe('Topology view node clicks', () => {
    const vhost = `efx-topoclick-${randomUUID().slice(0, 8)}`;
    const label = `Topology clicks ${vhost}`;
    const broker = useRabbitBroker('Topology view node clicks', vhost, label);

    it('a queue opens its peek view; an exchange is selected in the tree with its bindings beneath', async () => {
      const root = await waitForRoot(api, label);
      const dialogs = answerMessages(() => undefined);
      let topology: { handleMessage(raw: unknown): Promise<void>; dispose(): void } | undefined;
      try {
        await vscode.commands.executeCommand('eventFlows.rabbitmq.declareSampleTopology', root, { confirmed: preconfirmed(api) });
        topology = await vscode.commands.executeCommand('eventFlows.rabbitmq.openTopology', undefined, { connectionId: broker.connectionId(), vhost });
        assert.ok(topology, 'no topology panel');
        await topology.handleMessage({ type: 'openNode', nodeId: 'queue:orders.dlq' });
        const peekTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('eventFlows.rabbitmq.peek') && t.label === 'Peek: orders.dlq');
        await waitFor(() => Promise.resolve(peekTabs().length === 1), 15_000, 'the peek view of orders.dlq');
        for (const tab of peekTabs()) await vscode.window.tabGroups.close(tab);
        await topology.handleMessage({ type: 'openNode', nodeId: 'exchange:orders' });
        const selected = api.treeView.selection[0];
        assert.ok(selected?.kind === 'rabbitExchange' && selected.exchange.name === 'orders', `selected ${selected?.id}`);
        const bindings = await api.tree.getChildren(selected);
        assert.deepEqual(bindings.length, 6, 'the exchange shows no bindings beneath');
      } finally {
        dialogs.restore();
        topology?.dispose();
      }
    });
  });

  describe('Run Through Bus without a bus file', () => {
    let busFile = '';
    let saved: string | undefined;

    before(() => {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(root, 'no workspace folder');
      busFile = path.join(root, '.eventflow', 'bus.js');
      // Another suite may have written one already: set it aside, and put it back after.
      saved = fs.existsSync(busFile) ? fs.readFileSync(busFile, 'utf8') : undefined;
      fs.rmSync(busFile, { force: true });
    });

    after(() => {
      if (saved === undefined) fs.rmSync(busFile, { force: true });
      else fs.writeFileSync(busFile, saved);
    });

    it('asks in a modal dialog; declining runs nothing and writes nothing', async () => {
      const dialogs = answerMessages(() => undefined);
      try {
        const run = await vscode.commands.executeCommand<BusRun | undefined>('eventFlows.runEventsThroughBus', { source: 'sample' });
        assert.equal(run, undefined);
        assert.equal(dialogs.shown.length, 1);
        assert.equal(dialogs.shown[0]?.modal, true, 'the question is a toast that vanishes');
        assert.deepEqual(dialogs.shown[0]?.items, ['Create Starter Bus and Run']);
        assert.equal(fs.existsSync(busFile), false);
      } finally {
        dialogs.restore();
      }
    });

    it('Create Starter Bus and Run writes the starter bus and runs the events asked for through it', async () => {
      const dialogs = answerMessages((shown) => (shown.modal ? 'Create Starter Bus and Run' : undefined));
      try {
        const run = await vscode.commands.executeCommand<BusRun | undefined>('eventFlows.runEventsThroughBus', { source: 'sample' });
        assert.ok(fs.existsSync(busFile), 'no starter bus was written');
        assert.ok(run, 'the events were not run once the bus existed');
        assert.ok(run.traces.some((t) => t.event.type === 'OrderCreated'), `the run holds no OrderCreated: ${run.traces.map((t) => t.event.type).join(', ')}`);
        assert.equal(api.busRuns.current, run, 'the bus-run view does not show the run');
      } finally {
        dialogs.restore();
      }
    });
  });
});
