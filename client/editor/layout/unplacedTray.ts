// The "Unplaced" tray of a belief-map board: a column beside the matrix where new notes
// land, side by side, until someone drags them onto the map. A note dropped in the middle
// of the view used to sit across the centre cross, in all four quadrants at once, which
// says nothing; here it says "not placed yet".
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../../shared/schema.ts';
import { MATRIX_BOUNDS } from './matrix.ts';
import { TRAY_NOTE_GAP, TRAY_PADDING } from './trayLayout.ts';
import type { Bounds, Point } from '../viewport.ts';

export const UNPLACED_TITLE = 'Unplaced';
export const UNPLACED_SUBTITLE = 'New beliefs land here. Drag each onto the map.';
/** Board units between the matrix's right edge and the tray. */
const TRAY_OFFSET = 80;
const COLUMNS = 2;
/** Room for the title and a three-line subtitle above the first row. */
export const UNPLACED_HEADER_HEIGHT = 200;
/** A row as tall as a note of a few lines, with its gap. */
const ROW_HEIGHT = NOTE_MIN_HEIGHT + 40 + TRAY_NOTE_GAP;
const COLUMN_WIDTH = NOTE_WIDTH + TRAY_NOTE_GAP;
/** Rows searched; past them the tray is full and the last cell is reused. */
const MAX_ROWS = 400;

export const UNPLACED_TRAY: Bounds = {
  minX: MATRIX_BOUNDS.maxX + TRAY_OFFSET,
  minY: MATRIX_BOUNDS.minY,
  maxX: MATRIX_BOUNDS.maxX + TRAY_OFFSET + 2 * TRAY_PADDING + COLUMNS * NOTE_WIDTH + (COLUMNS - 1) * TRAY_NOTE_GAP,
  maxY: MATRIX_BOUNDS.maxY,
};

/** The first free cell of the tray, row by row, for a new note (top-left corner); `taken` are other notes' corners. */
export function placeInUnplacedTray(taken: Iterable<Point>): Point {
  const corners = Array.from(taken);
  const free = (cell: Point) => !corners.some((p) => Math.abs(p.x - cell.x) < COLUMN_WIDTH && Math.abs(p.y - cell.y) < ROW_HEIGHT);
  let cell: Point = { x: 0, y: 0 };
  for (let row = 0; row < MAX_ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      cell = {
        x: UNPLACED_TRAY.minX + TRAY_PADDING + column * COLUMN_WIDTH,
        y: UNPLACED_TRAY.minY + UNPLACED_HEADER_HEIGHT + row * ROW_HEIGHT,
      };
      if (free(cell)) return cell;
    }
  }
  return cell;
}
