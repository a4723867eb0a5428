// Board-space extents of notes, measured with the same layout the canvas draws, so
// "Zoom to fit" frames exactly what is on screen.
import type { Belief, Template } from '../../../shared/schema.ts';
import { MATRIX_BOUNDS } from './matrix.ts';
import { UNPLACED_TRAY } from './unplacedTray.ts';
import { noteBox, unionBounds } from './noteGeometry.ts';
import { noteLayout } from './noteLayout.ts';
import type { Bounds } from '../viewport.ts';

export function beliefBounds(belief: Belief): Bounds {
  return noteBox(belief, noteLayout(belief.text).height);
}

/** The box around every belief, or null for an empty board. */
export function beliefsBounds(beliefs: Belief[]): Bounds | null {
  return unionBounds(beliefs.map(beliefBounds));
}

/** What "Zoom to fit" frames: the beliefs, and on a belief-map board the matrix and the "Unplaced" tray. */
export function contentBounds(beliefs: Belief[], template: Template): Bounds | null {
  const notes = beliefsBounds(beliefs);
  if (template !== 'belief-map') return notes;
  return unionBounds(notes ? [notes, MATRIX_BOUNDS, UNPLACED_TRAY] : [MATRIX_BOUNDS, UNPLACED_TRAY]);
}
