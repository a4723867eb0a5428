// Notes stay readable at every zoom: the whole text close in, a short bold label of at
// least 12 px further out, and "Zoom to fit" never below the zoom where labels hold words.
import { describe, expect, it } from 'vitest';
import { approximateBoldMeasure, FIT_MIN_SCALE, LABEL_WIDTH, noteLabel, PROJECTOR_TYPE, SCREEN_TYPE, showsFullText } from '../../client/editor/layout/readability.ts';
import { fitBounds } from '../../client/editor/viewport.ts';
import { NOTE_MIN_HEIGHT } from '../../shared/schema.ts';

const TEXT = 'Hitting our release dates is the best signal that we are doing well.';

describe('a note far out', () => {
  it('shows its whole text only where that text is at least 10 px on screen (13 px on a projector)', () => {
    expect(showsFullText(0.7)).toBe(true);
    expect(showsFullText(0.55)).toBe(false);
    expect(showsFullText(0.7, PROJECTOR_TYPE)).toBe(false);
    expect(showsFullText(0.85, PROJECTOR_TYPE)).toBe(true);
  });

  it.each([0.6, 0.45, 0.341, FIT_MIN_SCALE, 0.2, 0.1])('at zoom %s draws a label of at least 12 px, each line within the note', (scale) => {
    const label = noteLabel(TEXT, NOTE_MIN_HEIGHT, scale, approximateBoldMeasure, SCREEN_TYPE);
    expect(label.fontSize * scale).toBeGreaterThanOrEqual(12 - 1e-9);
    expect(label.lines.length).toBeGreaterThanOrEqual(1);
    for (const line of label.lines) expect(approximateBoldMeasure(line, label.fontSize)).toBeLessThanOrEqual(LABEL_WIDTH);
    // The first words, in order, and an ellipsis where words were left out.
    expect(TEXT.startsWith(label.lines.join(' ').replace(/…$/, ''))).toBe(true);
    expect(label.lines[label.lines.length - 1].endsWith('…')).toBe(true);
  });

  it('holds two lines and the badge at the zoom that frames a 13-belief map on 1440 × 900', () => {
    const label = noteLabel(TEXT, NOTE_MIN_HEIGHT, 0.341, approximateBoldMeasure);
    expect(label.lines).toHaveLength(2);
    expect(label.badgeFits).toBe(true);
  });

  it('keeps a short text whole, without an ellipsis', () => {
    expect(noteLabel('Estimates help', NOTE_MIN_HEIGHT, 0.5, approximateBoldMeasure).lines).toEqual(['Estimates', 'help']);
    expect(noteLabel('Estimates help', NOTE_MIN_HEIGHT, 0.6, approximateBoldMeasure).lines).toEqual(['Estimates help']);
  });
});

describe('a note of one enormous word', () => {
  // A hostile or pasted text of one 20,000-letter word (tests/helpers/poisonedBoard.ts):
  // its label froze the page when trying every prefix, each measured at full length.
  const WORD = `H${'h'.repeat(20_000)}`;

  it('labels it with the longest prefix that fits and an ellipsis, in a few measurements', () => {
    let measured = 0;
    let lettersMeasured = 0;
    const counting = (text: string, fontSize: number) => {
      measured++;
      lettersMeasured += text.length;
      return approximateBoldMeasure(text, fontSize);
    };
    const label = noteLabel(WORD, NOTE_MIN_HEIGHT, 0.3, counting);
    expect(measured).toBeLessThan(50);
    expect(lettersMeasured).toBeLessThan(20 * WORD.length);
    expect(label.lines).toHaveLength(1);
    const [line] = label.lines;
    expect(line.endsWith('…')).toBe(true);
    const prefix = line.slice(0, -1);
    expect(WORD.startsWith(prefix)).toBe(true);
    expect(approximateBoldMeasure(line, label.fontSize)).toBeLessThanOrEqual(LABEL_WIDTH);
    // One more letter would not fit: the label is as long as it can be.
    expect(approximateBoldMeasure(`${WORD.slice(0, prefix.length + 1)}…`, label.fontSize)).toBeGreaterThan(LABEL_WIDTH);
  });

  it('cuts a long word among others where trying every length from the end would', () => {
    // The prefix search gives the same label as trying every length from the end.
    const text = `Ship ${'x'.repeat(300)} soon`;
    const label = noteLabel(text, NOTE_MIN_HEIGHT, 0.5, approximateBoldMeasure);
    const everyLength = (word: string, fontSize: number) => {
      for (let end = word.length; end > 0; end--) {
        const candidate = `${word.slice(0, end).trimEnd()}…`;
        if (approximateBoldMeasure(candidate, fontSize) <= LABEL_WIDTH) return candidate;
      }
      return word[0];
    };
    expect(label.lines[0]).toBe('Ship');
    expect(label.lines[1]).toBe(everyLength('x'.repeat(300), label.fontSize));
  });
});

describe('"Zoom to fit"', () => {
  const screen = { x: 0, y: 0, scale: 1, width: 1100, height: 760 };
  it('frames a map that fits whole at its own zoom', () => {
    expect(fitBounds(screen, { minX: -1200, minY: -800, maxX: 1200, maxY: 1100 }, 48, FIT_MIN_SCALE).scale).toBeCloseTo(664 / 1900, 6);
  });

  it('never zooms out below the readable floor: a huge board is framed on its middle', () => {
    const view = fitBounds(screen, { minX: -10_000, minY: -10_000, maxX: 10_000, maxY: 10_000 }, 48, FIT_MIN_SCALE);
    expect(view.scale).toBe(FIT_MIN_SCALE);
    expect(view.x + view.width / 2 / view.scale).toBeCloseTo(0, 6);
  });
});
