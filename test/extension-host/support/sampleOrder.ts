// The extension activated, the sample flow published into the Local store, and one order long enough to
// choose an event that is neither its first nor its last.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readWholeStream } from '../../../src/connectors/eventStoreReads';
import type { FlowEvent } from '../../../src/core/envelope';
import type { EventFlowsApi } from '../../../src/extension';
import { ourExtension } from '../manifest';

export async function publishedOrder(minimumEvents = 4): Promise<{ api: EventFlowsApi; aggregateId: string; events: FlowEvent[] }> {
  const api = (await ourExtension().activate()) as EventFlowsApi;
  const published = await vscode.commands.executeCommand<{ aggregates: string[] }>('eventFlows.publishSampleEvents');
  const store = await api.localConnection().open();
  for (const aggregateId of published.aggregates) {
    const events = await readWholeStream(store, aggregateId);
    if (events.length >= minimumEvents) return { api, aggregateId, events };
  }
  assert.fail(`no sample order has ${minimumEvents} events: ${published.aggregates.join(', ')}`);
}
