/**
 * The trace drawn on one canvas: a lane per connection (rows), a node per event in time order (columns),
 * edges from cause to effect. A canvas keeps the page at a handful of DOM nodes however many events were
 * found, and each frame draws only the columns in view (nodes are placed by their index, so the visible
 * ones are one contiguous range). The wheel zooms about the pointer, a drag pans, keys move between events.
 */
import type { FlowNode, FlowTrace } from '../../src/protocol/flow';
import { clamp, DragToPan, wheelPixels, wheelZoomFactor, zoomAbout } from '../shared/panZoom';
import { COLUMN, drawEdges, drawLaneLabels, drawLanes, drawNode, LANE_HEIGHT, LANE_LABEL_WIDTH, NODE_HEIGHT, NODE_WIDTH, readPalette, type Palette, type PaintView } from './flowPaint';

const MIN_SCALE = 0.02;
const MAX_SCALE = 3;
const ZOOM_STEP = 1.25;

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
      const view: PaintView = { scale: this.scale, x: this.x, y: this.y, selected: this.selected, gaps: this.gaps };
      drawLanes(context, view, trace, palette, width);
      const range = this.visibleRange();
      context.save();
      context.translate(this.x, this.y);
      context.scale(this.scale, this.scale);
      drawEdges(context, view, trace, palette, range);
      for (let i = range.from; i <= range.to; i++) drawNode(context, view, trace.nodes[i], palette);
      context.restore();
      drawLaneLabels(context, view, trace, palette, height);
    }
    this.lastFrameMs = performance.now() - started;
    this.canvas.dataset.frameMs = this.lastFrameMs.toFixed(2);
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
