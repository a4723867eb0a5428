// How big a PNG export will be: the chosen area plus padding, at the chosen scale, made
// smaller (never blank, never truncated) when it would pass what a browser can draw.
import { MAX_EXPORT_IMAGE_PIXELS, MAX_EXPORT_IMAGE_SIDE } from '../../shared/limits.ts';
import type { Bounds } from '../editor/viewport.ts';

export interface ImagePlan {
  /** The board area drawn, padding included, in board units. */
  area: Bounds;
  /** Pixels per board unit: the chosen scale, or less when capped. */
  pixelRatio: number;
  width: number;
  height: number;
  /** True when the chosen scale was lowered to stay within the limits. */
  capped: boolean;
}

/** `padding` is in pixels of the finished image, so a 2× picture keeps the same margin. */
export function planImage(bounds: Bounds, scale: number, padding: number): ImagePlan {
  const pad = padding / scale;
  const area = { minX: bounds.minX - pad, minY: bounds.minY - pad, maxX: bounds.maxX + pad, maxY: bounds.maxY + pad };
  const [boardWidth, boardHeight] = [Math.max(1, area.maxX - area.minX), Math.max(1, area.maxY - area.minY)];
  const limit = Math.min(
    scale,
    MAX_EXPORT_IMAGE_SIDE / boardWidth,
    MAX_EXPORT_IMAGE_SIDE / boardHeight,
    Math.sqrt(MAX_EXPORT_IMAGE_PIXELS / (boardWidth * boardHeight)),
  );
  return {
    area,
    pixelRatio: limit,
    width: Math.max(1, Math.floor(boardWidth * limit)),
    height: Math.max(1, Math.floor(boardHeight * limit)),
    capped: limit < scale,
  };
}
