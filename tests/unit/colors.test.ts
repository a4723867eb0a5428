import { describe, expect, it } from 'vitest';
import { colourOnBoard, PARTICIPANT_COLORS } from '../../shared/colors.ts';

const board = (entries: [string, string][]) => new Map(entries.map(([id, color]) => [id, { color }]));

describe('a participant colour on a board', () => {
  it('keeps the colour I already have on this board', () => {
    expect(colourOnBoard('me', PARTICIPANT_COLORS[0], board([['me', PARTICIPANT_COLORS[3]]]))).toBe(PARTICIPANT_COLORS[3]);
  });

  it('uses my usual colour when nobody else wears it', () => {
    expect(colourOnBoard('me', PARTICIPANT_COLORS[2], board([['ann', PARTICIPANT_COLORS[0]]]))).toBe(PARTICIPANT_COLORS[2]);
  });

  it('gives ten people ten different colours', () => {
    const participants = board([]);
    for (let i = 0; i < PARTICIPANT_COLORS.length; i++) {
      // Everyone's usual colour is the same: the worst case for a hash.
      participants.set(`p${i}`, { color: colourOnBoard(`p${i}`, PARTICIPANT_COLORS[0], participants) });
    }
    expect(new Set([...participants.values()].map((p) => p.color)).size).toBe(PARTICIPANT_COLORS.length);
  });
});
