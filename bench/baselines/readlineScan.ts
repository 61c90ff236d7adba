/**
 * The Local store baseline: what a reader without an index does. A full `readline` pass over the file that
 * parses every line, keeps each aggregate's type, version and last event time, collects one aggregate's
 * events, then answers the same two questions as the store: the first page of ids of a type, and the
 * events of one aggregate in version order.
 */
import { createReadStream } from 'node:fs';
import * as readline from 'node:readline';

interface ScannedAggregate {
  type: string;
  version: number;
  lastEventAt: string;
}

interface ScannedLine {
  aggregate_id: string;
  aggregate_type: string;
  version: number;
  timestamp: string;
}

export interface ScanAnswer {
  page: { id: string; version: number }[];
  events: unknown[];
}

export async function scanWithReadline(file: string, type: string, pageSize: number, aggregateId: string): Promise<ScanAnswer> {
  const aggregates = new Map<string, ScannedAggregate>();
  const events: { version: number; record: unknown }[] = [];
  const lines = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let record: ScannedLine;
    try {
      record = JSON.parse(line) as ScannedLine;
    } catch {
      continue;
    }
    const known = aggregates.get(record.aggregate_id);
    if (known === undefined) aggregates.set(record.aggregate_id, { type: record.aggregate_type, version: record.version, lastEventAt: record.timestamp });
    else if (record.version >= known.version) {
      known.version = record.version;
      known.lastEventAt = record.timestamp;
    }
    if (record.aggregate_id === aggregateId) events.push({ version: record.version, record });
  }
  const ids = [...aggregates].filter(([, aggregate]) => aggregate.type === type).map(([id]) => id);
  ids.sort();
  const page = ids.slice(0, pageSize).map((id) => ({ id, version: aggregates.get(id)?.version ?? 0 }));
  events.sort((a, b) => a.version - b.version);
  return { page, events: events.map((event) => event.record) };
}
