// Note bitmaps are made while the main thread is idle, a few at a time. Making one costs a
// full draw of the note into its own canvas; doing it for every note that comes into the
// drawn view, or for every note when the zoom crosses a resolution step, would stall
// frames of the gesture that caused it. Until its bitmap is ready a note is drawn directly,
// or from its old bitmap, scaled.
//
// A first bitmap looks like the note drawn directly, so it waits for the layer's next
// draw; a bitmap at a new resolution is sharper, so once the queue is empty the layers
// it changed are drawn again.
import type Konva from 'konva';
import { Konva as KonvaGlobal } from 'konva/lib/Global';

/** Milliseconds of a turn given to bitmaps where the browser cannot say how idle it is. */
const FALLBACK_BUDGET_MS = 4;

const pending = new Map<Konva.Node, { pixelRatio: number; sharper: boolean }>();
const sharpened = new Set<Konva.Layer>();
let scheduled = false;

interface Deadline {
  timeRemaining(): number;
}

function whenIdle(callback: (deadline: Deadline) => void): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(callback);
    return;
  }
  // Safari: no idle callbacks. A task soon after the frame, with a fixed budget.
  setTimeout(() => {
    const end = performance.now() + FALLBACK_BUDGET_MS;
    callback({ timeRemaining: () => end - performance.now() });
  }, 1);
}

function makeSome(deadline: Deadline): void {
  scheduled = false;
  for (const [node, job] of pending) {
    if (deadline.timeRemaining() <= 0) break;
    pending.delete(node);
    const layer = node.getLayer();
    if (!layer) continue;
    // cache() asks the layer to draw again at once; that waits, as said above.
    KonvaGlobal.autoDrawEnabled = false;
    try {
      node.cache({ pixelRatio: job.pixelRatio });
    } finally {
      KonvaGlobal.autoDrawEnabled = true;
    }
    if (job.sharper) sharpened.add(layer);
  }
  if (pending.size > 0) {
    schedule();
    return;
  }
  for (const layer of sharpened) layer.batchDraw();
  sharpened.clear();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  whenIdle(makeSome);
}

/**
 * Asks for `node`'s bitmap at `pixelRatio`. With `stale`, the old bitmap no longer shows
 * the note and is dropped now; otherwise (a new resolution) it is kept until replaced.
 */
export function requestBitmap(node: Konva.Node, pixelRatio: number, stale: boolean): void {
  if (stale && node.isCached()) node.clearCache();
  pending.set(node, { pixelRatio, sharper: node.isCached() });
  schedule();
}

export function cancelBitmap(node: Konva.Node): void {
  pending.delete(node);
}
