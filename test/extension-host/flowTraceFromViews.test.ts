// Trace This Event's Flow from the views that show one event: a Kafka message browsed from the rig's
// Kafka, the event selected in an aggregate's timeline (the workspace's Local store) and an event a
// handler published in a bus run. Each opens the flow view holding the same correlation's events, in time
// order, with their causes; a message of another correlation on the same topic is not among them.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { FlowPanel } from '../../src/panels/flow/flowPanel';
import type { MessageBrowserPanel } from '../../src/panels/messageBrowser/messageBrowserPanel';
import type { TimelinePanel } from '../../src/panels/timeline/timelinePanel';
import type { BusRun, BusTrace } from '../../src/sandbox/bus/busTypes';
import { waitForRoot, withTimeout } from './kafkaSupport';
import { useKafkaTopic } from './kafkaSuite';
import { ourExtension } from './manifest';
import { waitFor } from './support/treeWaits';

type Pick = (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => Thenable<unknown>;

const everyTrace = (traces: readonly BusTrace[]): BusTrace[] => traces.flatMap((trace) => [trace, ...everyTrace(trace.children)]);

describe("Trace This Event's Flow from a browsed message, a timeline and a bus run", function () {
  this.timeout(180_000);
  const suffix = randomUUID().slice(0, 8);
  const topic = `efx-host-trace-views-${suffix}`;
  const kafkaName = `Trace Views Kafka ${suffix}`;
  const aggregateId = `Order-T${suffix}`;
  const correlationId = `order-${randomUUID()}`;
  const [placed, payment, paid, foreign] = ['placed', 'payment', 'paid', 'foreign'].map((name) => `${name}-${suffix}`);
  const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  const window = vscode.window as unknown as { showQuickPick: Pick };
  const original = window.showQuickPick;
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  // An order placed and its payment on Kafka, a message of another order between them, the order paid in the store.
  const message = (id: string, type: string, at: number, correlation: string, causation?: string) => ({
    timestamp: String(at),
    value: '{}',
    headers: { 'event-id': id, 'event-type': type, 'correlation-id': correlation, ...(causation === undefined ? {} : { 'causation-id': causation }) },
  });
  useKafkaTopic('Trace from the views', {
    topic,
    clusterName: kafkaName,
    messages: [message(placed, 'OrderPlaced', base, correlationId), message(foreign, 'OrderPlaced', base + 500, `order-${randomUUID()}`), message(payment, 'PaymentCompleted', base + 1000, correlationId, placed)],
  });

  before(async () => {
    const store = await api.localConnection().open();
    await store.append(aggregateId, 'Order', [{ id: paid, type: 'OrderPaid', timestamp: new Date(base + 2000).toISOString(), data: { amount: 12 }, metadata: { correlationId, causationId: payment } }], 0);
    // Other suites' connections may hold queues, which make the plan ask: keep this suite's sources.
    window.showQuickPick = (items, options) => Promise.resolve(options?.canPickMany ? items.filter((i) => i.label === `${kafkaName} › ${topic}` || i.label.startsWith('Local ›')) : undefined);
  });

  after(() => {
    window.showQuickPick = original;
    for (const panel of api.flowViews.all) panel.dispose();
  });

  /** The flow view the action opened, once every source answered. */
  async function traced(action: () => Promise<unknown>, what: string): Promise<FlowPanel> {
    const before = api.flowViews.latest;
    await action();
    let panel: FlowPanel | undefined;
    await waitFor(
      () => {
        panel = api.flowViews.latest;
        return Promise.resolve(panel !== undefined && panel !== before);
      },
      30_000,
      `a flow view traced from ${what}`,
    );
    assert.ok(panel);
    const session = panel.session;
    await waitFor(() => Promise.resolve(!session.view().running), 120_000, `the trace from ${what} to finish`);
    return panel;
  }

  /** The order's three events in time order, each caused by the one before; the other order's message absent. */
  function assertTheOrdersFlow(panel: FlowPanel): void {
    const view = panel.session.view();
    assert.deepEqual(
      view.trace.nodes.map((n) => [n.eventId, n.type, n.system]),
      [
        [placed, 'OrderPlaced', 'kafka'],
        [payment, 'PaymentCompleted', 'kafka'],
        [paid, 'OrderPaid', 'local'],
      ],
    );
    assert.deepEqual(
      view.trace.edges.map((e) => [e.from, e.to, e.kind, e.latencyMs]),
      [
        [0, 1, 'caused', 1000],
        [1, 2, 'caused', 1000],
      ],
    );
    assert.equal(view.trace.nodes[0].place, `${topic} [0] @ 0`);
    assert.equal(view.trace.nodes[1].place, `${topic} [0] @ 2`);
    assert.equal(view.trace.nodes[2].place, `Local › ${aggregateId} v1`);
    assert.deepEqual(view.trace.gaps, []);
    assert.match(view.title, /^Flow of correlation id "order-/);
    const ours = view.sources.find((s) => s.label === `${kafkaName} › ${topic}`);
    assert.equal(ours?.state, 'answered', ours?.detail);
    assert.equal(ours?.found, 2);
  }

  it('from a browsed Kafka message: its correlation across the topic and the store', async () => {
    const root = await waitForRoot(api, kafkaName);
    const browser = await vscode.commands.executeCommand<MessageBrowserPanel>('eventFlows.kafka.browseTopic', root, { topic, parameters: { mode: 'beginning', filter: {} } });
    assert.ok(browser, 'no browser panel');
    try {
      await withTimeout(browser.ready, 20_000, 'the message browser webview never said ready');
      await browser.lastBrowse;
      const row = browser.session.store.rows(0, 10).find((r) => r.offset === '2');
      assert.ok(row, 'the payment is not among the browsed rows');
      const panel = await traced(() => browser.handleMessage({ type: 'trace', index: row.index }), 'a browsed message');
      assertTheOrdersFlow(panel);
      assert.match(panel.session.view().window, /^±1 h around /);
      panel.dispose();
    } finally {
      browser.dispose();
    }
  });

  it("from a timeline's selected event: the same flow", async () => {
    const local = api.localConnection();
    const node = await api.findAggregate(local.id, 'Order', aggregateId);
    assert.ok(node, `no ${aggregateId} in the tree`);
    const timeline = await vscode.commands.executeCommand<TimelinePanel>('eventFlows.openTimeline', node);
    assert.ok(timeline, 'no timeline');
    try {
      await timeline.handleMessage({ type: 'select', index: 0 });
      const panel = await traced(() => timeline.handleMessage({ type: 'traceFlow' }), 'a timeline event');
      assertTheOrdersFlow(panel);
      assert.equal(panel.session.view().window, `±1 h around ${new Date(base + 2000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`);
      panel.dispose();
    } finally {
      timeline.dispose();
    }
  });

  it('from an event a handler published in a bus run: traced by the correlation it inherited', async () => {
    await vscode.commands.executeCommand('eventFlows.createStarterBus');
    const node = await api.findAggregate(api.localConnection().id, 'Order', aggregateId);
    assert.ok(node);
    const run = await vscode.commands.executeCommand<BusRun>('eventFlows.runEventsThroughBus', node);
    assert.ok(run, 'no bus run (is the workspace trusted?)');
    const invoice = everyTrace(run.traces).find((t) => t.event.type === 'InvoiceRequested');
    assert.ok(invoice, 'the starter bus published no InvoiceRequested for OrderPaid');
    assert.equal(invoice.parentId, paid);
    const panel = await traced(() => api.busRuns.handleMessage({ type: 'trace', eventId: invoice.event.id }), 'a bus-run event');
    assertTheOrdersFlow(panel);
    panel.dispose();
    // An id the run does not hold opens nothing.
    const count = api.flowViews.all.length;
    await api.busRuns.handleMessage({ type: 'trace', eventId: `not-${suffix}` });
    assert.equal(api.flowViews.all.length, count);
  });
});
