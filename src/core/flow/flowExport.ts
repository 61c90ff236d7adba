/**
 * A trace written out: NDJSON (one node a line, with how it is tied to its cause) and a Mermaid sequence
 * diagram to paste into a design doc. Ids, types and places were written by other programs: they are data,
 * so NDJSON carries them as JSON strings and Mermaid as entity-coded text that no character can end.
 */
import type { FlowEdge, FlowEdgeKind, FlowTrace } from './flowTypes';

/** One line per node in time order; `cause` is the node it is tied to and how, `missingCause` a gap. */
export function traceToNdjson(trace: FlowTrace): string {
  const incoming = incomingEdges(trace);
  const missing = new Map(trace.gaps.map((g) => [g.node, g.missingEventId]));
  const lines = trace.nodes.map((node) => {
    const edge = incoming.get(node.index);
    const line = {
      ...node,
      lane: trace.lanes[node.lane]?.label ?? '',
      ...(edge ? { cause: { index: edge.from, kind: edge.kind, ...(edge.latencyMs === undefined ? {} : { latencyMs: edge.latencyMs }) } } : {}),
      ...(missing.has(node.index) ? { missingCause: missing.get(node.index) } : {}),
    };
    return jsonLine(line);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** JSON on one line: U+2028 and U+2029 escaped too, so no reader splits it. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}

const ARROWS: Record<FlowEdgeKind, string> = { caused: '->>', relay: '-->>', span: '-)', time: '--)' };
/** Longer labels are cut: a diagram shows ids, it does not archive them. */
const MAX_LABEL = 160;

/**
 * A sequence diagram: one participant per lane, one message per hop (caused `->>`, relayed `-->>`, same
 * span `-)`, time order `--)`), a note for each first event, gap and retry.
 */
export function traceToMermaid(trace: FlowTrace): string {
  const out: string[] = ['sequenceDiagram'];
  trace.lanes.forEach((lane, i) => out.push(`  participant L${i} as ${mermaidText(`${lane.label} (${lane.system})`)}`));
  const incoming = incomingEdges(trace);
  const missing = new Map(trace.gaps.map((g) => [g.node, g.missingEventId]));
  for (const node of trace.nodes) {
    const lane = `L${node.lane}`;
    const what = `${node.type} at ${node.place}`;
    const gap = missing.get(node.index);
    const edge = incoming.get(node.index);
    if (gap !== undefined) out.push(`  Note over ${lane}: ${mermaidText(`gap: its cause ${gap} was not found`)}`);
    if (edge) {
      const latency = edge.latencyMs === undefined ? '' : ` (+${edge.latencyMs} ms)`;
      const how = edge.kind === 'relay' ? 'relayed: ' : edge.kind === 'time' ? 'then: ' : '';
      out.push(`  L${trace.nodes[edge.from].lane}${ARROWS[edge.kind]}${lane}: ${mermaidText(`${how}${what}${latency}`)}`);
    } else {
      out.push(`  Note over ${lane}: ${mermaidText(what)}`);
    }
    const retried = node.retries.reduce((sum, r) => sum + r.count, 0);
    if (retried > 0) out.push(`  Note over ${lane}: ${mermaidText(`retried ${retried}x: ${node.retries.map((r) => `${r.reason} in ${r.queue}`).join(', ')}`)}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Text Mermaid shows but never parses: letters, digits, spaces and a few marks stay; every other
 * character (newline, `;`, `%`, `#`, `<`, `>`, `:`, quotes) becomes its `#code;` entity, which Mermaid
 * turns back into that character only when drawing.
 */
export function mermaidText(value: string): string {
  const cut = value.length > MAX_LABEL ? `${value.slice(0, MAX_LABEL)}…` : value;
  const chars = Array.from(cut);
  let out = '';
  chars.forEach((char, i) => {
    // A dash that could start an arrow (`->>`, `--)`, `-x`) is coded too, so no part of a label reads as syntax.
    const arrow = char === '-' && /^[-)>x]$/.test(chars[i + 1] ?? '');
    out += SAFE.test(char) && !arrow ? char : `#${char.codePointAt(0)};`;
  });
  return out;
}

const SAFE = /^[\p{L}\p{N} _.,/@()[\]+=?!*'→›…-]$/u;

function incomingEdges(trace: FlowTrace): Map<number, FlowEdge> {
  return new Map(trace.edges.map((e) => [e.to, e]));
}
