// While a round is open its beliefs read as having no figures: the list's convergence sort
// and "Polarized only" filter, and "not answered by me", must treat them so.
import { describe, expect, it } from 'vitest';
import { BOARD_ORDER, orderBeliefs } from '../../shared/beliefOrder.ts';
import { figuresOutsideRound, hasAnswered, NO_FIGURES, sealedRoundKey } from '../../shared/roundFigures.ts';
import type { PositionRecord, ScalePoint } from '../../shared/schema.ts';
import { computeBeliefStats, type BeliefStats } from '../../shared/stats.ts';
import type { RoundStatus } from '../../shared/workshop.ts';

function statsOf(...agreements: ScalePoint[]): BeliefStats {
  return computeBeliefStats(agreements.map((agreement): PositionRecord => ({ agreement, direction: null, updatedAt: 0 })));
}

// Positions on the board from before the round: a converged, b polarized, c mixed.
const stats: Record<string, BeliefStats> = { a: statsOf(1, 1, 1), b: statsOf(-2, -2, 2, 2), c: statsOf(2, 0, 1) };
const board = ['a', 'b', 'c'];

function round(patch: Partial<RoundStatus>): RoundStatus {
  return { number: 2, status: 'open', beliefIds: ['a', 'b'], startedAt: 1, deadline: null, autoReveal: false, answered: {}, revealedAt: null, ...patch };
}

describe('figuresOutsideRound', () => {
  it('hides the figures of the beliefs in the open round only', () => {
    const shown = figuresOutsideRound(round({}), (id) => stats[id]);
    expect(shown('a')).toBe(NO_FIGURES);
    expect(shown('b')).toMatchObject({ n: 0, convergence: null, polarized: false, meanDirection: null });
    expect(shown('c')).toBe(stats.c);
  });

  it('hides every belief in a round on all beliefs, and none without an open round', () => {
    const statsLookup = (id: string) => stats[id];
    expect(board.map(figuresOutsideRound(round({ beliefIds: null }), statsLookup))).toEqual([NO_FIGURES, NO_FIGURES, NO_FIGURES]);
    expect(figuresOutsideRound(null, statsLookup)).toBe(statsLookup);
    expect(figuresOutsideRound(round({ status: 'revealed', revealedAt: 3 }), statsLookup)).toBe(statsLookup);
  });

  it('makes the list sort in-round beliefs last and leave them out of "Polarized only"', () => {
    const shown = figuresOutsideRound(round({}), (id) => stats[id]);
    const none = () => false;
    // Without the round: b (0.00) is the most divergent. With it, only c has a convergence.
    expect(orderBeliefs(board, { ...BOARD_ORDER, sort: 'most-divergent' }, (id) => stats[id], none)).toEqual(['b', 'c', 'a']);
    expect(orderBeliefs(board, { ...BOARD_ORDER, sort: 'most-divergent' }, shown, none)).toEqual(['c', 'a', 'b']);
    expect(orderBeliefs(board, { ...BOARD_ORDER, sort: 'most-convergent' }, shown, none)).toEqual(['c', 'a', 'b']);
    expect(orderBeliefs(board, { ...BOARD_ORDER, polarizedOnly: true }, (id) => stats[id], none)).toEqual(['b']);
    expect(orderBeliefs(board, { ...BOARD_ORDER, polarizedOnly: true }, shown, none)).toEqual([]);
  });
});

describe('hasAnswered', () => {
  const onBoard = new Set(['a', 'c']);
  const hasPosition = (id: string) => onBoard.has(id);

  it('counts a belief in the open round by the round\'s answers, not the positions from before', () => {
    const open = round({ answered: { b: ['me', 'ana'], a: ['ana'] } });
    expect(hasAnswered(open, 'a', 'me', hasPosition)).toBe(false);
    expect(hasAnswered(open, 'b', 'me', hasPosition)).toBe(true);
    expect(hasAnswered(open, 'c', 'me', hasPosition)).toBe(true);
    expect(hasAnswered(null, 'a', 'me', hasPosition)).toBe(true);
    expect(hasAnswered(null, 'b', 'me', hasPosition)).toBe(false);
  });
});

describe('sealedRoundKey', () => {
  it('is the open round\'s number, else 0', () => {
    expect(sealedRoundKey(null)).toBe(0);
    expect(sealedRoundKey(round({ number: 4 }))).toBe(4);
    expect(sealedRoundKey(round({ number: 4, status: 'revealed', revealedAt: 5 }))).toBe(0);
  });
});
