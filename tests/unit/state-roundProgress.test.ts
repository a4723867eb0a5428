import { describe, expect, it } from 'vitest';
import type { PositionRecord } from '../../shared/schema.ts';
import type { RoundRecord, RoundStatus } from '../../shared/workshop.ts';
import { answersLabel, joinNames, roundProgress, sealedLabel } from '../../client/state/roundProgress.ts';
import { answersToKeep, describePreviousAnswer, previousAnswer } from '../../client/state/previousAnswers.ts';

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
const names: Record<string, string> = { dana: 'Dana' };
const nameOf = (id: string) => names[id] ?? 'someone who left';

describe('who has answered the open round', () => {
  it('counts, per belief and per person, each answering a different subset', () => {
    // Three beliefs; Ana answered b1 and b2, Bo b2 and b3, Chen only b3.
    const progress = roundProgress(round(null, { b1: ['ana'], b2: ['ana', 'bo'], b3: ['bo', 'chen'] }), ['b1', 'b2', 'b3'], [ana, bo, chen], nameOf);
    expect(progress.beliefIds).toEqual(['b1', 'b2', 'b3']);
    expect(progress.people).toEqual([
      { id: 'ana', name: 'Ana', answered: 2 },
      { id: 'bo', name: 'Bo', answered: 2 },
      { id: 'chen', name: 'Chen', answered: 1 },
    ]);
    expect(progress.answers).toBe(5);
    expect(answersLabel(progress)).toBe('5 of 9 answers in');
    expect(progress.perBelief.get('b1')).toEqual({ answered: 1, of: 3, missing: ['Bo', 'Chen'] });
    expect(progress.perBelief.get('b2')).toEqual({ answered: 2, of: 3, missing: ['Chen'] });
    expect(progress.perBelief.get('b3')).toEqual({ answered: 2, of: 3, missing: ['Ana'] });
    // Nobody answered every belief, and the counts still say how far each one is.
    expect(sealedLabel(progress.perBelief.get('b2')!.answered, progress.perBelief.get('b2')!.of)).toBe('sealed — 2 of 3 answered');
  });

  it('counts the same whatever order the screen lists who is here', () => {
    const status = round(['b1', 'b2'], { b1: ['chen', 'ana'], b2: ['bo'] });
    const one = roundProgress(status, ['b1', 'b2'], [ana, bo, chen], nameOf);
    const other = roundProgress(status, ['b2', 'b1'], [chen, ana, bo], nameOf);
    expect(other.people).toEqual(one.people);
    expect([...other.perBelief.entries()].sort()).toEqual([...one.perBelief.entries()].sort());
  });

  it('keeps the answer of someone who left, by name, and ignores beliefs deleted since the round began', () => {
    const progress = roundProgress(round(['b1', 'deleted'], { b1: ['dana'], deleted: ['ana'] }), ['b1', 'b2'], [ana], nameOf);
    expect(progress.beliefIds).toEqual(['b1']);
    expect(progress.people).toEqual([
      { id: 'ana', name: 'Ana', answered: 0 },
      { id: 'dana', name: 'Dana', answered: 1 },
    ]);
    expect(progress.perBelief.get('b1')).toEqual({ answered: 1, of: 2, missing: ['Ana'] });
  });

  it('expects a facilitator to answer only once they have answered something, as auto-reveal does', () => {
    const fay = { id: 'fay', name: 'Fay', facilitating: true };
    const running = roundProgress(round(null, { b1: ['ana'] }), ['b1'], [ana, fay], nameOf);
    expect(running.people.map((person) => person.name)).toEqual(['Ana']);
    expect(answersLabel(running)).toBe('1 of 1 answer in');
    const joinedIn = roundProgress(round(null, { b1: ['ana', 'fay'] }), ['b1', 'b2'], [ana, fay], nameOf);
    expect(joinedIn.people.map((person) => person.answered)).toEqual([1, 1]);
    expect(joinedIn.perBelief.get('b2')).toEqual({ answered: 0, of: 2, missing: ['Ana', 'Fay'] });
  });

  it('writes names as a sentence does', () => {
    expect(joinNames(['Ana'])).toBe('Ana');
    expect(joinNames(['Ana', 'Bo'])).toBe('Ana and Bo');
    expect(joinNames(['Ana', 'Bo', 'Chen'])).toBe('Ana, Bo and Chen');
  });
});

describe('my answers from before the round', () => {
  const at = (agreement: PositionRecord['agreement'], direction: PositionRecord['direction'] = null): PositionRecord => ({ agreement, direction, updatedAt: 0 });
  const revealed = (number: number, agreement: PositionRecord['agreement']): RoundRecord => ({
    number,
    startedAt: 0,
    revealedAt: 1,
    beliefIds: null,
    positions: [
      { beliefId: 'b1', participantId: 'ana', agreement, direction: null, updatedAt: 0 },
      { beliefId: 'b1', participantId: 'bo', agreement: -2, direction: null, updatedAt: 0 },
    ],
  });

  it('names the round that revealed my answer, or says it was given outside rounds', () => {
    const history = [revealed(1, 2), revealed(2, 1)];
    expect(previousAnswer('b1', at(1), history, 'ana')).toEqual({ agreement: 1, direction: null, round: 2 });
    expect(describePreviousAnswer(previousAnswer('b1', at(1), history, 'ana')!)).toBe('last round: Agree');
    // Changed on the board after round 2: not what any round revealed.
    expect(previousAnswer('b1', at(-1, 2), history, 'ana')).toEqual({ agreement: -1, direction: 2, round: null });
    expect(describePreviousAnswer({ agreement: -1, direction: 2, round: null })).toBe('before this round: Disagree, Maintain / support');
    expect(describePreviousAnswer({ agreement: 'pass', direction: null, round: 1 })).toBe('last round: Pass');
    expect(previousAnswer('b1', null, history, 'ana')).toBeNull();
  });

  it('keeps my previous answers only on beliefs of the open round I have not answered in it', () => {
    const board: Record<string, PositionRecord> = { b1: at(2), b2: at(-1, 1), b4: at(0) };
    const keep = answersToKeep(round(['b1', 'b2', 'b3'], { b2: ['ana'] }), ['b1', 'b2', 'b3', 'b4'], (id) => id === 'b2', (id) => board[id] ?? null);
    // b2 is answered already, b3 has no answer of mine, b4 is not in the round.
    expect(keep).toEqual([{ beliefId: 'b1', agreement: 2, direction: null }]);
    expect(answersToKeep(null, ['b1'], () => false, (id) => board[id] ?? null)).toEqual([]);
    expect(answersToKeep({ ...round(null, {}), status: 'revealed' }, ['b1'], () => false, (id) => board[id] ?? null)).toEqual([]);
  });
});
