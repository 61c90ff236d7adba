/**
 * Pan and zoom of the topology's SVG: one transform on the layer that holds the graph. The wheel zooms about
 * the pointer, a drag on the background (or on a node, once it has moved) pans, the buttons and keys zoom in
 * and out, show 1:1 or fit the whole graph. A click that ended a drag is not a click on a node.
 */
import { clamp, DragToPan, wheelZoomFactor, zoomAbout } from '../shared/panZoom';

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;
/** Fit enlarges a small graph at most this much. */
export const MAX_FIT_SCALE = 1.5;
/** The least zoom the first view is drawn at: 12 px labels stay at least 11 px on screen. */
export const MIN_READABLE_SCALE = 11 / 12;
const STEP = 1.25;

export class Viewport {
  scale = 1;
  x = 0;
  y = 0;
  private content = { width: 0, height: 0 };
  private readonly dragToPan: DragToPan;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly layer: SVGGElement,
    private readonly changed: (scale: number) => void,
  ) {
    svg.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.dragToPan = new DragToPan(svg, (dx, dy) => this.panBy(dx, dy));
    // Capture phase: swallow the click that ends a drag before a node hears it.
    svg.addEventListener(
      'click',
      (event) => {
        if (!this.dragToPan.takeDragEnd()) return;
        event.stopPropagation();
        event.preventDefault();
      },
      true,
    );
  }

  /** The graph's size at 1:1; the current zoom and position are kept (a refresh does not move the view). */
  setContent(width: number, height: number): void {
    this.content = { width, height };
    this.apply();
  }

  zoomIn(): void {
    this.zoomAt(STEP);
  }

  zoomOut(): void {
    this.zoomAt(1 / STEP);
  }

  /** 1:1: centred along each side the graph fits in, else from the view's top or left edge. */
  actualSize(): void {
    const { width, height } = this.size();
    this.scale = 1;
    this.x = Math.max(0, (width - this.content.width) / 2);
    this.y = Math.max(0, (height - this.content.height) / 2);
    this.apply();
  }

  /**
   * The first view: the whole graph when it fits at a zoom that keeps the text readable (at least
   * `MIN_READABLE_SCALE`), else 1:1 from the top left (Fit is one click away).
   */
  readableStart(): void {
    const { width, height } = this.size();
    const fits = this.content.width > 0 && this.content.height > 0 ? Math.min(width / this.content.width, height / this.content.height) : 1;
    if (fits >= MIN_READABLE_SCALE) this.fit(1);
    else this.actualSize();
  }

  /** The whole graph in view, centred (a small one is enlarged at most `largest`). */
  fit(largest = MAX_FIT_SCALE): void {
    const { width, height } = this.size();
    if (this.content.width <= 0 || this.content.height <= 0 || width <= 0 || height <= 0) return;
    this.scale = clamp(Math.min(width / this.content.width, height / this.content.height), MIN_SCALE, largest);
    this.x = (width - this.content.width * this.scale) / 2;
    this.y = (height - this.content.height * this.scale) / 2;
    this.apply();
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.apply();
  }

  /** Zooms by `factor` keeping the point `at` (view coordinates; default: the view's centre) where it is. */
  zoomAt(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.size();
    const point = at ?? { x: width / 2, y: height / 2 };
    zoomAbout(this, factor, point, MIN_SCALE, MAX_SCALE);
    this.apply();
  }

  private size(): { width: number; height: number } {
    const rect = this.svg.getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  }

  private apply(): void {
    this.layer.setAttribute('transform', `translate(${this.x.toFixed(2)} ${this.y.toFixed(2)}) scale(${this.scale.toFixed(4)})`);
    this.changed(this.scale);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.svg.getBoundingClientRect();
    this.zoomAt(wheelZoomFactor(event), { x: event.clientX - rect.left, y: event.clientY - rect.top });
  }

}
