/**
 * What declaring the sample topology did, said in words: which exchanges, queues and bindings it declares,
 * and which of them were there already (read from the vhost's topology just before; declaring is
 * idempotent, so "already there" means "left as it was").
 */
import type { SampleTopologyNames } from './sampleTopology';
import type { Topology } from './topologyTypes';

export interface DeclaredPart {
  /** `orders (topic)`, `orders.created`, `orders → orders.created (order.created)`. */
  name: string;
  existed: boolean;
}

export interface SampleTopologyReport {
  vhost: string;
  exchanges: DeclaredPart[];
  queues: DeclaredPart[];
  bindings: DeclaredPart[];
  /** Set when what existed before could not be read: every part is then counted as declared. */
  beforeUnknown?: string;
}

interface Parts {
  exchanges: { name: string; type: string }[];
  queues: string[];
  bindings: { source: string; queue: string; key: string }[];
}

/** Every part of the sample topology of these names, in the order they are declared. */
export function sampleTopologyParts(names: SampleTopologyNames): Parts {
  return {
    exchanges: [
      { name: names.exchange, type: 'topic' },
      { name: names.deadLetterExchange, type: 'fanout' },
      { name: names.delayExchange, type: 'fanout' },
    ],
    queues: [names.deadLetterQueue, names.delayQueue, ...Object.keys(names.queues)],
    bindings: [
      { source: names.deadLetterExchange, queue: names.deadLetterQueue, key: '' },
      { source: names.delayExchange, queue: names.delayQueue, key: '' },
      ...Object.entries(names.queues).flatMap(([queue, keys]) => keys.map((key) => ({ source: names.exchange, queue, key }))),
    ],
  };
}

/** The report of a declaration, given the vhost's topology read before it (undefined: unknown, with why). */
export function sampleTopologyReport(vhost: string, names: SampleTopologyNames, before: Pick<Topology, 'exchanges' | 'queues' | 'bindings'> | { unknown: string }): SampleTopologyReport {
  const parts = sampleTopologyParts(names);
  const known = 'unknown' in before ? undefined : before;
  const exchanges = new Set(known?.exchanges.map((e) => e.name));
  const queues = new Set(known?.queues.map((q) => q.name));
  const bindingKey = (source: string, queue: string, key: string): string => JSON.stringify([source, queue, key]);
  const bindings = new Set(known?.bindings.filter((b) => b.destinationType === 'queue').map((b) => bindingKey(b.source, b.destination, b.routingKey)));
  return {
    vhost,
    exchanges: parts.exchanges.map((e) => ({ name: `${e.name} (${e.type})`, existed: exchanges.has(e.name) })),
    queues: parts.queues.map((q) => ({ name: q, existed: queues.has(q) })),
    bindings: parts.bindings.map((b) => ({ name: `${b.source} → ${b.queue}${b.key ? ` (${b.key})` : ''}`, existed: bindings.has(bindingKey(b.source, b.queue, b.key)) })),
    ...('unknown' in before ? { beforeUnknown: before.unknown } : {}),
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One notification's worth: "Declared the sample topology in vhost /: 3 exchanges (orders (topic), …),
 * 6 queues (…), 7 bindings. Already there and kept: …".
 */
export function describeSampleTopology(report: SampleTopologyReport): string {
  const all = [...report.exchanges, ...report.queues, ...report.bindings];
  const fresh = (parts: DeclaredPart[]): DeclaredPart[] => parts.filter((p) => !p.existed);
  const made = `${count(fresh(report.exchanges).length, 'exchange', 'exchanges')}${list(fresh(report.exchanges))}, ${count(fresh(report.queues).length, 'queue', 'queues')}${list(fresh(report.queues))} and ${count(fresh(report.bindings).length, 'binding', 'bindings')}${fresh(report.bindings).length > 0 ? ' (their routing keys are in the topology view)' : ''}`;
  const kept = all.filter((p) => p.existed);
  if (kept.length === all.length) return `The sample topology was already in vhost ${report.vhost}: ${count(report.exchanges.length, 'exchange', 'exchanges')}, ${count(report.queues.length, 'queue', 'queues')} and ${count(report.bindings.length, 'binding', 'bindings')}, all kept as they were.`;
  const keptText = kept.length === 0 ? '' : ` Already there and kept: ${kept.map((p) => p.name).join(', ')}.`;
  const unknown = report.beforeUnknown === undefined ? '' : ` (What existed before is not known: ${report.beforeUnknown}.)`;
  return `Declared the sample topology in vhost ${report.vhost}: ${made}.${keptText}${unknown}`;
}

function list(parts: DeclaredPart[]): string {
  return parts.length === 0 ? '' : ` (${parts.map((p) => p.name).join(', ')})`;
}
