// What goes into the canvas's gesture machine and what comes out of it (GestureMachine.ts):
// input events in the canvas's own terms (no DOM), the commands it answers with, and the
// few questions it asks of the board. Points are in CSS pixels from the canvas's top-left
// corner ("screen"), unless named board points.
import type { Bounds, Point, Viewport } from '../../editor/viewport.ts';

export type PointerKind = 'mouse' | 'pen' | 'touch';

export type GestureEvent =
  | { type: 'pointerDown'; pointerId: number; pointerType: PointerKind; button: number; at: Point; shift: boolean }
  | { type: 'pointerMove'; pointerId: number; pointerType: PointerKind; at: Point }
  | { type: 'pointerUp'; pointerId: number; pointerType: PointerKind; at: Point }
  /** The browser took the pointer away (or the system did): the gesture is called off. */
  | { type: 'pointerCancel'; pointerId: number; pointerType: PointerKind }
  | { type: 'doubleClick'; at: Point }
  /** A wheel or trackpad step, in CSS pixels; `zoom` when Ctrl/⌘ is held (or a trackpad pinch). */
  | { type: 'wheel'; at: Point; dx: number; dy: number; zoom: boolean; shift: boolean }
  | { type: 'keyDown'; key: 'Space' | 'Escape' }
  | { type: 'keyUp'; key: 'Space' }
  /** The window lost focus: a key held down will never be seen going up. */
  | { type: 'blur' }
  /** The note's text editor closed. */
  | { type: 'editingEnded' }
  /** The canvas goes away mid-gesture: end it keeping what was done. */
  | { type: 'interrupt' };

export type GestureCommand =
  | { type: 'select'; ids: string[] }
  | { type: 'camera'; viewport: Viewport }
  /** Keep receiving this pointer's events even when it leaves the canvas. */
  | { type: 'capturePointer'; pointerId: number }
  /** The selection box as drawn, in board coordinates; null when there is none. */
  | { type: 'marquee'; area: Bounds | null }
  /** Notes start moving: what follows until endMove or cancelMove is one undo step. */
  | { type: 'beginMove'; ids: string[] }
  /** The moving notes are `offset` (board units) from where they were when the move began. */
  | { type: 'moveNotes'; offset: Point }
  /** The move is over, at `offset`; null: where the last moveNotes left them. */
  | { type: 'endMove'; offset: Point | null }
  /** The move is called off: every note goes back where it was. */
  | { type: 'cancelMove' }
  | { type: 'editNote'; id: string }
  /** Add a note with this top-left corner (board units) and open its editor. */
  | { type: 'addNote'; at: Point };

/** What the machine asks of the board; everything else it is told through events. */
export interface GestureWorld {
  /** The camera now. */
  viewport(): Viewport;
  /** The topmost note drawn at a board point, or null. */
  noteAt(board: Point): string | null;
  /** The notes drawn touching a board area, in drawing order. */
  notesIn(area: Bounds): string[];
  selection(): readonly string[];
  /** Whether notes may be moved now (my link, the lock, and the notes at their own places). */
  mayMoveNotes(): boolean;
  /** Whether notes may be written and added now. */
  mayEditNotes(): boolean;
}

/** The cursor the canvas shows: a hand ready to pan, a hand panning, or the default. */
export type CursorStyle = '' | 'grab' | 'grabbing';

export interface GestureReaction {
  commands: GestureCommand[];
  /** The event was the gesture's: the browser's own default, and the shortcuts, must not act on it too. */
  handled: boolean;
}
