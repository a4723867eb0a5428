// How a note stays readable at every zoom. Close in, the note shows its whole text. Further
// out, where that text would be a few pixels tall, it shows a short bold label — its first
// words, drawn at least LABEL_MIN_PX tall on screen — and its badge, instead of a blank box.
// "Zoom to fit" never zooms out past FIT_MIN_SCALE, where a label line still holds a word
// or two. Pure, with the text measurer passed in, so the canvas and the tests agree.
import { NOTE_WIDTH } from '../../../shared/schema.ts';
import { NOTE_FONT_SIZE } from './noteText.ts';

export interface TypeSizes {
  /** Note text smaller than this on screen (CSS px) is shown as a label instead. */
  textMinPx: number;
  /** A label and its badge are drawn at least this tall on screen. */
  labelMinPx: number;
}

/** A laptop or a desk: 10 px is the smallest text most people read without leaning in. */
export const SCREEN_TYPE: TypeSizes = { textMinPx: 10, labelMinPx: 12 };
/**
 * A projector, while the facilitator presents: a note's whole text only from 13 px, so
 * the back of the room reads it too. Labels stay at 12 px: at the zoom that frames the
 * whole map a note is about 68 px wide, and larger type would leave a letter or two of
 * each word (measured: "A…", "Hitti…" at 15 px).
 */
export const PROJECTOR_TYPE: TypeSizes = { textMinPx: 13, labelMinPx: 12 };

/**
 * The lowest zoom "Zoom to fit" chooses. At 0.3 a 12 px label is 40 board units, about
 * eight letters to a line of the note's 172 units: still the first words. The whole
 * belief map with its trays fits a 1440 × 900 screen at 0.34 (measured), so it is framed whole.
 */
export const FIT_MIN_SCALE = 0.3;

/** Line advance of a label, as a multiple of its font size: tight, so a small note holds two lines and its badge. */
export const LABEL_LINE_HEIGHT = 1.05;
/** Above this many notes on screen they are drawn as plain boxes: each is then too small for a word. */
export const LABEL_MAX_NOTES = 400;

/** Whether the note's own text is drawn (true) or its label (false) at `scale`. */
export function showsFullText(scale: number, sizes: TypeSizes = SCREEN_TYPE): boolean {
  return NOTE_FONT_SIZE * scale >= sizes.textMinPx;
}

export interface NoteLabel {
  /** The first words, wrapped; the last line ends in … when words were left out. */
  lines: string[];
  /** Font size in board units, for the label and the badge alike. */
  fontSize: number;
  /** True when a line for the badge word fits below the label. */
  badgeFits: boolean;
}

/** Inner padding of a label, in board units: less than the note's, as the type is large. */
export const LABEL_PADDING = 4;
/** Width available to a label's lines and its badge word, in board units. */
export const LABEL_WIDTH = NOTE_WIDTH - 2 * LABEL_PADDING;
const ELLIPSIS = '…';

/**
 * The label of a note `noteHeight` tall at `scale`. `measure` gives a string's width in
 * board units at `fontSize` in the label's bold face.
 */
export function noteLabel(
  text: string,
  noteHeight: number,
  scale: number,
  measure: (text: string, fontSize: number) => number,
  sizes: TypeSizes = SCREEN_TYPE,
): NoteLabel {
  const fontSize = Math.max(NOTE_FONT_SIZE, sizes.labelMinPx / scale);
  const lineAdvance = fontSize * LABEL_LINE_HEIGHT;
  const inner = noteHeight - 2 * LABEL_PADDING;
  // The badge's line needs its type's height, the label's lines their advance each.
  const badgeFits = inner >= lineAdvance + fontSize;
  const maxLines = Math.max(1, Math.floor((badgeFits ? inner - fontSize : inner) / lineAdvance));
  const width = LABEL_WIDTH;
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate, fontSize) <= width) {
      line = candidate;
      used++;
      continue;
    }
    if (line) {
      lines.push(line);
      line = '';
      if (lines.length === maxLines) break;
    }
    if (measure(word, fontSize) <= width) {
      line = word;
      used++;
    } else {
      // A word wider than the note: as much of it as fits, then the ellipsis.
      lines.push(fitWithEllipsis(word, width, fontSize, measure));
      used++;
      if (lines.length === maxLines) break;
    }
  }
  if (line && lines.length < maxLines) lines.push(line);
  if (used < words.length && lines.length > 0) {
    lines[lines.length - 1] = fitWithEllipsis(lines[lines.length - 1].replace(/…$/, ''), width, fontSize, measure, true);
  }
  return { lines, fontSize, badgeFits };
}

function fitWithEllipsis(
  text: string,
  width: number,
  fontSize: number,
  measure: (text: string, fontSize: number) => number,
  always = false,
): string {
  if (!always && measure(text, fontSize) <= width) return text;
  const chars = Array.from(text);
  const cut = (end: number) => chars.slice(0, end).join('').trimEnd() + ELLIPSIS;
  // The longest prefix that fits, by bisection: a longer prefix is never narrower. Trying
  // every length from the end measured a note of one 20,000-letter word 20,000 times, each
  // on a string as long, and froze the page whenever the label was drawn.
  let fits = 0;
  let tooLong = chars.length + 1;
  while (tooLong - fits > 1) {
    const end = Math.floor((fits + tooLong) / 2);
    if (measure(cut(end), fontSize) <= width) fits = end;
    else tooLong = end;
  }
  return fits > 0 ? cut(fits) : (chars[0] ?? ELLIPSIS);
}

/**
 * The badge's word as it fits a label's width: the word itself, else the shorter form,
 * else null (the note then shows the badge's colour alone).
 */
export function badgeWordThatFits(
  words: readonly string[],
  fontSize: number,
  measure: (text: string, fontSize: number) => number,
): string | null {
  return words.find((word) => measure(word, fontSize) <= LABEL_WIDTH) ?? null;
}

/** A measurer for places without a canvas: bold glyphs a little wider than approximateMeasure's. */
export const approximateBoldMeasure = (text: string, fontSize: number): number => Array.from(text).length * fontSize * 0.6;
