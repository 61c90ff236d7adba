/**
 * The trace drawn on one canvas: a lane per connection (rows), a node per event in time order (columns),
 * edges from cause to effect. A canvas keeps the page at a handful of DOM nodes however many events were
 * found, and each frame draws only the columns in view (nodes are placed by their index, so the visible
 * ones are one contiguous range). The wheel zooms about the pointer, a drag pans, keys move between events.
 */
import type { FlowEdgeKind, FlowNode, FlowTrace } from '../../src/protocol/flow';
import { clamp, DragToPan, wheelPixels, wheelZoomFactor, zoomAbout } from '../shared/panZoom';

export const COLUMN = 190;
export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 58;
export const LANE_HEIGHT = 100;
/** The lane names stay at the left edge, over the graph. */
export const LANE_LABEL_WIDTH = 150;
const MIN_SCALE = 0.02;
const MAX_SCALE = 3;
const ZOOM_STEP = 1.25;
/** Below this zoom a node is a box without text: text that small is noise. */
const TEXT_SCALE = 0.45;

interface Palette {
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

export class FlowCanvas {
  scale = 1;
  x = LANE_LABEL_WIDTH + 16;
  y = 8;
  /** How long the last frame took to draw (ms): what the budget of 16 ms is checked against. */
  lastFrameMs = 0;
  selected: number | undefined;
  private trace: FlowTrace | undefined;
  private gaps = new Map<number, string>();
  private palette: Palette | undefined;
  private pending = 0;
  private readonly dragToPan: DragToPan;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: { open(node: FlowNode): void; select(node: FlowNode | undefined): void },
  ) {
    canvas.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.dragToPan = new DragToPan(canvas, (dx, dy) => this.panBy(dx, dy));
    canvas.addEventListener('click', (event) => this.onClick(event));
    canvas.addEventListener('keydown', (event) => this.onKey(event));
    new ResizeObserver(() => this.schedule()).observe(canvas);
  }

  /** A new trace: drawn at once (the first paint must not wait a frame), the view kept where it was. */
  setTrace(trace: FlowTrace): void {
    this.trace = trace;
    this.gaps = new Map(trace.gaps.map((g) => [g.node, g.missingEventId]));
    if (this.selected !== undefined && this.selected >= trace.nodes.length) this.selected = undefined;
    this.draw();
  }

