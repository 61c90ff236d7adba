/**
 * A trace: the events found for one correlation (or trace) id, ordered in time, one lane per connection,
 * each tied to what came before it. Everything here is linear or n·log n in the events and walks no
 * chain recursively, so a cycle of causation ids or a huge correlation cannot hang it.
 */
import { nodeOf } from './flowNode';
import type { FlowEdge, FlowEdgeKind, FlowGap, FlowLane, FlowNode, FlowTrace, FoundEvent } from './flowTypes';

/** The most events one trace keeps; past it the earliest are kept and the rest counted. */
export const MAX_TRACE_EVENTS = 20_000;
/** Notes past this number are counted, not listed. */
const MAX_NOTES = 40;
/** Ids in notes are shortened to this many characters: an id of 10 kB is still shown as an id. */
const ID_SHOWN = 80;

export function buildFlowTrace(found: readonly FoundEvent[], maxEvents: number = MAX_TRACE_EVENTS): FlowTrace {
  const notes = new NoteList();
  const unique = dedupe(found);
  const timed = unique.map(({ f, at }, order) => ({ f, at, order, node: nodeOf(f) }));
  // Stable by time; an event without one goes after those with one (it cannot be placed, so it is not put first).
  timed.sort((a, b) => (a.node.time ?? Infinity) - (b.node.time ?? Infinity) || a.order - b.order);
  const leftOut = Math.max(0, timed.length - maxEvents);
  if (leftOut > 0) timed.length = maxEvents;

  const lanes: FlowLane[] = [];
  const laneOf = new Map<string, number>();
  const nodes: FlowNode[] = timed.map(({ f, at, node }, index) => {
    let lane = laneOf.get(f.connectionId);
    if (lane === undefined) {
      lane = lanes.length;
      laneOf.set(f.connectionId, lane);
      lanes.push({ id: f.connectionId, label: f.connectionLabel, system: f.event.source.system });
    }
    return { ...node, index, lane, foundAt: at };
  });

  const byEventId = indexBy(nodes, (n) => n.eventId);
  const bySpan = indexBy(nodes, (n) => (n.spanId === undefined ? undefined : `${n.traceId ?? ''}\u0000${n.spanId}`));
  const lastInGroup = new Map<string, number>();
  const edges: FlowEdge[] = [];
  const gaps: FlowGap[] = [];
  const cause = new Int32Array(nodes.length).fill(-1);
  const link = (from: number, to: number, kind: FlowEdgeKind): void => {
    const a = nodes[from].time;
    const b = nodes[to].time;
    edges.push({ from, to, kind, ...(a !== undefined && b !== undefined ? { latencyMs: b - a } : {}) });
    cause[to] = from;
  };

  for (const node of nodes) {
    const i = node.index;
    const group = node.correlationId ?? (node.traceId === undefined ? undefined : `trace:${node.traceId}`);
    const previousInGroup = group === undefined ? undefined : lastInGroup.get(group);
    if (group !== undefined) lastInGroup.set(group, i);

    const copies = byEventId.get(node.eventId) ?? [];
    const copy = latestBefore(copies, i);
    if (copy !== undefined) {
      link(copy, i, 'relay');
      continue;
    }
    if (node.causationId !== undefined) {
      if (node.causationId === node.eventId) {
        notes.add(`${shortId(node.eventId)} (${node.place}) names itself as its cause; it is tied to what came before it instead.`);
      } else {
        const causes = byEventId.get(node.causationId);
        if (causes === undefined) {
          gaps.push({ node: i, missingEventId: node.causationId });
          continue;
        }
        // The copy of the cause seen last before this event; when every copy is later, the first of them.
        link(latestBefore(causes, i) ?? causes[0], i, 'caused');
        continue;
      }
    }
    const spanKey = node.spanId === undefined ? undefined : `${node.traceId ?? ''}\u0000${node.spanId}`;
    const sameSpan = spanKey === undefined ? undefined : latestBefore(bySpan.get(spanKey) ?? [], i);
    if (sameSpan !== undefined) {
      link(sameSpan, i, 'span');
      continue;
    }
    if (previousInGroup !== undefined) link(previousInGroup, i, 'time');
  }

  for (const cycle of causeCycles(cause)) {
    const shown = cycle.slice(0, 5).map((n) => shortId(nodes[n].eventId));
    notes.add(`The causation ids form a cycle: ${shown.join(' → ')}${cycle.length > 5 ? ` → … (${cycle.length} events)` : ` → ${shown[0]}`}.`);
  }
  for (const node of nodes) {
    for (const d of node.disagreements) {
      notes.add(`${node.place}: the headers say ${d.field} ${shortId(d.header)}, the body says ${shortId(d.body)}; the trace uses ${shortId(d.used)}.`);
    }
  }
  const backwards = edges.filter((e) => e.latencyMs !== undefined && e.latencyMs < 0 && e.kind !== 'time').length;
  if (backwards > 0) notes.add(`${backwards} hop(s) end before they start: the clocks of the systems disagree, or a cause was recorded after its effect.`);
  if (leftOut > 0) notes.add(`${leftOut} more event(s) were found than a trace keeps (${maxEvents}); the earliest ${maxEvents} are shown.`);
  return { lanes, nodes, edges, gaps, notes: notes.list(), leftOut };
}

