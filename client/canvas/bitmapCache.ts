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
import { whenIdle, type Deadline } from '../state/whenIdle.ts';

const pending = new Map<Konva.Node, { pixelRatio: number; sharper: boolean }>();
const sharpened = new Set<Konva.Layer>();
let scheduled = false;

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
