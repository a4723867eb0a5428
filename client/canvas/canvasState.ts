// What the canvas shows while a gesture is under way in this tab: never synced, never
// saved. Gestures write it; the layers that draw it subscribe to just the piece they show.
import { ValueStore } from '../state/externalStore.ts';
import type { Bounds } from '../editor/viewport.ts';

const NONE: ReadonlySet<string> = new Set();

export class CanvasState {
  /** Notes I am dragging: drawn on their own layer so the rest of the notes stay still. */
  readonly dragging = new ValueStore<ReadonlySet<string>>(NONE);
  /** The marquee rectangle in board coordinates while I draw one. */
  readonly marquee = new ValueStore<Bounds | null>(null);

  startDragging(ids: readonly string[]): void {
    this.dragging.set(new Set(ids));
  }
  stopDragging(): void {
    this.dragging.set(NONE);
  }
}
