/**
 * A sampler registry over one reader whose ticks the test drives: `sample()` ticks once and waits for what
 * that tick read. It ticks on the next turn of the event loop: a sampler ends its previous read only after
 * handing it over, and a tick while a read is under way reads nothing.
 */
import type { FiguresReader, FiguresRequest } from '../../../src/connectors/reads/figures';
import { SamplerRegistry, type FiguresSample } from '../../../src/connectors/reads/samplerRegistry';

export interface DrivenSampler {
  sample(): Promise<FiguresSample>;
  dispose(): void;
}

export function drivenSampler(reader: FiguresReader, targets: () => FiguresRequest): DrivenSampler {
  const ticks: (() => void)[] = [];
  const registry = new SamplerRegistry({ open: () => Promise.resolve(reader), every: (_ms, tick) => (ticks.push(tick), { dispose: () => ticks.splice(0) }), readAtOnce: false });
  let waiting: ((sample: FiguresSample) => void) | undefined;
  const subscription = registry.subscribe('connection', { intervalMs: 1000, targets, onSample: (sample) => waiting?.(sample) });
  return {
    sample: () =>
      new Promise((resolve) => {
        waiting = resolve;
        setImmediate(() => {
          for (const tick of ticks) tick();
        });
      }),
    dispose: () => subscription.dispose(),
  };
}
