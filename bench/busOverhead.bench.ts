/**
 * The sample Order flow through a workspace bus with 5 middleware and 10 handlers in the sandbox (every step
 * recorded, diffs included, one round trip to the worker), against the same functions called directly in
 * the host in the same order.
 */
import * as assert from 'node:assert/strict';
import type { FlowEvent } from '../src/core/envelope';
import { sampleOrderFlows } from '../src/core/samples';
import { ReducerSandbox } from '../src/sandbox/reducerSandbox';
import type { Benchmark } from './benchmark';
import { comparedRow, median, round, settle, timePair } from './measure';
import { BENCH_BUS_JS } from './sandbox/benchBus';
import { requireDirectly, writeWorkspaceFile } from './sandbox/workspaceFiles';

const MAX_OVERHEAD_MS_PER_EVENT = 1;
type Fn = (event: unknown, context: { attempt: number; publish: () => void }) => unknown;

function sampleFlow(): FlowEvent[] {
  return sampleOrderFlows({ orders: 5 }).flatMap((order) =>
    order.events.map((event, index) => ({ ...event, aggregateId: order.aggregateId, aggregateType: order.aggregateType, version: index + 1, source: { system: 'local' as const, file: 'events.ndjson', line: index + 1 } })),
  );
}

export const busOverheadBenchmark: Benchmark = {
  name: 'bus-overhead',
  title: 'the sample flow through a bus with 5 middleware and 10 handlers, in the sandbox',
  target: `overhead ≤ ${MAX_OVERHEAD_MS_PER_EVENT} ms per event over the functions called directly`,
  async run(context) {
    const events = sampleFlow();
    const file = writeWorkspaceFile(context.cacheDir, 'bus.js', BENCH_BUS_JS);
    const sandbox = new ReducerSandbox({ timeLimitMs: 10_000 });
    try {
      // The bus keeps a dedupe set across a run: each side loads a fresh copy per run.
      const ours = (): Promise<unknown> => sandbox.runBus(file, events);
      const direct = async (): Promise<number> => {
        const bus = requireDirectly<{ middleware: Fn[]; subscribers: Record<string, Fn[]> }>(file);
        let handled = 0;
        for (const original of events) {
          let event: unknown = structuredClone(original);
          for (const middleware of bus.middleware) {
            event = await middleware(event, { attempt: 1, publish: () => undefined });
            if (!event) break;
          }
          if (!event) continue;
          for (const handler of bus.subscribers[(event as FlowEvent).type] ?? []) {
            await handler(event, { attempt: 1, publish: () => undefined });
            handled += 1;
          }
        }
        return handled;
      };
      const run = await sandbox.runBus(file, events);
      const handledInSandbox = run.traces.reduce((n, trace) => n + trace.handlers.length, 0);
      assert.equal(handledInSandbox, await direct());
      await settle();
      const samples = await timePair(ours, direct, { warmup: 3, repetitions: Math.max(context.repetitions, 20) });
      const overheadPerEvent = (median(samples.ours) - median(samples.baseline)) / events.length;
      return comparedRow(
        {
          name: this.name,
          title: this.title,
          size: `${events.length} events (5 sample orders), ${handledInSandbox} handler calls`,
          target: this.target,
          note: 'ours: runBus in the worker (recording received/passed/diff per middleware, duration per handler) including the round trip; baseline: the same file required in the host, functions awaited in order',
          extra: { overheadMsPerEvent: round(overheadPerEvent, 4) },
        },
        samples,
        'functions called directly',
        () => overheadPerEvent <= MAX_OVERHEAD_MS_PER_EVENT,
      );
    } finally {
      await sandbox.dispose();
    }
  },
};
