// The camera over the board: session state (this tab only, never synced). Screen point
// s and board point b relate by s = (b - origin) * scale, where origin is the board point
// at the canvas's top-left corner.
import { ValueStore } from '../state/externalStore.ts';
import { FIT_MIN_SCALE } from './layout/readability.ts';

export interface Viewport {
  /** Board coordinates of the canvas's top-left corner. */
  x: number;
  y: number;
  scale: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;
export const ZOOM_STEP = 1.25;

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function screenToBoard(v: Viewport, p: Point): Point {
  return { x: v.x + p.x / v.scale, y: v.y + p.y / v.scale };
}

export function boardToScreen(v: Viewport, p: Point): Point {
  return { x: (p.x - v.x) * v.scale, y: (p.y - v.y) * v.scale };
}

/** Zooms by `factor` keeping the board point under `anchor` (screen) where it is. */
export function zoomAt(v: Viewport, factor: number, anchor: Point = { x: v.width / 2, y: v.height / 2 }): Viewport {
  const scale = clampScale(v.scale * factor);
  const fixed = screenToBoard(v, anchor);
  return { ...v, scale, x: fixed.x - anchor.x / scale, y: fixed.y - anchor.y / scale };
}

/** A wheel delta in CSS pixels, whatever unit (pixels, lines, pages) the browser reported. */
export function wheelDeltaPixels(delta: number, deltaMode: number): number {
  if (deltaMode === 1) return delta * 16;
  if (deltaMode === 2) return delta * 800;
  return delta;
}

// One notch of a mouse wheel (about 100 px) is clamped to this, giving about ZOOM_STEP; a
// trackpad pinch, which Chrome reports as ctrl+wheel with small deltas, zooms smoothly.
const WHEEL_ZOOM_CLAMP = 30;
const WHEEL_ZOOM_RATE = 1 / 120;

/** Zoom factor for a ctrl/cmd+wheel (or pinch) delta in pixels; scrolling up zooms in. */
export function wheelZoomFactor(deltaYPixels: number): number {
  const clamped = Math.max(-WHEEL_ZOOM_CLAMP, Math.min(WHEEL_ZOOM_CLAMP, deltaYPixels));
  return Math.exp(-clamped * WHEEL_ZOOM_RATE);
}

/**
 * One step of a two-finger gesture: the board point under the fingers' midpoint stays
 * under it while the fingers move apart (zoom) and together (pan).
 */
export function pinchStep(v: Viewport, from: [Point, Point], to: [Point, Point]): Viewport {
  const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  const midpoint = (a: Point, b: Point) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const before = distance(from[0], from[1]);
  const scale = before > 0 ? clampScale(v.scale * (distance(to[0], to[1]) / before)) : v.scale;
  const anchored = screenToBoard(v, midpoint(from[0], from[1]));
  const target = midpoint(to[0], to[1]);
  return { ...v, scale, x: anchored.x - target.x / scale, y: anchored.y - target.y / scale };
}

/** Pans by a screen-space delta. */
export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { ...v, x: v.x - dx / v.scale, y: v.y - dy / v.scale };
}

/**
 * The viewport that shows `bounds` whole, centred, with `padding` screen pixels around —
 * but never zoomed out below `minScale`: past it the notes could not be read, so a board
 * too large for the screen is framed on its middle instead.
 */
export function fitBounds(v: Viewport, bounds: Bounds, padding = 48, minScale = MIN_SCALE): Viewport {
  const w = Math.max(1, bounds.maxX - bounds.minX);
  const h = Math.max(1, bounds.maxY - bounds.minY);
  const scale = clampScale(
    Math.max(minScale, Math.min((v.width - 2 * padding) / w, (v.height - 2 * padding) / h, 1.5)),
  );
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  return { ...v, scale, x: cx - v.width / 2 / scale, y: cy - v.height / 2 / scale };
}

/** The board area visible on screen, for culling. */
export function visibleBounds(v: Viewport, margin = 0): Bounds {
  return {
    minX: v.x - margin,
    minY: v.y - margin,
    maxX: v.x + v.width / v.scale + margin,
    maxY: v.y + v.height / v.scale + margin,
  };
}

export function centerOf(v: Viewport): Point {
  return screenToBoard(v, { x: v.width / 2, y: v.height / 2 });
}

export function intersects(a: Bounds, b: Bounds): boolean {
  return a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;
}

/** The viewport of this tab, shared by the canvas, the toolbar and the shortcuts. */
export class ViewportStore extends ValueStore<Viewport> {
  /** False until the canvas has told its real size: a fit before then would be off-centre. */
  measured = false;

  constructor() {
    super({ x: -80, y: -80, scale: 1, width: 800, height: 600 });
  }
  resize(width: number, height: number): void {
    const first = !this.measured;
    this.measured = true;
    const v = this.get();
    // The first size is news even when it is the default's: the canvas waits for it.
    if (first || v.width !== width || v.height !== height) this.set({ ...v, width, height });
  }
  zoomBy(factor: number, anchor?: Point): void {
    this.set(zoomAt(this.get(), factor, anchor));
  }
  resetZoom(): void {
    const v = this.get();
    this.set(zoomAt(v, 1 / v.scale));
  }
  panBy(dx: number, dy: number): void {
    this.set(panBy(this.get(), dx, dy));
  }
  /** "Zoom to fit": the bounds whole, at a zoom where the notes stay readable (readability.ts). */
  fit(bounds: Bounds | null): void {
    if (bounds) this.set(fitBounds(this.get(), bounds, undefined, FIT_MIN_SCALE));
    else this.set({ ...this.get(), x: -80, y: -80, scale: 1 });
  }
  center(): Point {
    return centerOf(this.get());
  }
}
