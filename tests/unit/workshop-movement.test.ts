import { describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured } from '../../client/editor/layout/measuredArrangement.ts';
import { describeConvergenceChange, movementBetween, roundStats, type MovingNote } from '../../client/workshop/movement.ts';
import { NOTE_WIDTH, type ScalePoint } from '../../shared/schema.ts';
import type { RoundRecord } from '../../shared/workshop.ts';

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

  it('writes the change in convergence with the figures as shown', () => {
    expect(describeConvergenceChange(0.43, 0.81)).toBe('convergence 0.43 → 0.81 (+0.38)');
    expect(describeConvergenceChange(0.81, 0.43)).toBe('convergence 0.81 → 0.43 (−0.38)');
    expect(describeConvergenceChange(0.5, 0.5)).toBe('convergence 0.50 → 0.50 (±0.00)');
  });
});
