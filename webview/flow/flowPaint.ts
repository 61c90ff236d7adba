/**
 * How the flow canvas paints one frame: the lanes' stripes and labels, the edges (dashed by kind, with
 * their latency) and the nodes (type, place, time, retries, a broken stub where the cause was not found),
 * in the theme's colours. Plain functions of what is in view; the canvas keeps the view and the input.
 */
import type { FlowEdgeKind, FlowNode, FlowTrace } from '../../src/protocol/flow';

export const COLUMN = 190;
export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 58;
export const LANE_HEIGHT = 100;
/** The lane names stay at the left edge, over the graph. */
export const LANE_LABEL_WIDTH = 150;
/** Below this zoom a node is a box without text: text that small is noise. */
const TEXT_SCALE = 0.45;

export interface Palette {
  foreground: string;
  muted: string;
  border: string;
  background: string;
  nodeBackground: string;
  stripe: string;
  link: string;
  error: string;
  warning: string;
  span: string;
  focus: string;
  font: string;
}

const EDGE_DASH: Record<FlowEdgeKind, number[]> = { caused: [], relay: [7, 4], span: [2, 3], time: [] };

/** What a frame is painted from: the view's pan and zoom, the selected event, the events whose cause is missing. */
export interface PaintView {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
  readonly selected: number | undefined;
  readonly gaps: ReadonlyMap<number, string>;
}

export function drawLanes(context: CanvasRenderingContext2D, view: PaintView, trace: FlowTrace, palette: Palette, width: number): void {
  context.fillStyle = palette.stripe;
  for (let lane = 0; lane < trace.lanes.length; lane += 2) {
    context.fillRect(0, lane * LANE_HEIGHT * view.scale + view.y, width, LANE_HEIGHT * view.scale);
  }
}

export function drawLaneLabels(context: CanvasRenderingContext2D, view: PaintView, trace: FlowTrace, palette: Palette, height: number): void {
  context.fillStyle = palette.background;
  context.fillRect(0, 0, LANE_LABEL_WIDTH, height);
  context.strokeStyle = palette.border;
  context.beginPath();
  context.moveTo(LANE_LABEL_WIDTH + 0.5, 0);
  context.lineTo(LANE_LABEL_WIDTH + 0.5, height);
  context.stroke();
  trace.lanes.forEach((lane, i) => {
    const middle = (i * LANE_HEIGHT + LANE_HEIGHT / 2) * view.scale + view.y;
    if (middle < -20 || middle > height + 20) return;
    context.fillStyle = palette.foreground;
    context.font = `600 13px ${palette.font}`;
    context.fillText(cut(lane.label, 20), 8, middle - 2);
    context.fillStyle = palette.muted;
    context.font = `12px ${palette.font}`;
    context.fillText(lane.system, 8, middle + 14);
  });
}

export function drawEdges(context: CanvasRenderingContext2D, view: PaintView, trace: FlowTrace, palette: Palette, range: { from: number; to: number }): void {
  const labels = view.scale >= TEXT_SCALE;
  context.font = `11px ${palette.font}`;
  for (const edge of trace.edges) {
    if (Math.max(edge.from, edge.to) < range.from || Math.min(edge.from, edge.to) > range.to) continue;
    const a = trace.nodes[edge.from];
    const b = trace.nodes[edge.to];
    const x1 = edge.from * COLUMN + NODE_WIDTH;
    const y1 = a.lane * LANE_HEIGHT + LANE_HEIGHT / 2;
    const x2 = edge.to * COLUMN;
    const y2 = b.lane * LANE_HEIGHT + LANE_HEIGHT / 2;
    const bend = Math.max(24, Math.abs(x2 - x1) / 3);
    context.strokeStyle = edge.kind === 'relay' ? palette.link : edge.kind === 'span' ? palette.span : edge.kind === 'time' ? palette.muted : palette.foreground;
    context.globalAlpha = edge.kind === 'time' ? 0.5 : 0.9;
    context.lineWidth = edge.kind === 'caused' ? 1.6 : 1.2;
    context.setLineDash(EDGE_DASH[edge.kind]);
    context.beginPath();
    context.moveTo(x1, y1);
    context.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
    context.stroke();
    context.setLineDash([]);
    // The arrowhead at the effect.
    context.fillStyle = context.strokeStyle;
    context.beginPath();
    context.moveTo(x2, y2);
    context.lineTo(x2 - 7, y2 - 4);
    context.lineTo(x2 - 7, y2 + 4);
    context.fill();
    context.globalAlpha = 1;
    if (labels && edge.latencyMs !== undefined) {
      context.fillStyle = edge.latencyMs < 0 ? palette.warning : palette.muted;
      context.fillText(`${edge.kind === 'relay' ? 'relay ' : ''}${formatLatency(edge.latencyMs)}`, (x1 + x2) / 2 - 18, (y1 + y2) / 2 - 5);
    }
  }
}

