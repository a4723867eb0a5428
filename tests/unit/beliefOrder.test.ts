import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOARD_ORDER, dependsOnPositions, orderBeliefs, type BeliefOrder } from '../../shared/beliefOrder.ts';
import type { PositionRecord, ScalePoint } from '../../shared/schema.ts';
import { computeBeliefStats, type BeliefStats } from '../../shared/stats.ts';

function statsOf(...agreements: (ScalePoint | 'pass')[]): BeliefStats {
  return computeBeliefStats(agreements.map((agreement): PositionRecord => ({ agreement, direction: null, updatedAt: 0 })));
}

// Board order is a, b, c, d, e. Convergence: a 1.00, b 0.00 (polarized), c too few,
// d 0.13 (polarized), e 0.83.
const board = ['a', 'b', 'c', 'd', 'e'];
const stats: Record<string, BeliefStats> = {
  a: statsOf(1, 1, 1),
  b: statsOf(-2, -2, 2, 2),
  c: statsOf(2, 'pass'),
  d: statsOf(-2, -2, 2, 2, 1),
  e: statsOf(2, 2, 1),
};
const answeredByMe = new Set(['a', 'd']);

const order = (patch: Partial<BeliefOrder>) =>
  orderBeliefs(board, { ...BOARD_ORDER, ...patch }, (id) => stats[id], (id) => answeredByMe.has(id));

describe('orderBeliefs', () => {
  it('keeps board order when nothing is chosen', () => {
    expect(order({})).toEqual(board);
  });

  it('puts the most divergent first, beliefs with too few positions last', () => {
    expect(stats.d.convergence).toBeCloseTo(0.130, 3);
    expect(stats.e.convergence).toBeCloseTo(0.829, 3);
    expect(order({ sort: 'most-divergent' })).toEqual(['b', 'd', 'e', 'a', 'c']);
  });

  it('puts the most convergent first, beliefs with too few positions still last', () => {
    expect(order({ sort: 'most-convergent' })).toEqual(['a', 'e', 'd', 'b', 'c']);
  });

  it('shows only polarized beliefs', () => {
    expect(order({ polarizedOnly: true })).toEqual(['b', 'd']);
  });

  it('shows only the beliefs I have not answered', () => {
    expect(order({ unansweredOnly: true })).toEqual(['b', 'c', 'e']);
  });

  it('shows one person\'s gaps: the beliefs they have not answered', () => {
    const answered: Record<string, string[]> = { ann: ['a', 'b', 'e'], ben: [] };
    const answeredBy = (id: string, person: string) => (answered[person] ?? []).includes(id);
    const gaps = (gapsOf: string | null, patch: Partial<BeliefOrder> = {}) =>
      orderBeliefs(board, { ...BOARD_ORDER, ...patch, gapsOf }, (id) => stats[id], (id) => answeredByMe.has(id), answeredBy);
    expect(gaps('ann')).toEqual(['c', 'd']);
    expect(gaps('ben')).toEqual(board);
    expect(gaps(null)).toEqual(board);
    expect(gaps('ann', { sort: 'most-divergent' })).toEqual(['d', 'c']);
    expect(dependsOnPositions({ ...BOARD_ORDER, gapsOf: 'ann' })).toBe(true);
  });

  it('combines filters with a sort', () => {
    expect(order({ sort: 'most-convergent', polarizedOnly: true, unansweredOnly: true })).toEqual(['b']);
  });

  it('keeps board order among beliefs of equal convergence', () => {
    const same = statsOf(0, 0, 1);
    const ids = ['x', 'y', 'z'];
    const none = statsOf();
    const lookup: Record<string, BeliefStats> = { x: same, y: none, z: same };
    expect(orderBeliefs(ids, { ...BOARD_ORDER, sort: 'most-divergent' }, (id) => lookup[id], () => false)).toEqual(['x', 'z', 'y']);
  });

  it('does not change the ids it was given', () => {
    const ids = [...board];
    order({ sort: 'most-divergent' });
    orderBeliefs(ids, { ...BOARD_ORDER, sort: 'most-convergent' }, (id) => stats[id], () => false);
    expect(ids).toEqual(board);
  });

  it('listens to positions only when sorting or filtering by them', () => {
    expect(dependsOnPositions(BOARD_ORDER)).toBe(false);
    expect(dependsOnPositions({ ...BOARD_ORDER, sort: 'most-divergent' })).toBe(true);
    expect(dependsOnPositions({ ...BOARD_ORDER, polarizedOnly: true })).toBe(true);
    expect(dependsOnPositions({ ...BOARD_ORDER, unansweredOnly: true })).toBe(true);
  });

  it('sorts any board into a monotone order of its filtered beliefs (random boards)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
    console.info(`orderBeliefs random boards: seed ${seed} (rerun with SEED=${seed})`);
    const agreement = fc.constantFrom<ScalePoint | 'pass'>(-2, -1, 0, 1, 2, 'pass');
    const belief = fc.record({ agreements: fc.array(agreement, { maxLength: 8 }), mine: fc.boolean() });
    const choice = fc.record({
      sort: fc.constantFrom('board', 'most-divergent', 'most-convergent') as fc.Arbitrary<BeliefOrder['sort']>,
      polarizedOnly: fc.boolean(),
      unansweredOnly: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(belief, { maxLength: 30 }), choice, (beliefs, chosen) => {
        const ids = beliefs.map((_, i) => `b${i}`);
        const figures = new Map(ids.map((id, i) => [id, statsOf(...beliefs[i].agreements)]));
        const mine = new Set(ids.filter((_, i) => beliefs[i].mine));
        const out = orderBeliefs(ids, chosen, (id) => figures.get(id)!, (id) => mine.has(id));
        const expected = ids.filter(
          (id) => (!chosen.polarizedOnly || figures.get(id)!.polarized) && (!chosen.unansweredOnly || !mine.has(id)),
        );
        expect([...out].sort()).toEqual([...expected].sort());
        if (chosen.sort === 'board') expect(out).toEqual(expected);
        const sign = chosen.sort === 'most-convergent' ? -1 : 1;
        for (let i = 1; i < out.length; i++) {
          const before = figures.get(out[i - 1])!.convergence;
          const after = figures.get(out[i])!.convergence;
          if (chosen.sort === 'board' || after === null) continue;
          expect(before).not.toBeNull();
          const step = sign * (after - before!);
          expect(step).toBeGreaterThanOrEqual(0);
          // Ties keep board order.
          if (step === 0) expect(ids.indexOf(out[i])).toBeGreaterThan(ids.indexOf(out[i - 1]));
        }
      }),
      { seed, numRuns: 200 },
    );
  });
});
