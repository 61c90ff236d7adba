import { strict as assert } from 'node:assert';
import type { FlowEvent } from '../../../src/core/envelope';
import { chooseReducer } from '../../../src/core/reducers';
import { checkStoreIntegrity, describeScanProgress, type StoreScanProgress } from '../../../src/core/storeIntegrity';
import { flowEvent } from './flowEvents';

const at = (second: number): string => new Date(Date.UTC(2026, 0, 5, 9, 0, second)).toISOString();

function stream(aggregateId: string, versions: number[], types: string[] = []): FlowEvent[] {
  return versions.map((version, i) =>
    flowEvent(types[i] ?? (i === 0 ? 'OrderCreated' : 'OrderCancelled'), {}, { id: `${aggregateId}-e${i}`, aggregateId, aggregateType: 'Order', version, timestamp: at(i) }),
  );
}

/** Batches that cut across aggregates, as a cursor delivers them. */
async function* inBatches(events: FlowEvent[], size: number): AsyncIterable<FlowEvent[]> {
  for (let i = 0; i < events.length; i += size) {
    await Promise.resolve();
    yield events.slice(i, i + size);
  }
}

describe('checkStoreIntegrity', () => {
  it('checks every aggregate in one pass, grouping findings by aggregate with versions in the messages', async () => {
    const events = [...stream('a', [1, 2, 3]), ...stream('b', [1, 2, 2, 4]), ...stream('c', [3, 4]), ...stream('d', [1, 2])];
    const seen: StoreScanProgress[] = [];
    const report = await checkStoreIntegrity(inBatches(events, 3), { totalAggregates: 4, onProgress: (progress) => seen.push(progress) });
    assert.equal(report.aggregates, 4);
    assert.equal(report.events, 11);
    assert.deepEqual(
      report.findings.map((findings) => [findings.aggregateId, findings.firstVersion, findings.lastVersion, findings.issues.map((issue) => [issue.kind, issue.version])]),
      [
        [
          'b',
          1,
          4,
          [
            ['duplicate', 2],
            ['gap', 4],
          ],
        ],
      ],
    );
    assert.match(report.findings[0].issues[0].message, /^Version 2 appears again/);
    assert.match(report.findings[0].issues[1].message, /^Version 3 is missing/);
    assert.equal(report.problemCount, 2);
    assert.deepEqual(
      seen.map((progress) => describeScanProgress(progress)),
      ['1 of 4 aggregates, 3 events', '2 of 4 aggregates, 7 events', '3 of 4 aggregates, 9 events', '4 of 4 aggregates, 11 events'],
    );
  });

  it("reports the events each aggregate's reducer could not apply", async () => {
    const events = stream('o-1', [1, 2, 3], ['OrderCreated', 'ItemAdded', 'CouponApplied']);
    events[1].data = { item: { product_id: 'P-1' } };
    const report = await checkStoreIntegrity(inBatches(events, 2), { reducerFor: (type) => chooseReducer(type ?? '') });
    assert.deepEqual(
      report.findings[0].notApplied.map((skipped) => [skipped.version, skipped.reason]),
      [
        [2, 'ItemAdded for P-1 has no usable price'],
        [3, 'the order reducer has no rule for CouponApplied'],
      ],
    );
    assert.equal(report.problemCount, 2);
  });

  it('counts an empty store and stops when cancelled', async () => {
    assert.deepEqual(await checkStoreIntegrity(inBatches([], 5)), { aggregates: 0, events: 0, findings: [], problemCount: 0 });
    const controller = new AbortController();
    const events = [...stream('a', [1, 2]), ...stream('b', [1, 2]), ...stream('c', [1])];
    await assert.rejects(
      checkStoreIntegrity(inBatches(events, 1), {
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.aggregates === 1) controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.equal(describeScanProgress({ aggregates: 1200, events: 5120 }), '1,200 aggregates, 5,120 events');
    assert.equal(describeScanProgress({ aggregates: 1200, events: 5308, totalAggregates: 2303 }), '1,200 of 2,303 aggregates, 5,308 events');
  });
});
