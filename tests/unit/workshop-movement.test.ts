import { describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured } from '../../client/editor/layout/measuredArrangement.ts';
import {
  describeConvergenceChange,
  describeForecast,
  movementBetween,
  movementForecast,
  roundStats,
  type MovingNote,
} from '../../client/workshop/movement.ts';
import { pairedFigures, peopleInBothRounds } from '../../shared/roundMovement.ts';
import { NOTE_WIDTH, type ScalePoint } from '../../shared/schema.ts';
import type { RoundRecord, RoundStatus } from '../../shared/workshop.ts';

const NOTE_HEIGHT = 120;
const notes: MovingNote[] = ['b-split', 'b-agree', 'b-few'].map((id, index) => ({ id, x: -300 + 200 * index, y: 0, height: NOTE_HEIGHT }));

function record(number: number, answers: Record<string, ScalePoint[]>): RoundRecord {
  return {
    number,
    startedAt: number,
    revealedAt: number,
    beliefIds: null,
    positions: Object.entries(answers).flatMap(([beliefId, agreements]) =>
      agreements.map((agreement, i) => ({ beliefId, participantId: `p${i}`, agreement, direction: 1 as ScalePoint, updatedAt: 0 })),
    ),
  };
}

const first = record(1, { 'b-split': [-2, -2, 2, 2], 'b-agree': [2, 2, 2, 1], 'b-few': [1] });
const second = record(2, { 'b-split': [1, 1, 2, 1], 'b-agree': [2, 2, 2, 1], 'b-few': [1, 2] });

