// The anonymity levels in the rules table and the pure helpers beside them
// (shared/anonymity.ts, shared/boardRules.ts): under an anonymous level a browser's own
// answer is refused (and only refused: it may not have heard of the switch), nobody but
// the relay writes under a pseudonym or the count of waiting answers, the facilitator
// alone sets the level and the minimum, and both are checked.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  isPseudonym,
  makePseudonym,
  mayShowDistribution,
  pseudonymName,
  readAnonymity,
  setAnonymityLevel,
  withheldText,
} from '../../shared/anonymity.ts';
import { judgeRootEntry, type Actor } from '../../shared/boardRules.ts';
import { addBelief, createBoard, listPositions } from '../../shared/model.ts';
import { parsePositionKey, positionsMap } from '../../shared/schema.ts';
import { moveUnderPseudonyms } from '../../server/rounds/anonymousAnswers.ts';
import { emptySealedState } from '../../server/rounds/sealedState.ts';
import { workshopMap } from '../../shared/workshop.ts';

const ALICE: Actor = { role: 'edit', participantId: 'alice' };
const FIONA: Actor = { role: 'facilitate', participantId: 'fiona' };
const answer = { agreement: 1, direction: null, updatedAt: 1 };

function board(level?: 'named' | 'participants' | 'everyone') {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Board' });
  const beliefId = addBelief(doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'alice' }, 'setup');
  if (level) setAnonymityLevel(doc, level, 'setup');
  return { doc, beliefId };
}

describe('anonymity in the rules table', () => {
  it('takes a participant’s own answer under the named level, and refuses it (only refuses) under either anonymous one', () => {
    for (const level of ['named', 'participants', 'everyone'] as const) {
      const { doc, beliefId } = board(level);
      const verdict = judgeRootEntry(doc, ALICE, { root: 'positions', key: `${beliefId}:alice`, op: 'set', values: [answer], existed: false });
      if (level === 'named') expect(verdict).toBeNull();
      else expect(verdict).toEqual({ severity: 'refused', reason: expect.stringMatching(/anonymous/) });
      // Taking one's own named answer back reveals nothing: allowed at every level.
      expect(judgeRootEntry(doc, ALICE, { root: 'positions', key: `${beliefId}:alice`, op: 'delete', values: [], existed: true })).toBeNull();
    }
  });

  it('lets nobody but the relay write under a pseudonym, not even a facilitator or the pseudonym’s owner', () => {
    const { doc, beliefId } = board('everyone');
    const pseudonym = makePseudonym(3);
    for (const actor of [ALICE, FIONA, { role: 'edit', participantId: pseudonym } as Actor]) {
      for (const op of ['set', 'delete'] as const) {
        expect(judgeRootEntry(doc, actor, { root: 'positions', key: `${beliefId}:${pseudonym}`, op, values: op === 'set' ? [answer] : [], existed: op === 'delete' })?.severity).toBe('forbidden');
      }
      expect(judgeRootEntry(doc, actor, { root: 'participants', key: pseudonym, op: 'set', values: [{ name: 'Person 3', color: '#e03131' }], existed: false })?.severity).toBe('forbidden');
    }
    expect(judgeRootEntry(doc, FIONA, { root: 'workshop', key: 'waitingAnswers', op: 'set', values: [{ [beliefId]: 2 }], existed: false })?.severity).toBe('forbidden');
  });

  it('lets the facilitator alone choose the level and the minimum, within their values', () => {
    const { doc } = board();
    const set = (actor: Actor, key: string, value: unknown) => judgeRootEntry(doc, actor, { root: 'workshop', key, op: 'set', values: [value], existed: false });
    expect(set(FIONA, 'anonymity', 'everyone')).toBeNull();
    expect(set(FIONA, 'anonymity', 'participants')).toBeNull();
    expect(set(ALICE, 'anonymity', 'named')?.severity).toBe('forbidden');
    expect(set(FIONA, 'anonymity', 'secret')?.reason).toMatch(/named, participants or everyone/);
    expect(set(FIONA, 'minAnswers', 5)).toBeNull();
    for (const bad of [1, 21, 2.5, '3', null]) expect(set(FIONA, 'minAnswers', bad)?.severity, `minAnswers ${String(bad)}`).toBe('forbidden');
    expect(set(ALICE, 'minAnswers', 4)?.severity).toBe('forbidden');
  });
});

describe('anonymity helpers', () => {
  it('reads a damaged setting as the default, never throws', () => {
    const { doc } = board();
    workshopMap(doc).set('anonymity', { level: 'everyone' });
    workshopMap(doc).set('minAnswers', -4);
    expect(readAnonymity(doc)).toEqual({ level: 'named', minAnswers: 3 });
  });

  it('makes pseudonyms nobody can derive, each naming a stable "Person n"', () => {
    const made = Array.from({ length: 200 }, () => makePseudonym(7));
    expect(new Set(made).size).toBe(200);
    expect(made.every(isPseudonym)).toBe(true);
    expect(pseudonymName(made[0])).toBe('Person 7');
    for (const notOne of ['alice', 'anon-0-AAAAAAAAAAAA', 'anon-3-short', `anon-3-${'A'.repeat(12)}x`]) expect(isPseudonym(notOne), notOne).toBe(false);
  });

  it('shows a distribution under an anonymous level only from the minimum number of answers', () => {
    expect(mayShowDistribution({ level: 'named', minAnswers: 3 }, 1)).toBe(true);
    expect(mayShowDistribution({ level: 'everyone', minAnswers: 3 }, 2)).toBe(false);
    expect(mayShowDistribution({ level: 'participants', minAnswers: 3 }, 3)).toBe(true);
    expect(withheldText(2, 3)).toBe('2 answers — shown from 3');
    expect(withheldText(1, 4)).toBe('1 answer — shown from 4');
  });
});

describe('the relay’s move of named answers under pseudonyms', () => {
  it('moves answers stored in either shape, and takes a malformed one under a name away without writing it again', () => {
    const { doc, beliefId } = board();
    positionsMap(doc).set(`${beliefId}:alice`, { agreement: 2, direction: null, updatedAt: 1 });
    positionsMap(doc).set(`${beliefId}:bob`, [-1, 1, 2]);
    positionsMap(doc).set(`${beliefId}:carl`, { agreement: 9, direction: 'up' });
    const state = emptySealedState();
    moveUnderPseudonyms(doc, state);
    const keys = Array.from(positionsMap(doc).keys()).map((key) => parsePositionKey(key)!.participantId);
    expect(keys.every(isPseudonym), keys.join(', ')).toBe(true);
    expect(keys).toHaveLength(2);
    const byPerson = new Map(listPositions(doc).map((position) => [position.participantId, position]));
    expect(byPerson.get(state.pseudonyms.get('alice')!)).toMatchObject({ agreement: 2, direction: null });
    expect(byPerson.get(state.pseudonyms.get('bob')!)).toMatchObject({ agreement: -1, direction: 1 });
  });
});
