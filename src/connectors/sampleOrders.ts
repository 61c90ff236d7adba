/**
 * The sample Order flows to publish into a store: the richer flow's orders are numbered after the highest
 * `Order-<n>` the store holds, and generated with that number, so every id in a flow (its payload's
 * `orderId`, its correlation and payment ids) matches the aggregate it is appended to. The chapter's flow
 * has fresh uuid4 ids on every publish.
 */
import { plural } from '../core/plural';
import { sampleOrderFlows, type SampleAggregate, type SampleFlow, type SampleOptions } from '../core/samples';
import type { EventStore } from './eventStore';
import { allAggregates } from './eventStoreReads';

export async function samplesForStore(store: EventStore, options: SampleOptions, signal?: AbortSignal): Promise<SampleAggregate[]> {
  const first = sampleOrderFlows(options);
  if (options.flow === 'chapter' || first.length === 0) return first;
  const existing = new Set<string>();
  let highest = 0;
  for (const type of new Set(first.map((sample) => sample.aggregateType))) {
    for await (const page of allAggregates(store, { type, pageSize: 1000, signal })) {
      for (const aggregate of page) {
        existing.add(aggregate.id);
        const number = /-(\d+)$/.exec(aggregate.id);
        if (number) highest = Math.max(highest, Number(number[1]));
      }
    }
  }
  if (!first.some((sample) => existing.has(sample.aggregateId))) return first;
  return sampleOrderFlows({ ...options, firstOrderNumber: highest + 1 });
}

/** "5 sample orders", "1 sample order from the chapter": the count first, in words a user reads. */
export function publishedWhat(flow: SampleFlow, count: number): string {
  return flow === 'chapter' ? `${plural(count, 'sample order')} from the chapter` : plural(count, 'sample order');
}
