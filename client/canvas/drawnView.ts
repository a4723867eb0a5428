// The picture the canvas holds, and how it is moved to where the camera is now. The
// Konva stage draws a view a little larger than the screen (the overscan) and is then
// only translated and scaled by CSS while the camera pans and zooms, which the compositor
// does without repainting a pixel on the main thread. The stage draws again only when
// the picture would no longer cover the screen, or would be stretched enough to blur, and
// once at the exact zoom when the camera comes to rest.
import type { Viewport } from '../editor/viewport.ts';

/** Screen pixels drawn beyond each edge of the screen. */
export const OVERSCAN_PX = 200;
/**
 * Redraw once less than this much of the overscan is left at an edge, so the new picture
 * is drawn while the old one still covers the screen.
 */
const OVERSCAN_RESERVE_PX = 60;
/** How far the picture may be magnified while the camera moves before its text blurs too much. */
const MAX_STRETCH = 1.4;

/**
 * The view to draw for the camera `v`: the screen with the overscan around it, centred on
 * the camera. While zooming out it is drawn at a zoom further out, magnified at first, so
 * it goes on covering the screen as the camera keeps zooming out, as long as it would
 * while zooming in.
 */
export function drawnViewFor(v: Viewport, zoomingOut = false): Viewport {
  const scale = zoomingOut ? v.scale / MAX_STRETCH : v.scale;
  const width = v.width + 2 * OVERSCAN_PX;
  const height = v.height + 2 * OVERSCAN_PX;
  const centreX = v.x + v.width / 2 / v.scale;
  const centreY = v.y + v.height / 2 / v.scale;
  return { x: centreX - width / 2 / scale, y: centreY - height / 2 / scale, scale, width, height };
}

/** Where the picture of `drawn` must go for the camera `v`: offset in screen pixels and magnification. */
export interface PictureTransform {
  dx: number;
  dy: number;
  stretch: number;
}

export function pictureTransform(v: Viewport, drawn: Viewport, pixelRatio = 1): PictureTransform {
  const stretch = v.scale / drawn.scale;
  let dx = (drawn.x - v.x) * v.scale;
  let dy = (drawn.y - v.y) * v.scale;
  if (stretch === 1) {
    // Whole device pixels: a picture shifted by a fraction of one is resampled, and its
    // text blurs. The error is under half a pixel.
    dx = Math.round(dx * pixelRatio) / pixelRatio;
    dy = Math.round(dy * pixelRatio) / pixelRatio;
  }
  return { dx, dy, stretch };
}

export function cssTransform({ dx, dy, stretch }: PictureTransform): string {
  return stretch === 1 ? `translate(${dx}px, ${dy}px)` : `translate(${dx}px, ${dy}px) scale(${stretch})`;
}

/** True when the picture of `drawn` no longer serves the camera `v` while it moves. */
export function needsRedraw(v: Viewport, drawn: Viewport): boolean {
  const { dx, dy, stretch } = pictureTransform(v, drawn);
  // A little above: a picture drawn zooming out starts at MAX_STRETCH, give or take rounding.
  if (stretch > MAX_STRETCH * 1.001 || v.width !== drawn.width - 2 * OVERSCAN_PX || v.height !== drawn.height - 2 * OVERSCAN_PX) return true;
  const reserve = OVERSCAN_RESERVE_PX;
  return dx > -reserve || dy > -reserve || dx + drawn.width * stretch < v.width + reserve || dy + drawn.height * stretch < v.height + reserve;
}

/** True when the picture of `drawn` shows the camera `v` as sharp as a fresh one would. */
export function isSharp(v: Viewport, drawn: Viewport): boolean {
  return v.scale === drawn.scale;
}
