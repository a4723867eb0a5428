import { describe, expect, it } from 'vitest';
import type { RoundStatus } from '../../shared/workshop.ts';
import { joinNames, roundProgress } from '../../client/state/roundProgress.ts';

const round = (beliefIds: string[] | null, answered: Record<string, string[]>): RoundStatus => ({
  number: 2,
  status: 'open',
  beliefIds,
  startedAt: 0,
  deadline: null,
  autoReveal: false,
  answered,
  revealedAt: null,
});

const ana = { id: 'ana', name: 'Ana' };
const bo = { id: 'bo', name: 'Bo' };
const chen = { id: 'chen', name: 'Chen' };

describe('who has answered the open round', () => {
  it('counts people who answered every belief in the round, and names those here who have not', () => {
    const progress = roundProgress(round(null, { b1: ['ana', 'bo'], b2: ['ana'] }), ['b1', 'b2'], [ana, bo, chen]);
    expect(progress.beliefIds).toEqual(['b1', 'b2']);
    expect([progress.done, progress.people]).toEqual([1, 3]);
    expect(progress.missing).toEqual(['Bo', 'Chen']);
    expect(progress.perBelief.get('b1')).toEqual({ answered: 2, missing: ['Chen'] });
    expect(progress.perBelief.get('b2')).toEqual({ answered: 1, missing: ['Bo', 'Chen'] });
  });

  it('keeps the answer of someone who left, and ignores beliefs deleted since the round began', () => {
    const progress = roundProgress(round(['b1', 'deleted'], { b1: ['dana'] }), ['b1', 'b2'], [ana]);
    expect(progress.beliefIds).toEqual(['b1']);
    expect([progress.done, progress.people]).toEqual([1, 2]);
    expect(progress.missing).toEqual(['Ana']);
  });

  it('expects a facilitator to answer only once they have answered something, as auto-reveal does', () => {
    const fay = { id: 'fay', name: 'Fay', facilitating: true };
    const running = roundProgress(round(null, { b1: ['ana'] }), ['b1'], [ana, fay]);
    expect([running.done, running.people]).toEqual([1, 1]);
    expect(running.missing).toEqual([]);
    const joinedIn = roundProgress(round(null, { b1: ['ana', 'fay'] }), ['b1', 'b2'], [ana, fay]);
    expect(joinedIn.people).toBe(2);
    expect(joinedIn.perBelief.get('b2')).toEqual({ answered: 0, missing: ['Ana', 'Fay'] });
  });

  it('writes names as a sentence does', () => {
    expect(joinNames(['Ana'])).toBe('Ana');
    expect(joinNames(['Ana', 'Bo'])).toBe('Ana and Bo');
    expect(joinNames(['Ana', 'Bo', 'Chen'])).toBe('Ana, Bo and Chen');
  });
});
