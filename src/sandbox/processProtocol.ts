import type { Limits, SandboxFailure } from './types';
import type { WorkerResponse } from './workerProtocol';

/** What the host gives the sandbox process when it starts it (one JSON argument). */
export interface ProcessStart {
  limits: Limits;
  workerScript: string;
}

/** From the sandbox process: an answer to a request, or that its worker died and it exits. */
export type ProcessMessage = WorkerResponse | { type: 'ended'; failure: SandboxFailure };

/**
 * How much the sandbox process may grow past its size at rest (measured once its worker runs, before any
 * workspace file loads): the memory limit, whatever holds it — V8 heap (whose old generation is capped at
 * the same size, so a heap that grows alone fails one way or the other), `Buffer`s, typed arrays, native
 * memory, and the requests passing through the relay.
 */
export function memoryBudget(limits: Limits): { bytes: number; checkEveryMs: number } {
  return { bytes: limits.memoryLimitMb * 1024 * 1024, checkEveryMs: 10 };
}

/** The worker's young generation: an eighth of the limit, between 8 and 64 MB. */
export function youngGenerationMb(limits: Limits): number {
  return Math.min(64, Math.max(8, limits.memoryLimitMb / 8));
}