/** The same event read twice from one place (found by its correlation id and by its trace id) counts once. */
function dedupe(found: readonly FoundEvent[]): { f: FoundEvent; at: number }[] {
  const seen = new Set<string>();
  const unique: { f: FoundEvent; at: number }[] = [];
  for (const [at, f] of found.entries()) {
    const key = `${f.connectionId}\u0000${f.source}\u0000${JSON.stringify(f.event.source)}\u0000${f.event.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ f, at });
  }
  return unique;
}

/** Node indices per key, ascending (nodes are visited in index order). */
function indexBy(nodes: readonly FlowNode[], keyOf: (node: FlowNode) => string | undefined): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const node of nodes) {
    const key = keyOf(node);
    if (key === undefined) continue;
    const list = map.get(key);
    if (list) list.push(node.index);
    else map.set(key, [node.index]);
  }
  return map;
}

/** The greatest index in the ascending `indices` below `i`, by bisection (10,000 copies of one id stay n·log n). */
function latestBefore(indices: readonly number[], i: number): number | undefined {
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (indices[mid] < i) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : indices[lo - 1];
}

/** Each node has at most one cause, so cycles are found by walking each chain once (colouring, no recursion). */
function causeCycles(cause: Int32Array): number[][] {
  const state = new Uint8Array(cause.length); // 0 unseen, 1 on the current walk, 2 done
  const cycles: number[][] = [];
  for (let start = 0; start < cause.length; start++) {
    if (state[start] !== 0) continue;
    const walk: number[] = [];
    let at = start;
    while (at >= 0 && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      at = cause[at];
    }
    if (at >= 0 && state[at] === 1) cycles.push(walk.slice(walk.indexOf(at)).reverse());
    for (const n of walk) state[n] = 2;
  }
  return cycles;
}

/** An id as a note shows it: JSON-quoted (so a newline in it stays visible) and cut when long. */
export function shortId(id: string): string {
  const cut = id.length > ID_SHOWN ? `${id.slice(0, ID_SHOWN)}…` : id;
  return `${JSON.stringify(cut)}${id.length > ID_SHOWN ? ` (${id.length} characters)` : ''}`;
}

class NoteList {
  private readonly notes: string[] = [];
  private more = 0;
  add(note: string): void {
    if (this.notes.length < MAX_NOTES) this.notes.push(note);
    else this.more += 1;
  }
  list(): string[] {
    return this.more === 0 ? this.notes : [...this.notes, `… and ${this.more} more note(s).`];
  }
}
