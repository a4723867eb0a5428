// Finds the notes in a picture of the board (a screenshot or an exported PNG) by their
// fill colour, and measures how tall the writing on each is: the rows of dark pixels in a
// run are one line of type, ascenders to descenders, so the tallest run is the size the
// eye reads. No knowledge of the app's layout is needed, only the pixels.
import type { DecodedPng } from './png.ts';

export interface PixelBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

/** Bounding boxes of the regions of exactly `fill`, larger than `minPixels`: one per note. */
export function regionsOf(png: DecodedPng, fill: string, minPixels = 150): PixelBox[] {
  const [r, g, b] = rgbOf(fill);
  const { width, height, rgba } = png;
  const isFill = (i: number) => rgba[i * 4] === r && rgba[i * 4 + 1] === g && rgba[i * 4 + 2] === b;
  const seen = new Uint8Array(width * height);
  const boxes: PixelBox[] = [];
  const stack: number[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !isFill(start)) continue;
    let [count, minX, minY, maxX, maxY] = [0, width, height, 0, 0];
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const [x, y] = [i % width, Math.floor(i / width)];
      count++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      for (const next of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (next >= 0 && !seen[next] && isFill(next)) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    if (count >= minPixels) boxes.push({ minX, minY, maxX, maxY });
  }
  return boxes;
}

/** Whether a pixel is ink: dark enough to be type on a light note. */
function isInk(png: DecodedPng, x: number, y: number): boolean {
  const i = (y * png.width + x) * 4;
  return 0.299 * png.rgba[i] + 0.587 * png.rgba[i + 1] + 0.114 * png.rgba[i + 2] < 120;
}

/**
 * The tallest run of consecutive rows holding ink inside `box`, in pixels, looking only
 * at the top `share` of it (where a note's text or label is; its figures sit below).
 */
export function tallestInkRun(png: DecodedPng, box: PixelBox, share = 1): number {
  let [best, run] = [0, 0];
  const bottom = Math.floor(box.minY + (box.maxY - box.minY) * share);
  for (let y = box.minY + 1; y <= bottom; y++) {
    let ink = false;
    for (let x = box.minX + 1; x < box.maxX && !ink; x++) ink = isInk(png, x, y);
    run = ink ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** How many pixels inside `box` are exactly `fill`. */
export function fillPixelsIn(png: DecodedPng, box: PixelBox, fill: string): number {
  const [r, g, b] = rgbOf(fill);
  let count = 0;
  for (let y = Math.max(0, Math.floor(box.minY)); y < Math.min(png.height, Math.ceil(box.maxY)); y++) {
    for (let x = Math.max(0, Math.floor(box.minX)); x < Math.min(png.width, Math.ceil(box.maxX)); x++) {
      const i = (y * png.width + x) * 4;
      if (png.rgba[i] === r && png.rgba[i + 1] === g && png.rgba[i + 2] === b) count++;
    }
  }
  return count;
}
