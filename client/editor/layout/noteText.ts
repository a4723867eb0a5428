// How a note's text is laid out: wrapped into lines at the note's width, and how tall the
// note grows for them. Pure, with the text measurer passed in, so the canvas, "Zoom to
// fit", hit testing and the tests all agree on one height for one text.
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../../shared/schema.ts';

export const NOTE_PADDING = 14;
/** The note's rounded corners, as drawn on the canvas and laid over it in HTML. */
export const NOTE_CORNER_RADIUS = 6;
export const NOTE_FONT_SIZE = 16;
/** Multiple of the font size; Konva's Text uses the same factor for its line advance. */
export const NOTE_LINE_HEIGHT = 1.3;
export const CANVAS_FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
/** Width available to the text inside a note. */
export const NOTE_TEXT_WIDTH = NOTE_WIDTH - 2 * NOTE_PADDING;
/**
 * Room kept at the foot of every note for the team's figures (client/canvas/NoteFigures.tsx), so the
 * text never runs under the distribution strip and the badge.
 */
export const NOTE_FIGURES_HEIGHT = 38;

/** Width of a string in board units at NOTE_FONT_SIZE. */
export type MeasureText = (text: string) => number;

export interface NoteTextLayout {
  lines: string[];
  /** Height of the whole note, padding and figures included, never below NOTE_MIN_HEIGHT. */
  height: number;
}

/**
 * A measurer for places without a canvas (unit tests, the server): an average glyph width.
 * Wider than most proportional fonts, so a height estimated with it errs on the tall side.
 */
export const approximateMeasure: MeasureText = (text) => text.length * NOTE_FONT_SIZE * 0.55;

export function noteHeightForLines(lineCount: number): number {
  return Math.max(
    NOTE_MIN_HEIGHT,
    Math.ceil(2 * NOTE_PADDING + lineCount * NOTE_FONT_SIZE * NOTE_LINE_HEIGHT + NOTE_FIGURES_HEIGHT),
  );
}

/**
 * Greedy word wrap. Explicit newlines are kept; a word wider than the line is broken
 * between characters. Widths of words are summed rather than measuring each candidate
 * line, so laying out thousands of notes stays linear in their length (kerning across
 * a space is negligible at this size).
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  const spaceWidth = measure(' ');
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    let lineStarted = false;
    for (const word of paragraph.split(' ')) {
      const wordWidth = measure(word);
      const candidateWidth = lineStarted ? lineWidth + spaceWidth + wordWidth : wordWidth;
      if (candidateWidth <= maxWidth) {
        line = lineStarted ? `${line} ${word}` : word;
        lineWidth = candidateWidth;
        lineStarted = true;
        continue;
      }
      if (lineStarted) lines.push(line);
      if (wordWidth <= maxWidth) {
        line = word;
        lineWidth = wordWidth;
      } else {
        const pieces = breakWord(word, maxWidth, measure);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1];
        lineWidth = measure(line);
      }
      lineStarted = true;
    }
    lines.push(line);
  }
  return lines;
}

function breakWord(word: string, maxWidth: number, measure: MeasureText): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  // Iterate code points so an emoji is never split across lines.
  for (const char of word) {
    const charWidth = measure(char);
    if (piece && pieceWidth + charWidth > maxWidth) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += char;
    pieceWidth += charWidth;
  }
  pieces.push(piece);
  return pieces;
}

export function layoutNoteText(text: string, measure: MeasureText): NoteTextLayout {
  const lines = text === '' ? [] : wrapText(text, NOTE_TEXT_WIDTH, measure);
  return { lines, height: noteHeightForLines(lines.length) };
}
