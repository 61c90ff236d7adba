/** The chapter's own Python classes (test/fixtures/sandbox) and events in the shape they read. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FlowEvent } from '../../../src/core/envelope';
import type { JsonValue } from '../../../src/core/json';
import { repoRoot } from '../../support/paths';

export const chapterOrderFile = path.join(repoRoot, 'test', 'fixtures', 'sandbox', 'chapter_order.py');
export const chapterBusFile = path.join(repoRoot, 'test', 'fixtures', 'sandbox', 'chapter_bus.py');

/** 1-based line of the first line of `file` containing `text`. */
export function lineOf(file: string, text: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} not in ${file}`);
  return index + 1;
}

export function chapterEvent(type: string, data: JsonValue, version: number, aggregateId = 'Order-1'): FlowEvent {
  return {
    id: `evt-${aggregateId}-${version}`,
    type,
    timestamp: new Date(Date.UTC(2026, 0, 5, 9, 0, version)).toISOString(),
    data,
    aggregateId,
    aggregateType: 'Order',
    version,
    metadata: {},
    source: { system: 'mongo', database: 'shop', collection: 'events' },
  };
}

/** OrderCreated → ItemAdded × 2 → OrderPaid, with the fields the chapter's Order reads (§3.2). */
export function chapterOrderFlow(aggregateId = 'Order-1'): FlowEvent[] {
  return [
    chapterEvent('OrderCreated', { customer_id: 'c-7' }, 1, aggregateId),
    chapterEvent('ItemAdded', { item: 'KB-MECH-01', price: 49.99 }, 2, aggregateId),
    chapterEvent('ItemAdded', { item: 'CBL-USBC-1M', price: 10 }, 3, aggregateId),
    chapterEvent('OrderPaid', { payment_id: 'pay-1' }, 4, aggregateId),
  ];
}
