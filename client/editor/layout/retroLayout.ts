// The retro picture's page: the Measured map with its trays in the middle, a title and
// the date above it, a legend below it — each in a band of its own, so nothing written
// ever lies over a note, a caption or an axis label. Pure, so the end-to-end test can find
// the captions in the PNG by recomputing where they are.
import type { Bounds } from '../viewport.ts';

/** Board units around the whole picture and between its bands. */
export const RETRO_MARGIN = 64;
export const RETRO_HEADER_HEIGHT = 150;
export const RETRO_LEGEND_HEIGHT = 470;
/**
 * Image pixels per board unit: the matrix is 2400 units wide, so the PNG is about 2,500
 * pixels wide and a note's text (16 units) is 16 pixels tall — readable on a shared
 * screen, drawn in full rather than as labels.
 */
export const RETRO_PIXEL_RATIO = 1;

export interface RetroLayout {
  /** Everything the PNG shows, in board units. */
  area: Bounds;
  header: Bounds;
  /** The map and its trays, as the Measured view arranges them. */
  map: Bounds;
  legend: Bounds;
}

export function retroLayout(map: Bounds): RetroLayout {
  const header = { minX: map.minX, maxX: map.maxX, maxY: map.minY - RETRO_MARGIN, minY: map.minY - RETRO_MARGIN - RETRO_HEADER_HEIGHT };
  const legend = { minX: map.minX, maxX: map.maxX, minY: map.maxY + RETRO_MARGIN, maxY: map.maxY + RETRO_MARGIN + RETRO_LEGEND_HEIGHT };
  return {
    area: { minX: map.minX - RETRO_MARGIN, minY: header.minY - RETRO_MARGIN, maxX: map.maxX + RETRO_MARGIN, maxY: legend.maxY + RETRO_MARGIN },
    header,
    map,
    legend,
  };
}
