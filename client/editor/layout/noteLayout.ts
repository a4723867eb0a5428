// The note layout every part of the client uses: noteText.ts's wrapping with the
// browser's real font metrics, memoised by text so culling and hit testing on a board of
// thousands of notes do not re-wrap unchanged texts.
import { approximateMeasure, layoutNoteText, CANVAS_FONT_FAMILY, NOTE_FONT_SIZE, type MeasureText, type NoteTextLayout } from './noteText.ts';

/** The font string Konva's Text builds from the same settings (style variant size family). */
const NOTE_CANVAS_FONT = `normal normal ${NOTE_FONT_SIZE}px ${CANVAS_FONT_FAMILY.split(',')
  .map((family) => (family.includes(' ') ? `"${family.trim()}"` : family.trim()))
  .join(', ')}`;

// Enough for every note on the largest board plus edits in flight; beyond it the cache
// starts over rather than grow without end.
const MAX_CACHED_LAYOUTS = 12_000;
const MAX_CACHED_WIDTHS = 50_000;

function createMeasure(): MeasureText {
  const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return approximateMeasure;
  context.font = NOTE_CANVAS_FONT;
  const widths = new Map<string, number>();
  return (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      if (widths.size >= MAX_CACHED_WIDTHS) widths.clear();
      width = context.measureText(text).width;
      widths.set(text, width);
    }
    return width;
  };
}

let measure: MeasureText | null = null;
const layouts = new Map<string, NoteTextLayout>();

export function noteLayout(text: string): NoteTextLayout {
  let layout = layouts.get(text);
  if (!layout) {
    measure ??= createMeasure();
    if (layouts.size >= MAX_CACHED_LAYOUTS) layouts.clear();
    layout = layoutNoteText(text, measure);
    layouts.set(text, layout);
  }
  return layout;
}