describe('movement between rounds', () => {
  it('figures each belief from the positions revealed in a round', () => {
    const stats = roundStats(first);
    expect(stats.get('b-split')?.convergence).toBe(0);
    expect(stats.get('b-few')?.convergence).toBeNull();
  });

  it('draws an arrow from the previous round\'s measured place to the latest one\'s, for beliefs that moved', () => {
    const movements = movementBetween(notes, first, second, MATRIX_BOUNDS);
    // b-agree stood still; b-few had too few positions to be on the map in either round.
    expect(movements.map((m) => m.id)).toEqual(['b-split']);
    const centre = (round: RoundRecord) => {
      const stats = roundStats(round);
      const placed = arrangeMeasured(notes.map((n) => ({ ...n, stats: stats.get(n.id)! })), MATRIX_BOUNDS).positions.get('b-split')!;
      return { x: placed.x + NOTE_WIDTH / 2, y: placed.y + NOTE_HEIGHT / 2 };
    };
    expect(movements[0].from).toEqual(centre(first));
    expect(movements[0].to).toEqual(centre(second));
    // From the split at the bottom to agreement at the top.
    expect(movements[0].to.y).toBeLessThan(movements[0].from.y);
  });

  it('gives no arrow to a belief the layout nudged aside for a neighbour, when its own figures stayed', () => {
    // Two beliefs with the same figures share a place: the layout sets one beside the other.
    // When one of them moves away, the other may slide back, and it changed nothing.
    const twins: MovingNote[] = ['b-still', 'b-moves'].map((id, index) => ({ id, x: 200 * index, y: 0, height: NOTE_HEIGHT }));
    const before = record(1, { 'b-still': [2, 2, 2, 1], 'b-moves': [2, 2, 2, 1] });
    const after = record(2, { 'b-still': [2, 2, 2, 1], 'b-moves': [-2, -2, 2, 2] });
    const place = (round: RoundRecord) => {
      const stats = roundStats(round);
      return arrangeMeasured(twins.map((n) => ({ ...n, stats: stats.get(n.id)! })), MATRIX_BOUNDS).positions.get('b-still')!;
    };
    // The case is real: the layout put the unchanged belief in two different places.
    expect(place(before)).not.toEqual(place(after));
    expect(movementBetween(twins, before, after, MATRIX_BOUNDS).map((m) => m.id)).toEqual(['b-moves']);
  });

  it('compares the same people only: no arrow when fewer than three answered in both rounds', () => {
    const answer = (beliefId: string, participantId: string, agreement: ScalePoint | 'pass') => ({
      beliefId, participantId, agreement, direction: 1 as ScalePoint, updatedAt: 0,
    });
    // Round 1: Ann, Ben, Cat split. Round 2: Ann and Ben agree, Cat is silent, Dev and Eve join in.
    const before: RoundRecord = { ...first, positions: [answer('b-split', 'ann', -2), answer('b-split', 'ben', 2), answer('b-split', 'cat', -2)] };
    const after: RoundRecord = {
      ...second,
      positions: [answer('b-split', 'ann', 2), answer('b-split', 'ben', 2), answer('b-split', 'dev', 2), answer('b-split', 'eve', 2)],
    };
    // Each round alone has enough positions to be on the map, but only two people are in both.
    expect(roundStats(before).get('b-split')?.convergence).not.toBeNull();
    expect(roundStats(after).get('b-split')?.convergence).not.toBeNull();
    expect(pairedFigures('b-split', before.positions, after.positions)).toEqual({ people: 2, before: null, after: null });
    expect(movementBetween(notes, before, after, MATRIX_BOUNDS)).toEqual([]);

    // Cat answers again (a pass does not count): three in both, and the arrow is measured over them.
    const withCat = { ...after, positions: [...after.positions, answer('b-split', 'cat', 1)] };
    const paired = pairedFigures('b-split', before.positions, withCat.positions);
    expect(paired.people).toBe(3);
    expect(paired.before?.distribution).toEqual({ [-2]: 2, [-1]: 0, 0: 0, 1: 0, 2: 1 });
    expect(paired.after?.distribution).toEqual({ [-2]: 0, [-1]: 0, 0: 0, 1: 1, 2: 2 });
    expect(movementBetween(notes, before, withCat, MATRIX_BOUNDS).map((m) => m.id)).toEqual(['b-split']);
    const passing = { ...after, positions: [...after.positions, answer('b-split', 'cat', 'pass')] };
    expect(pairedFigures('b-split', before.positions, passing.positions).people).toBe(2);
    // Before the reveal only who answered is known: Ann, Ben and Cat answered both rounds.
    expect(peopleInBothRounds('b-split', before.positions, ['ann', 'ben', 'dev', 'cat'])).toBe(3);
    expect(peopleInBothRounds('b-split', before.positions, ['dev', 'eve'])).toBe(0);
  });

  it('tells the facilitator before the reveal how many beliefs can get an arrow, and why the others cannot', () => {
    // Round 1 had p0…p3 on b-split and b-agree, p0 alone on b-few. Round 2 so far: p0–p2 answered b-split, p0 and p9 b-agree, p0 b-few.
    const open: RoundStatus = {
      number: 2, status: 'open', beliefIds: null, startedAt: 0, deadline: null, autoReveal: false, revealedAt: null,
      answered: { 'b-split': ['p0', 'p1', 'p2'], 'b-agree': ['p0', 'p9'], 'b-few': ['p0'] },
    };
    const forecast = movementForecast(open, ['b-split', 'b-agree', 'b-few'], first);
    expect(forecast).toEqual({ previousRound: 1, ready: 1, short: 2 });
    expect(describeForecast(forecast, 2)).toBe(
      'Movement arrows: 1 of 3 beliefs can get one when revealed (unless people pass; a belief that did not move gets none). ' +
        '2 beliefs will not: an arrow compares the same people, and fewer than 3 have answered them in both round 1 and round 2.',
    );
    expect(describeForecast(movementForecast(open, ['b-split'], first), 2)).not.toContain('will not');
    expect(describeForecast(movementForecast(open, ['b-split'], null), 2)).toBe('Movement arrows start with the next round: they compare two revealed rounds.');
  });

  it('writes the change in convergence with the figures as shown', () => {
    expect(describeConvergenceChange(0.43, 0.81)).toBe('convergence 0.43 → 0.81 (+0.38)');
    expect(describeConvergenceChange(0.81, 0.43)).toBe('convergence 0.81 → 0.43 (−0.38)');
    expect(describeConvergenceChange(0.5, 0.5)).toBe('convergence 0.50 → 0.50 (±0.00)');
  });
});
