/**
 * The flow view's page outside VS Code, for the Chromium test and the benchmark: a trace the model builds
 * (orders placed on Kafka, relayed to RabbitMQ with one retried, billed in the Local store, every 50th
 * billing naming a lost cause), written into the page as its first view with the panel's own HTML and CSP.
 */
import '../../src/connectors/kafka/kafkaSource';
import '../../src/connectors/rabbitmq/rabbitSource';
import type { EventSource, FlowEvent } from '../../src/core/envelope';
import { buildFlowTrace } from '../../src/core/flow/flowTrace';
import type { FoundEvent } from '../../src/core/flow/flowTypes';
import type { FlowViewModel } from '../../src/protocol/flow';
import { serveWebviewPages, type PageServer } from './pageServer';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
/** The id of the fourth billing: markup, which the page must show as text. */
export const HOSTILE_ID = '<img src=x onerror="window.__pwned=1">';

export function foundEvents(count: number): FoundEvent[] {
  const found: FoundEvent[] = [];
  const push = (id: string, at: number, connection: string, source: EventSource, extra: Partial<FlowEvent['metadata']> = {}, more: Partial<FlowEvent> = {}): void => {
    found.push({
      event: { id, type: connection === 'local' ? 'OrderBilled' : 'OrderPlaced', timestamp: new Date(T0 + at).toISOString(), data: {}, metadata: { correlationId: 'c-1', ...extra }, source, ...more },
      connectionId: connection,
      connectionLabel: connection === 'kafka' ? 'Rig Kafka' : connection === 'rabbit' ? 'Rig RabbitMQ' : 'Local',
      source: connection,
    });
  };
  for (let i = 0; found.length < count; i++) {
    const at = i * 1000;
    push(`placed-${i}`, at, 'kafka', { system: 'kafka', topic: 'orders', partition: i % 6, offset: String(i) });
    const deaths = i === 1 ? [{ key: 'x-death', value: JSON.stringify([{ count: 2, reason: 'rejected', queue: 'billing', exchange: 'orders' }]) }] : [];
    push(`placed-${i}`, at + 40, 'rabbit', { system: 'rabbitmq', vhost: '/', queue: 'billing', position: i, exchange: 'orders', routingKey: 'order.placed' }, deaths.length > 0 ? { headers: deaths } : {});
    push(i === 3 ? HOSTILE_ID : `billed-${i}`, at + 90, 'local', { system: 'local', file: 'events.ndjson', line: i + 1 }, { causationId: i % 50 === 7 ? `lost-${i}` : `placed-${i}` }, { aggregateId: `Order-${i}`, version: 1 });
  }
  return found.slice(0, count);
}

export function flowViewOf(count: number): FlowViewModel {
  return {
    title: 'Flow of correlation id "c-1"',
    window: '±1 h around 2026-12-06 10:00:00 UTC',
    trace: buildFlowTrace(foundEvents(count)),
    sources: [
      { label: 'Rig Kafka › orders', state: 'answered', detail: '', found: 1 },
      { label: 'Rig RabbitMQ › billing', state: 'answered', detail: '', found: 1 },
      { label: 'Down RabbitMQ › audit', state: 'failed', detail: 'connect ECONNREFUSED 127.0.0.1:5999', found: 0 },
      { label: 'Rig RabbitMQ › orders.payments', state: 'left-out', detail: 'left out by you', found: 0 },
    ],
    running: false,
    canWiden: true,
  };
}

/** Serves each view at its path (the page in VS Code's dark theme) and the built bundle; resolves with the origin. */
export function serveFlowPages(views: ReadonlyMap<string, FlowViewModel>): Promise<PageServer> {
  return serveWebviewPages((url) => {
    const view = views.get(url.pathname);
    return view ? { app: 'flow', title: 'flow', firstView: { view }, dark: true } : undefined;
  });
}
