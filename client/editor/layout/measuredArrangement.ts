// The Measured view's whole arrangement: every belief with enough positions and a
// direction on Cutler's matrix by the numbers (shared/measuredLayout.ts), clear of the
// matrix's captions and axis labels; every other one in its named tray below the map
// ("Needs positions", "Needs a direction": shared/mapPlace.ts). Pure, so the canvas and
// the retro picture draw it and the end-to-end tests recompute it from the document.
import { mapPlaceOf, TRAY_ORDER, type TrayName } from '../../../shared/mapPlace.ts';
import { measuredLayout, type MeasuredItem } from '../../../shared/measuredLayout.ts';
import { NOTE_WIDTH } from '../../../shared/schema.ts';
import type { BeliefStats } from '../../../shared/stats.ts';
import { matrixLabels } from './matrix.ts';
import { noteBox, unionBounds } from './noteGeometry.ts';
import { trayLayout } from './trayLayout.ts';
import type { Bounds, Point } from '../viewport.ts';

/** Board units between the lowest note on the map (or the matrix's edge) and the trays. */
export const TRAY_MARGIN = 64;
/** Board units between the two trays, side by side. */
export const TRAY_GAP = 48;

export interface NoteToArrange {
  id: string;
  height: number;
  stats: Pick<BeliefStats, 'convergence' | 'meanDirection'>;
}

export interface PlacedTray {
  name: TrayName;
  /** The tray's rectangle, title included. */
  bounds: Bounds;
}

export interface MeasuredArrangement {
  /** Top-left corner of every note, on the map or in a tray. */
  positions: Map<string, Point>;
  /** The trays that hold a note, in TRAY_ORDER. */
  trays: PlacedTray[];
  /** The matrix, every note and the trays: what "Zoom to fit" frames. */
  bounds: Bounds;
}

/** The boxes of the matrix's captions and axis labels: no note may cover them. */
export function labelBoxes(): Bounds[] {
  return matrixLabels().map((label) => ({ minX: label.x, minY: label.y, maxX: label.x + label.width, maxY: label.y + label.height }));
}

/** `notes` in the board's order; each tray keeps that order. */
export function arrangeMeasured(notes: readonly NoteToArrange[], matrix: Bounds): MeasuredArrangement {
  const items: MeasuredItem[] = [];
  const waiting = new Map<TrayName, NoteToArrange[]>(TRAY_ORDER.map((name) => [name, []]));
  for (const note of notes) {
    const place = mapPlaceOf(note.stats);
    if (place.tray) waiting.get(place.tray)!.push(note);
    else items.push({ id: note.id, convergence: note.stats.convergence!, direction: note.stats.meanDirection!, width: NOTE_WIDTH, height: note.height });
  }
  const onMap = measuredLayout(items, matrix, labelBoxes());
  const mapBoxes = items.map((item) => noteBox(onMap.get(item.id)!, item.height));
  // The layout lets a crowded quadrant overflow past the matrix's edges: the trays start
  // below the lowest note so they never cover one.
  const map = unionBounds([matrix, ...mapBoxes])!;
  // Side by side, each half the matrix wide, so the whole picture stays nearly as wide as
  // it is tall and "Zoom to fit" keeps the notes large on a landscape screen.
  const trayWidth = (matrix.maxX - matrix.minX - TRAY_GAP) / 2;
  const positions = new Map(onMap);
  const trays: PlacedTray[] = [];
  TRAY_ORDER.forEach((name, index) => {
    const left = matrix.minX + index * (trayWidth + TRAY_GAP);
    const tray = trayLayout(waiting.get(name)!, left, map.maxY + TRAY_MARGIN, trayWidth);
    if (!tray) return;
    for (const [id, point] of tray.positions) positions.set(id, point);
    trays.push({ name, bounds: tray.bounds });
  });
  return { positions, trays, bounds: unionBounds([map, ...trays.map((tray) => tray.bounds)])! };
}
