// A statistics view VS Code brings back after a reload (the serializer hands over a panel of the view's type
// and the state its page saved: the source and the type shown). A Local aggregate type is read again and
// opens on the type that was shown; a classic queue is not read again (a peek would change it) and the view
// says so with "Read Again"; a removed connection, an aggregate type without events and a deleted queue are
// said to be gone; a state that names no source closes the panel.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EventFlowsApi } from '../../src/extension';
import type { StatisticsPanel } from '../../src/panels/statistics/statisticsPanel';
import type { StatisticsToWebview } from '../../src/protocol/statistics';
import { ourExtension } from './manifest';
import { useRabbitBroker } from './rabbitSuite';
import { waitFor } from './support/treeWaits';

describe('Statistics view after a reload', function () {
  this.timeout(120_000);
  let api: EventFlowsApi;

  before(async () => {
    api = (await ourExtension().activate()) as EventFlowsApi;
  });

  /** Restores a view as the serializer does, catching what the panel posts to its page. */
  function restore(state: unknown): { view: StatisticsPanel | undefined; closed: () => boolean; posted: StatisticsToWebview[] } {
    const panel = vscode.window.createWebviewPanel('eventFlows.statistics', 'Statistics', vscode.ViewColumn.Active, {});
    let closed = false;
    panel.onDidDispose(() => (closed = true));
    const posted: StatisticsToWebview[] = [];
    panel.webview.postMessage = (message: StatisticsToWebview) => {
      posted.push(message);
      return Promise.resolve(true);
    };
    return { view: api.statisticsViews.restore(panel, state), closed: () => closed, posted };
  }

  it('reads a Local aggregate type again and opens on the type that was shown', async () => {
    const aggregateType = `Restored${randomUUID().slice(0, 8)}`;
    const store = await api.localConnection().open();
    await store.append(`${aggregateType}-1`, aggregateType, [{ type: 'OrderCreated', timestamp: '2026-12-01T10:00:00.000Z', data: { total: 3 } }], 0);
    await store.append(`${aggregateType}-1`, aggregateType, [{ type: 'OrderPaid', timestamp: '2026-12-01T11:00:00.000Z', data: { paid: true } }], 1);
    const origin = { kind: 'store' as const, connectionId: api.localConnection().id, label: 'Local', aggregateType };
    const { view, posted } = restore({ typeIndex: 1, origin });
    assert.ok(view, 'no view restored');
    try {
      assert.equal(view.panel.viewType, 'eventFlows.statistics');
      await waitFor(() => Promise.resolve(view.statistics !== undefined), 30_000, 'the restored view to read its statistics again');
      assert.equal(view.statistics?.aggregateType, aggregateType);
      assert.equal(view.statistics?.events, 2);
      assert.equal(view.bannerText, undefined, 'a view read again still has a banner');
      await waitFor(() => Promise.resolve(posted.some((m) => m.type === 'typeDetail')), 10_000, 'the type shown before the reload');
      const detail = posted.find((m): m is Extract<StatisticsToWebview, { type: 'typeDetail' }> => m.type === 'typeDetail');
      assert.deepEqual([detail?.detail.index, detail?.detail.type], [1, view.statistics?.types[1].type]);
      const page = JSON.parse(/<script[^>]*id="first-view"[^>]*>([\s\S]*?)<\/script>/.exec(view.panel.webview.html)?.[1] ?? 'null') as { origin?: unknown } | null;
      assert.deepEqual(page?.origin, origin, 'the page does not carry its origin for the next reload');
    } finally {
      view.dispose();
    }
  });

  it('says when the connection or the aggregate type is gone, and closes on a state that names no source', async () => {
    const gone = restore({ typeIndex: 0, origin: { kind: 'source', connectionId: `removed-${randomUUID()}`, label: 'Old cluster', source: 'orders' } });
    assert.ok(gone.view);
    try {
      await waitFor(() => Promise.resolve(gone.view?.bannerText?.includes('Old cluster is gone') === true), 10_000, 'the view to say the connection is gone');
    } finally {
      gone.view.dispose();
    }
    const noType = restore({ typeIndex: 0, origin: { kind: 'store', connectionId: api.localConnection().id, label: 'Local', aggregateType: `Never${randomUUID().slice(0, 8)}` } });
    assert.ok(noType.view);
    try {
      await waitFor(() => Promise.resolve(/aggregates of Local is gone/.test(noType.view?.bannerText ?? '')), 30_000, 'the view to say the aggregate type is gone');
      assert.equal(noType.view.statistics, undefined);
    } finally {
      noType.view.dispose();
    }
    const unreadable = restore({ typeIndex: 'first' });
    assert.equal(unreadable.view, undefined);
    await waitFor(() => Promise.resolve(unreadable.closed()), 5000, 'the unreadable view to close');
  });

  describe('on RabbitMQ', () => {
    const vhost = `efx-statsrestore-${randomUUID().slice(0, 8)}`;
    const label = `Statistics restore ${vhost}`;
    const queue = `orders-${randomUUID().slice(0, 8)}`;
    const broker = useRabbitBroker('statistics restore on RabbitMQ', vhost, label, async (raw) => {
      const channel = await raw.createConfirmChannel();
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic' } });
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ id: 'order-1' })), { type: 'OrderPlaced' });
      await channel.waitForConfirms();
      await channel.close();
    });
    let connectionId = '';

    before(async () => {
      await waitFor(() => Promise.resolve(api.connections.all().some((c) => c.label === label)), 15_000, 'the broker among the connections');
      connectionId = api.connections.all().find((c) => c.label === label)?.id ?? '';
    });

    it('does not read a classic queue again (a peek changes it) and offers Read Again; a deleted queue is gone', async () => {
      const { view } = restore({ typeIndex: 0, origin: { kind: 'source', connectionId, label, source: queue } });
      assert.ok(view);
      try {
        await waitFor(() => Promise.resolve(/was not read again/.test(view.bannerText ?? '')), 30_000, 'the view to say the queue was not read again').catch((error: Error) => {
          throw new Error(`${error.message}; the view says: ${view.bannerText}`);
        });
        assert.equal(view.statistics, undefined);
        assert.match(view.bannerText ?? '', /Read Again/);
        const channel = await broker.connection().createChannel();
        try {
          const checked = await channel.checkQueue(queue);
          assert.deepEqual([checked.messageCount, checked.consumerCount], [1, 0], 'the restore touched the queue');
        } finally {
          await channel.close();
        }
      } finally {
        view.dispose();
      }
      const deleted = restore({ typeIndex: 0, origin: { kind: 'source', connectionId, label, source: `deleted-${queue}` } });
      assert.ok(deleted.view);
      try {
        await waitFor(() => Promise.resolve(/is gone/.test(deleted.view?.bannerText ?? '')), 30_000, 'the view to say the queue is gone');
      } finally {
        deleted.view.dispose();
      }
    });
  });
});
