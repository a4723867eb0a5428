import { describe, expect, it } from 'vitest';
import { layoutNoteText, noteHeightForLines, NOTE_FIGURES_HEIGHT, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING, wrapText } from '../../client/editor/layout/noteText.ts';
import { NOTE_MIN_HEIGHT } from '../../shared/schema.ts';

// Every character is 10 units wide: easy to reason about.
const mono = (text: string) => text.length * 10;

describe('wrapText', () => {
  it('keeps a short line whole', () => {
    expect(wrapText('hello world', 200, mono)).toEqual(['hello world']);
  });

  it('breaks between words at the width', () => {
    // "aaaa bbbb" is 90 wide; with "cccc" it would be 140 > 100.
    expect(wrapText('aaaa bbbb cccc', 100, mono)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('keeps explicit newlines, including empty lines', () => {
    expect(wrapText('one\n\ntwo', 200, mono)).toEqual(['one', '', 'two']);
  });

  it('breaks a word longer than the line between characters', () => {
    expect(wrapText('abcdefghijkl', 50, mono)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('continues after a broken word on its last piece', () => {
    expect(wrapText('abcdefg hi', 50, mono)).toEqual(['abcde', 'fg hi']);
  });

  it('never splits an emoji', () => {
    const lines = wrapText('😀😀😀', 25, (t) => Array.from(t).length * 10);
    expect(lines).toEqual(['😀😀', '😀']);
  });
});

describe('layoutNoteText', () => {
  it('gives an empty note the minimum height and no lines', () => {
    expect(layoutNoteText('', mono)).toEqual({ lines: [], height: NOTE_MIN_HEIGHT });
  });

  it('grows the note downward with its lines', () => {
    const short = layoutNoteText('short', mono);
    const long = layoutNoteText('word '.repeat(120).trim(), mono);
    expect(short.height).toBe(NOTE_MIN_HEIGHT);
    expect(long.height).toBe(noteHeightForLines(long.lines.length));
    expect(long.height).toBeGreaterThan(NOTE_MIN_HEIGHT);
  });

  it('sizes the note as padding, line advances and the figures strip', () => {
    expect(noteHeightForLines(20)).toBe(Math.ceil(2 * NOTE_PADDING + 20 * NOTE_FONT_SIZE * NOTE_LINE_HEIGHT + NOTE_FIGURES_HEIGHT));
  });
});