  zoomIn(): void {
    this.zoomAt(ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomAt(1 / ZOOM_STEP);
  }

  /** Every event in view when they fit at a zoom that still shows boxes; else from the first event. */
  fit(): void {
    const trace = this.trace;
    if (!trace || trace.nodes.length === 0) return;
    const { width, height } = this.size();
    const across = (width - LANE_LABEL_WIDTH - 32) / (trace.nodes.length * COLUMN);
    const down = (height - 16) / (Math.max(1, trace.lanes.length) * LANE_HEIGHT);
    this.scale = clamp(Math.min(across, down, 1.5), MIN_SCALE, MAX_SCALE);
    this.x = LANE_LABEL_WIDTH + 16;
    this.y = 8;
    this.schedule();
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.schedule();
  }

  /** Zooms by `factor` keeping the point `at` (canvas pixels; default its centre) where it is. */
  zoomAt(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.size();
    const point = at ?? { x: width / 2, y: height / 2 };
    zoomAbout(this, factor, point, MIN_SCALE, MAX_SCALE);
    this.schedule();
  }

  /** Selects an event and brings it into view. */
  select(index: number | undefined): void {
    const trace = this.trace;
    this.selected = index;
    if (trace && index !== undefined) {
      const node = trace.nodes[index];
      const { width, height } = this.size();
      const left = index * COLUMN * this.scale + this.x;
      const top = (node.lane * LANE_HEIGHT + (LANE_HEIGHT - NODE_HEIGHT) / 2) * this.scale + this.y;
      if (left < LANE_LABEL_WIDTH || left + NODE_WIDTH * this.scale > width) this.x = LANE_LABEL_WIDTH + 16 + width / 3 - index * COLUMN * this.scale;
      if (top < 0 || top + NODE_HEIGHT * this.scale > height) this.y = height / 3 - node.lane * LANE_HEIGHT * this.scale;
      this.events.select(node);
    } else {
      this.events.select(undefined);
    }
    this.schedule();
  }

  /** The event under a point of the canvas (CSS pixels), if any. */
  nodeAt(px: number, py: number): FlowNode | undefined {
    const trace = this.trace;
    if (!trace || px < LANE_LABEL_WIDTH) return undefined;
    const wx = (px - this.x) / this.scale;
    const wy = (py - this.y) / this.scale;
    const index = Math.floor(wx / COLUMN);
    const node = trace.nodes[index];
    if (!node || wx - index * COLUMN > NODE_WIDTH) return undefined;
    const top = node.lane * LANE_HEIGHT + (LANE_HEIGHT - NODE_HEIGHT) / 2;
    return wy >= top && wy <= top + NODE_HEIGHT ? node : undefined;
  }

  /** The range of node indices whose column is in view. */
  visibleRange(): { from: number; to: number } {
    const count = this.trace?.nodes.length ?? 0;
    const { width } = this.size();
    const from = Math.max(0, Math.floor((LANE_LABEL_WIDTH - this.x) / this.scale / COLUMN) - 1);
    const to = Math.min(count - 1, Math.ceil((width - this.x) / this.scale / COLUMN));
    return { from, to };
  }

  schedule(): void {
    if (this.pending !== 0) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  draw(): void {
    const started = performance.now();
    const context = this.canvas.getContext('2d');
    if (!context) return;
    const { width, height } = this.size();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const palette = (this.palette ??= readPalette(this.canvas));
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const trace = this.trace;
    if (trace) {
      this.drawLanes(context, trace, palette, width);
      const range = this.visibleRange();
      context.save();
      context.translate(this.x, this.y);
      context.scale(this.scale, this.scale);
      this.drawEdges(context, trace, palette, range);
      for (let i = range.from; i <= range.to; i++) this.drawNode(context, trace.nodes[i], palette);
      context.restore();
      this.drawLaneLabels(context, trace, palette, height);
    }
    this.lastFrameMs = performance.now() - started;
    this.canvas.dataset.frameMs = this.lastFrameMs.toFixed(2);
  }

  private drawLanes(context: CanvasRenderingContext2D, trace: FlowTrace, palette: Palette, width: number): void {
    context.fillStyle = palette.stripe;
    for (let lane = 0; lane < trace.lanes.length; lane += 2) {
      context.fillRect(0, lane * LANE_HEIGHT * this.scale + this.y, width, LANE_HEIGHT * this.scale);
    }
  }

  private drawLaneLabels(context: CanvasRenderingContext2D, trace: FlowTrace, palette: Palette, height: number): void {
    context.fillStyle = palette.background;
    context.fillRect(0, 0, LANE_LABEL_WIDTH, height);
    context.strokeStyle = palette.border;
    context.beginPath();
    context.moveTo(LANE_LABEL_WIDTH + 0.5, 0);
    context.lineTo(LANE_LABEL_WIDTH + 0.5, height);
    context.stroke();
    trace.lanes.forEach((lane, i) => {
      const middle = (i * LANE_HEIGHT + LANE_HEIGHT / 2) * this.scale + this.y;
      if (middle < -20 || middle > height + 20) return;
      context.fillStyle = palette.foreground;
      context.font = `600 13px ${palette.font}`;
      context.fillText(cut(lane.label, 20), 8, middle - 2);
      context.fillStyle = palette.muted;
      context.font = `12px ${palette.font}`;
      context.fillText(lane.system, 8, middle + 14);
    });
  }

  private drawEdges(context: CanvasRenderingContext2D, trace: FlowTrace, palette: Palette, range: { from: number; to: number }): void {
    const labels = this.scale >= TEXT_SCALE;
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

  private drawNode(context: CanvasRenderingContext2D, node: FlowNode, palette: Palette): void {
    const left = node.index * COLUMN;
    const top = node.lane * LANE_HEIGHT + (LANE_HEIGHT - NODE_HEIGHT) / 2;
    const gap = this.gaps.get(node.index);
    context.fillStyle = palette.nodeBackground;
    context.strokeStyle = node.index === this.selected ? palette.focus : gap !== undefined ? palette.error : palette.border;
    context.lineWidth = node.index === this.selected ? 2.5 : 1;
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
    if (this.scale < TEXT_SCALE) return;
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

  private size(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      this.panBy(-(event.deltaX || event.deltaY) * wheelPixels(event), 0);
      return;
    }
    const rect = this.canvas.getBoundingClientRect();
    this.zoomAt(wheelZoomFactor(event), { x: event.clientX - rect.left, y: event.clientY - rect.top });
  }

  private onClick(event: MouseEvent): void {
    if (this.dragToPan.takeDragEnd()) return;
    const rect = this.canvas.getBoundingClientRect();
    const node = this.nodeAt(event.clientX - rect.left, event.clientY - rect.top);
    if (!node) return;
    this.select(node.index);
    this.events.open(node);
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.trace?.nodes.length ?? 0;
    const step = (by: number) => () => this.select(clamp((this.selected ?? (by > 0 ? -1 : count)) + by, 0, Math.max(0, count - 1)));
    const actions: Record<string, () => void> = {
      ArrowRight: step(1),
      ArrowLeft: step(-1),
      Home: () => this.select(count > 0 ? 0 : undefined),
      End: () => this.select(count > 0 ? count - 1 : undefined),
      ArrowUp: () => this.panBy(0, 60),
      ArrowDown: () => this.panBy(0, -60),
      '+': () => this.zoomIn(),
      '=': () => this.zoomIn(),
      '-': () => this.zoomOut(),
      '0': () => this.fit(),
      Enter: () => {
        const node = this.selected === undefined ? undefined : this.trace?.nodes[this.selected];
        if (node) this.events.open(node);
      },
    };
    const action = actions[event.key];
    if (!action || count === 0) return;
    event.preventDefault();
    action();
  }
}

/** The theme's colours, read once from the page's CSS variables (a canvas cannot use them directly). */
function readPalette(element: HTMLElement): Palette {
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