export function drawNode(context: CanvasRenderingContext2D, view: PaintView, node: FlowNode, palette: Palette): void {
  const left = node.index * COLUMN;
  const top = node.lane * LANE_HEIGHT + (LANE_HEIGHT - NODE_HEIGHT) / 2;
  const gap = view.gaps.get(node.index);
  context.fillStyle = palette.nodeBackground;
  context.strokeStyle = node.index === view.selected ? palette.focus : gap !== undefined ? palette.error : palette.border;
  context.lineWidth = node.index === view.selected ? 2.5 : 1;
  context.fillRect(left, top, NODE_WIDTH, NODE_HEIGHT);
  context.strokeRect(left, top, NODE_WIDTH, NODE_HEIGHT);
  if (gap !== undefined) {
    // The missing cause: a broken stub before the node.
    context.strokeStyle = palette.error;
    context.setLineDash([3, 3]);
    context.beginPath();
    context.moveTo(left - 20, top + NODE_HEIGHT / 2);
    context.lineTo(left, top + NODE_HEIGHT / 2);
    context.stroke();
    context.setLineDash([]);
  }
  if (view.scale < TEXT_SCALE) return;
  const chars = Math.floor((NODE_WIDTH - 12) / 6.6);
  context.fillStyle = palette.foreground;
  context.font = `600 12px ${palette.font}`;
  context.fillText(cut(node.type, chars - 4), left + 6, top + 15);
  context.fillStyle = palette.muted;
  context.font = `11px ${palette.font}`;
  context.fillText(cut(node.place, chars), left + 6, top + 31);
  context.fillText(gap !== undefined ? cut(`cause not found: ${gap}`, chars) : node.timestamp.slice(11, 23) || 'no time', left + 6, top + 47);
  const retried = node.retries.reduce((sum, r) => sum + r.count, 0);
  const marks = `${retried > 0 ? `↻${retried}` : ''}${node.disagreements.length > 0 ? ' ≠' : ''}`;
  if (marks) {
    context.fillStyle = palette.warning;
    context.font = `600 12px ${palette.font}`;
    context.fillText(marks, left + NODE_WIDTH - 8 - marks.length * 7, top + 15);
  }
  if (gap !== undefined) {
    context.fillStyle = palette.error;
    context.fillText('✕', left - 26, top + NODE_HEIGHT / 2 + 4);
  }
}

/** The theme's colours, read once from the page's CSS variables (a canvas cannot use them directly). */
export function readPalette(element: HTMLElement): Palette {
  const style = getComputedStyle(element);
  const css = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: css('--vscode-foreground', '#cccccc'),
    muted: css('--vscode-descriptionForeground', '#999999'),
    border: css('--vscode-editorWidget-border', css('--vscode-foreground', '#888888')),
    background: css('--vscode-editor-background', '#1e1e1e'),
    nodeBackground: css('--vscode-editorWidget-background', css('--vscode-editor-background', '#252526')),
    stripe: css('--vscode-list-hoverBackground', 'rgba(128,128,128,0.08)'),
    link: css('--vscode-charts-blue', css('--vscode-textLink-foreground', '#3794ff')),
    error: css('--vscode-errorForeground', '#f48771'),
    warning: css('--vscode-charts-orange', css('--vscode-editorWarning-foreground', '#cca700')),
    span: css('--vscode-charts-green', '#89d185'),
    focus: css('--vscode-focusBorder', '#007fd4'),
    font: style.fontFamily || 'sans-serif',
  };
}

export function formatLatency(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${abs} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  return `${sign}${(abs / 60_000).toFixed(1)} min`;
}

function cut(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, Math.max(1, chars - 1))}…` : text;
}
