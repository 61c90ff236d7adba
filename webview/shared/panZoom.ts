/**
 * Pan and zoom shared by the views drawn as one movable picture (the topology, the flow view).
 *
 * A drag with the primary button pans a view. The pointer is captured only once the drag has moved a few
 * pixels, so a plain click still reaches what lies under it; the click that ends a drag is reported as
 * such, so the view does not also treat it as a click on a node.
 */

const DRAG_THRESHOLD = 4;

export class DragToPan {
  private drag: { id: number; startX: number; startY: number; x: number; y: number; moving: boolean } | undefined;
  private endedDrag = false;

  constructor(
    private readonly surface: Element,
    private readonly pan: (dx: number, dy: number) => void,
  ) {
    surface.addEventListener('pointerdown', (event) => this.onPointerDown(event as PointerEvent));
    surface.addEventListener('pointermove', (event) => this.onPointerMove(event as PointerEvent));
    surface.addEventListener('pointerup', (event) => this.onPointerUp(event as PointerEvent));
    surface.addEventListener('pointercancel', (event) => this.onPointerUp(event as PointerEvent));
  }

  /** True once for the click that ends a drag: the caller drops that click. */
  takeDragEnd(): boolean {
    const ended = this.endedDrag;
    this.endedDrag = false;
    return ended;
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.endedDrag = false;
    this.drag = { id: event.pointerId, startX: event.clientX, startY: event.clientY, x: event.clientX, y: event.clientY, moving: false };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    if (!drag.moving && Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_THRESHOLD) return;
    if (!drag.moving) {
      drag.moving = true;
      this.surface.setPointerCapture(event.pointerId);
      this.surface.classList.add('panning');
    }
    this.pan(event.clientX - drag.x, event.clientY - drag.y);
    drag.x = event.clientX;
    drag.y = event.clientY;
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = undefined;
    if (!drag.moving) return;
    this.endedDrag = true;
    this.surface.classList.remove('panning');
    if (this.surface.hasPointerCapture(event.pointerId)) this.surface.releasePointerCapture(event.pointerId);
  }
}

/** Where a view stands: its offset in pixels and its zoom. */
export interface ViewPlace {
  x: number;
  y: number;
  scale: number;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Zooms `place` by `factor` within [min, max], keeping the pixel `at` over the same content point. */
export function zoomAbout(place: ViewPlace, factor: number, at: { x: number; y: number }, min: number, max: number): void {
  const next = clamp(place.scale * factor, min, max);
  place.x = at.x - ((at.x - place.x) * next) / place.scale;
  place.y = at.y - ((at.y - place.y) * next) / place.scale;
  place.scale = next;
}

/** The zoom factor a wheel turn asks for, whatever unit (pixels, lines, pages) the device reports in. */
export function wheelZoomFactor(event: WheelEvent): number {
  return Math.exp(-event.deltaY * wheelPixels(event) * 0.002);
}

/** Pixels per unit of the wheel's deltas. */
export function wheelPixels(event: WheelEvent): number {
  return event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 : 1;
}
