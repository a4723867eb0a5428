// A tray of the Measured view ("Needs positions", "Needs a direction": shared/mapPlace.ts):
// beliefs the map cannot place wait in a grid below it, in the board's order, so they stay
// findable without pretending to a place on the matrix.
import { NOTE_WIDTH } from '../../../shared/schema.ts';
import type { Bounds, Point } from '../viewport.ts';

/** Board units between the tray's edge and its title, and between its edge and the notes. */
export const TRAY_PADDING = 24;
/** Type sizes of the tray's title and subtitle, in board units: as large as the matrix's axis labels. */
export const TRAY_TITLE_FONT_SIZE = 34;
export const TRAY_SUBTITLE_FONT_SIZE = 30;
/** Board units from the tray's top edge to its first row: room for the title and subtitle. */
export const TRAY_HEADER_HEIGHT = 120;
/** Board units between two notes in the tray, across and down. */
export const TRAY_NOTE_GAP = 24;

export interface TrayNote {
  id: string;
  height: number;
}

export interface Tray {
  /** Top-left corner of each note. */
  positions: Map<string, Point>;
  /** The tray's own rectangle, title included. */
  bounds: Bounds;
}

/**
 * Lays `notes` out in rows as wide as `width` allows, the tray's top-left corner at
 * (`left`, `top`); each row as tall as its tallest note. Null when no note waits.
 */
export function trayLayout(notes: readonly TrayNote[], left: number, top: number, width: number): Tray | null {
  if (notes.length === 0) return null;
  const inner = Math.max(NOTE_WIDTH, width - 2 * TRAY_PADDING);
  const columns = Math.max(1, Math.floor((inner + TRAY_NOTE_GAP) / (NOTE_WIDTH + TRAY_NOTE_GAP)));
  const positions = new Map<string, Point>();
  let rowTop = top + TRAY_HEADER_HEIGHT;
  for (let start = 0; start < notes.length; start += columns) {
    const row = notes.slice(start, start + columns);
    row.forEach((note, column) => {
      positions.set(note.id, { x: left + TRAY_PADDING + column * (NOTE_WIDTH + TRAY_NOTE_GAP), y: rowTop });
    });
    rowTop += Math.max(...row.map((note) => note.height)) + TRAY_NOTE_GAP;
  }
  const bottom = rowTop - TRAY_NOTE_GAP + TRAY_PADDING;
  return { positions, bounds: { minX: left, minY: top, maxX: left + inner + 2 * TRAY_PADDING, maxY: bottom } };
}
