// The Measured view's whole arrangement: every belief with enough positions on Cutler's
// matrix by the numbers (shared/measuredLayout.ts), every other one in the "Needs
// positions" tray below the map. Pure, so the canvas draws it and the end-to-end tests
// recompute it from the document to check where a note was drawn.
import { measuredLayout, type MeasuredItem } from '../../../shared/measuredLayout.ts';
import { NOTE_WIDTH } from '../../../shared/schema.ts';
import type { BeliefStats } from '../../../shared/stats.ts';
import { noteBox, unionBounds } from './noteGeometry.ts';
import { trayLayout } from './trayLayout.ts';
import type { Bounds, Point } from '../viewport.ts';

/** Board units between the lowest note on the map (or the matrix's edge) and the tray. */
export const TRAY_MARGIN = 96;

export interface NoteToArrange {
  id: string;
  /** The note's own top-left corner: its place in the free layout. */
  x: number;
  y: number;
  height: number;
  stats: Pick<BeliefStats, 'convergence' | 'meanDirection'>;
}

export interface MeasuredArrangement {
  /** Top-left corner of every note, on the map or in the tray. */
  positions: Map<string, Point>;
  /** The tray's rectangle, or null when every belief is on the map. */
  tray: Bounds | null;
  /** The matrix, every note and the tray: what "Zoom to fit" frames. */
  bounds: Bounds;
}

/**
 * Where the team itself put the note across the matrix: −1 at the left edge … +1 at the
 * right, by the note's centre, clamped. The map falls back on it where nobody gave a direction.
 */
export function placementAcross(x: number, matrix: Bounds): number {
  const half = (matrix.maxX - matrix.minX) / 2;
  const across = (x + NOTE_WIDTH / 2 - (matrix.minX + half)) / half;
  return Math.min(1, Math.max(-1, across));
}

/** `notes` in the board's order; the tray keeps that order. */
export function arrangeMeasured(notes: readonly NoteToArrange[], matrix: Bounds): MeasuredArrangement {
  const items: MeasuredItem[] = [];
  const waiting: NoteToArrange[] = [];
  for (const note of notes) {
    const { convergence, meanDirection } = note.stats;
    if (convergence === null) waiting.push(note);
    else {
      items.push({
        id: note.id,
        convergence,
        direction: meanDirection,
        placementX: placementAcross(note.x, matrix),
        width: NOTE_WIDTH,
        height: note.height,
      });
    }
  }
  const onMap = measuredLayout(items, matrix);
  const mapBoxes = items.map((item) => noteBox(onMap.get(item.id)!, item.height));
  // The layout lets a crowded quadrant overflow past the matrix's edges: the tray starts
  // below the lowest note so it never covers one.
  const map = unionBounds([matrix, ...mapBoxes])!;
  const tray = trayLayout(waiting, matrix.minX, map.maxY + TRAY_MARGIN, matrix.maxX - matrix.minX);
  return {
    positions: new Map([...onMap, ...(tray?.positions ?? [])]),
    tray: tray?.bounds ?? null,
    bounds: tray ? unionBounds([map, tray.bounds])! : map,
  };
}
