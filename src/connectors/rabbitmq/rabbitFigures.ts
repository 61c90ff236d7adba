import { sourceKey, type Figures, type FiguresRequest, type SourceFigures, type SourceTarget } from '../reads/figures';
import { AppendedStreamTypes, boundedReadingNote, type StreamName } from './appendedStreamTypes';
import { RabbitError } from './errors';
import type { ManagementClient } from './management';
import type { QueueInfo } from './topologyTypes';

/** Up to this many queues of a vhost are asked for by name in one call; more, and the vhost's whole list is read in pages. */
const BY_NAME_UP_TO = 20;

/**
 * A broker's moving figures for a sampler, from the management API: per queue its depth (ready, unacked),
 * consumers and the publish / deliver rates the API samples itself. Each source's `scope` is its vhost (the
 * connection's own when absent). A queue that no longer exists is left out, so a subscriber sees it gone.
 * A stream in `eventTypesOf` also gets its messages per type since counting began (`streamTypes`), with a
 * note when the reading's bound cut them; a classic or quorum queue cannot be read without effect, so it gets none.
 */
export async function readRabbitFigures(management: ManagementClient, defaultVhost: string, request: FiguresRequest, signal?: AbortSignal, streamTypes?: AppendedStreamTypes): Promise<Figures> {
  const byVhost = new Map<string, SourceTarget[]>();
  for (const source of request.sources) {
    const vhost = source.scope ?? defaultVhost;
    byVhost.set(vhost, [...(byVhost.get(vhost) ?? []), source]);
  }
  const sources: SourceFigures[] = [];
  const typed = new Set((request.eventTypesOf ?? []).map(sourceKey));
  const streams: { figures: SourceFigures; stream: StreamName }[] = [];
  for (const [vhost, targets] of byVhost) {
    const names = targets.map((t) => t.name);
    const queues = names.length <= BY_NAME_UP_TO ? await queuesByName(management, vhost, names, signal) : (await management.allQueues(vhost, signal)).filter((q) => names.includes(q.name));
    const byName = new Map(queues.map((q) => [q.name, q]));
    // Each figure carries the target as it was asked for (scoped or not), so the subscriber finds it by the same key.
    for (const target of targets) {
      const queue = byName.get(target.name);
      if (queue === undefined) continue;
      const figures: SourceFigures = { ...target, ...queueFigures(queue) };
      sources.push(figures);
      if (queue.type === 'stream' && typed.has(sourceKey(target))) streams.push({ figures, stream: { vhost, name: queue.name } });
    }
  }
  if (streamTypes !== undefined && (streams.length > 0 || streamTypes.counting.length > 0)) {
    const counts = streamTypes.read(streams.map((s) => s.stream));
    for (const { figures, stream } of streams) {
      const found = AppendedStreamTypes.countsOf(counts, stream);
      if (found !== undefined) figures.eventTypes = found;
      if (AppendedStreamTypes.boundedOf(counts, stream)) figures.eventTypesNote = boundedReadingNote();
    }
  }
  const figures: Figures = { sources, groups: [] };
  // A vhost's queue count is one small call (a page of one); naming thousands of queues each tick is not.
  const scopes = request.inventory ?? [];
  if (scopes.length > 0) figures.inventory = await Promise.all(scopes.map(async (scope) => ({ scope, count: (await management.queuePage(scope || defaultVhost, { page: 1, pageSize: 1, ...(signal ? { signal } : {}) })).totalCount })));
  return figures;
}

/** The named queues in one call; one by one only when the server refuses the filtered list (its permissions or an older API). */
async function queuesByName(management: ManagementClient, vhost: string, names: readonly string[], signal?: AbortSignal): Promise<QueueInfo[]> {
  try {
    return await management.queuesNamed(vhost, names, signal);
  } catch (error) {
    if (error instanceof RabbitError && (error.kind === 'forbidden' || error.kind === 'not-found' || error.kind === 'other')) return queuesOneByOne(management, vhost, names, signal);
    throw error;
  }
}

async function queuesOneByOne(management: ManagementClient, vhost: string, names: readonly string[], signal?: AbortSignal): Promise<QueueInfo[]> {
  const found: QueueInfo[] = [];
  for (const name of names) {
    try {
      found.push(await management.queue(vhost, name, signal));
    } catch (error) {
      if (error instanceof RabbitError && error.kind === 'not-found') continue;
      throw error;
    }
  }
  return found;
}

/** A queue's figures; counts the API did not give yet are left out rather than read as 0 (an alert would take them for a purge). */
function queueFigures(queue: QueueInfo): Omit<SourceFigures, 'name' | 'scope'> {
  return {
    ...(queue.countsUnknown ? {} : { messages: queue.messages, ready: queue.ready, unacked: queue.unacked }),
    consumers: queue.consumers,
    ...(queue.publishRate === undefined ? {} : { publishRate: queue.publishRate }),
    ...(queue.deliverRate === undefined ? {} : { deliverRate: queue.deliverRate }),
  };
}
