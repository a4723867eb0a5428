// The glide between the free layout and the Measured view: each note travels from where
// the team put it to where the numbers put it. Pure, so the frame loop and the tests
// compute the same in-between positions.
import type { Point } from '../viewport.ts';

/** A whole glide, free → measured or back, takes this long. */
export const GLIDE_MS = 400;

/** Slow in, slow out: a note starts and stops gently instead of jumping to full speed. */
export function easeInOut(t: number): number {
  const clamped = Math.min(1, Math.max(0, t));
  return clamped < 0.5 ? 4 * clamped ** 3 : 1 - (-2 * clamped + 2) ** 3 / 2;
}

/**
 * Glide progress after `elapsedMs` more of travel towards `target` (0 free, 1 measured),
 * at a constant rate. A glide reversed halfway therefore only takes the time to go back.
 */
export function stepToward(progress: number, target: number, elapsedMs: number): number {
  const step = Math.max(0, elapsedMs) / GLIDE_MS;
  return progress < target ? Math.min(target, progress + step) : Math.max(target, progress - step);
}

/**
 * Where a note is drawn at `progress` of the glide: at its own place at 0, at its measured
 * place at 1, eased in between. A note the Measured view does not place stays put.
 */
export function displayedPosition(free: Point, measured: Point | undefined, progress: number): Point {
  if (!measured || progress <= 0) return free;
  if (progress >= 1) return measured;
  const t = easeInOut(progress);
  return { x: free.x + (measured.x - free.x) * t, y: free.y + (measured.y - free.y) * t };
}
