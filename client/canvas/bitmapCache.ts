// Note bitmaps are made a few at a time, within a budget per frame. Making one costs a
// full draw of the note into its own canvas; doing it for every note that scrolls into
// view, or for every note when the zoom crosses a resolution step, would stall that
// frame. Until its bitmap is ready a note is simply drawn directly.
import type Konva from 'konva';

/** Milliseconds of each frame spent making bitmaps. */
const FRAME_BUDGET_MS = 4;

const pending = new Map<Konva.Node, number>();
let frame = 0;

function makeSome(): void {
  frame = 0;
  const deadline = performance.now() + FRAME_BUDGET_MS;
  const touched = new Set<Konva.Layer>();
  for (const [node, pixelRatio] of pending) {
    pending.delete(node);
    const layer = node.getLayer();
    if (!layer) continue;
    node.cache({ pixelRatio });
    touched.add(layer);
    if (performance.now() > deadline) break;
  }
  for (const layer of touched) layer.batchDraw();
  if (pending.size > 0) frame = requestAnimationFrame(makeSome);
}

/**
 * Asks for `node`'s bitmap at `pixelRatio`. With `stale`, the old bitmap no longer shows
 * the note and is dropped now; otherwise (a new resolution) it is kept until replaced.
 */
export function requestBitmap(node: Konva.Node, pixelRatio: number, stale: boolean): void {
  if (stale) node.clearCache();
  pending.set(node, pixelRatio);
  frame ||= requestAnimationFrame(makeSome);
}

export function cancelBitmap(node: Konva.Node): void {
  pending.delete(node);
}
