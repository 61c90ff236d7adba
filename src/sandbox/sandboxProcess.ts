/**
 * The sandbox process: a Node process of its own that runs the worker thread (worker.ts) and relays the
 * host's requests to it. A worker's `resourceLimits` bound only its V8 heap; a `Buffer`, a typed array or
 * a native allocation lives outside it, in the whole process. Here that process is this one, never the
 * extension host, and a watchdog on its resident size (every few milliseconds and before every answer)
 * ends it once user code holds more than the limit. The time watchdog is the worker host's, as before.
 * One process runs one worker: when the worker dies (time, heap, resident size, a crash), the process says
 * `ended`, answers what was in flight, and the host ends it and starts a new one on its next request.
 */
import { withEventIndex, WorkerHost } from './workerHost';
import { memoryBudget, type ProcessMessage, type ProcessStart } from './processProtocol';
import { SandboxError, type SandboxFailure } from './types';
import type { WorkerRequestEnvelope, WorkerResponse } from './workerProtocol';

const send = process.send?.bind(process);
if (!send) throw new Error('sandboxProcess.ts runs as a child process with an IPC channel only');

const start = JSON.parse(process.argv[2] ?? '{}') as ProcessStart;
const host = new WorkerHost(start.limits, start.workerScript);
const budget = memoryBudget(start.limits);
let restingRss = 0;
let ended: SandboxFailure | undefined;

function post(message: ProcessMessage): void {
  if (process.connected) send?.(message);
}

/**
 * The worker died: the host hears it before the answers this failure queued (they settle in microtasks),
 * so it starts afresh for whatever it asks next. Requests already on their way get the same failure; the
 * host ends this process once every request it sent here is answered.
 */
function end(failure: SandboxFailure): void {
  if (ended) return;
  ended = failure;
  post({ type: 'ended', failure });
}

host.onRestartNeeded = end;

function overBudget(): boolean {
  return restingRss > 0 && process.memoryUsage.rss() - restingRss > budget.bytes;
}

function memoryFailure(): SandboxFailure {
  return { kind: 'memory', message: `Ran out of memory (limit ${start.limits.memoryLimitMb} MB: heap, buffers and everything else the code holds)` };
}

function checkMemory(): void {
  if (!ended && overBudget()) host.abort(memoryFailure());
}

const ready = host.request({ op: 'ready' }).then(() => {
  restingRss = process.memoryUsage.rss();
  setInterval(checkMemory, budget.checkEveryMs);
});
ready.catch((error: unknown) => end(error instanceof SandboxError ? error.failure : { kind: 'crashed', message: String(error) }));

async function relay(request: WorkerRequestEnvelope): Promise<WorkerResponse> {
  try {
    await ready;
    if (ended) return { id: request.id, ok: false, failure: withEventIndex(request, ended) };
    const result: unknown = await host.request(request);
    // What a request left behind counts too: a hoard built faster than the watchdog looks is caught here.
    if (overBudget()) {
      host.abort(memoryFailure());
      return { id: request.id, ok: false, failure: memoryFailure() };
    }
    return { id: request.id, ok: true, result };
  } catch (error) {
    return { id: request.id, ok: false, failure: error instanceof SandboxError ? error.failure : { kind: 'crashed', message: String(error) } };
  }
}

process.on('message', (request: WorkerRequestEnvelope) => {
  void relay(request).then(post);
});
// The host went away (closed, crashed): so does its sandbox.
process.on('disconnect', () => process.exit(0));
