// The page's readers of the document on boards a hostile participant wrote into: the
// belief index, the statistics, participants, the workshop and its round history, the
// open round's progress, and presence. None may throw, and each hands the views values of
// the types they expect. Seeded: the seed is printed, SEED=<n> reruns it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { BeliefIndex } from '../../client/state/beliefIndex.ts';
import { readPeers } from '../../client/state/presence.ts';
import { roundProgress } from '../../client/state/roundProgress.ts';
import { beliefIds, listBeliefs, listPositions, readBoardMeta, readParticipants } from '../../shared/model.ts';
import { computeBeliefStats } from '../../shared/stats.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { isBeliefInRound, readRoundHistory, readWorkshop } from '../../shared/workshop.ts';

import { buildPoisonedBoard, poisonedDoc, poisonPlan, storedCopy } from '../helpers/poisonedBoard.ts';

const SEED = Number(process.env.SEED ?? Date.now() % 2 ** 31);
const ODD_IDS = ['constructor', '__proto__', 'toString', 'b-healthy-1', 'a:b'];

/** Everything the page reads from a board, read the way the page reads it. */
function readAsThePageDoes(doc: Y.Doc): void {
  const beliefs = new BeliefIndex(doc);
  const stats = new StatsIndex(doc);
  try {
    for (const belief of beliefs.all()) {
      expect(typeof belief.text).toBe('string');
      expect(typeof belief.authorId).toBe('string');
      expect(Number.isFinite(belief.x) && Number.isFinite(belief.y) && Number.isFinite(belief.createdAt)).toBe(true);
      expect(stats.get(belief.id).n).toBeGreaterThanOrEqual(0);
    }
    readBoardMeta(doc);
    listBeliefs(doc);
    listPositions(doc);
    beliefIds(doc);
    for (const [, person] of readParticipants(doc)) {
      expect(typeof person.name).toBe('string');
      expect(typeof person.color).toBe('string');
    }

    const { timer, summon, round } = readWorkshop(doc);
    if (timer) expect([timer.remainingMs, timer.durationMs].every(Number.isFinite)).toBe(true);
    if (summon) expect(typeof summon.participantId).toBe('string');
    for (const id of [...beliefs.getIds(), ...ODD_IDS]) {
      // The client's own channel reads the round raw from the document.
      isBeliefInRound(readWorkshop(doc).round, id);
      if (round) expect(Array.isArray(round.answered[id] ?? [])).toBe(true);
    }
    if (round) roundProgress(round, beliefs.getIds(), [{ id: 'p-1', name: 'Person 1' }], (id) => id);
    for (const record of readRoundHistory(doc)) computeBeliefStats(record.positions);
  } finally {
    beliefs.destroy();
    stats.destroy();
  }
}

describe('the page\'s readers on a poisoned board', () => {
  it('read the fixed poisoned board, and one that changes under them', () => {
    readAsThePageDoes(buildPoisonedBoard());
    readAsThePageDoes(storedCopy(buildPoisonedBoard()));
    // The indexes follow changes: poison arriving after they were built.
    const doc = new Y.Doc();
    const beliefs = new BeliefIndex(doc);
    const stats = new StatsIndex(doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(buildPoisonedBoard()));
    expect(beliefs.all().map((belief) => belief.id)).toContain('b-healthy-1');
    // The three healthy people and "p:colon"; the malformed records do not count.
    expect(stats.get('b-healthy-1').n).toBe(4);
    beliefs.destroy();
    stats.destroy();
  });

  it('read random poisoned boards, before and after the poison arrives', () => {
    console.info(`poisoned readers: seed ${SEED} (rerun with SEED=${SEED})`);
    fc.assert(
      fc.property(poisonPlan, (plan) => {
        const doc = poisonedDoc(plan);
        readAsThePageDoes(doc);
        readAsThePageDoes(storedCopy(doc));
        const later = new Y.Doc();
        const beliefs = new BeliefIndex(later);
        const stats = new StatsIndex(later);
        Y.applyUpdate(later, Y.encodeStateAsUpdate(doc));
        for (const id of beliefs.getIds()) stats.get(id);
        beliefs.destroy();
        stats.destroy();
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('presence: a peer\'s colour, cursor and selection of any type reach the views as a text, numbers and ids', () => {
    const mine = new Awareness(new Y.Doc());
    const hostile = new Awareness(new Y.Doc());
    hostile.setLocalState({
      user: { id: 'p-hostile', name: 'Mallory', color: { toString: 1, valueOf: 1 } },
      cursor: { x: 'left', y: { toString: 1 } },
      selection: [5, null, 'b-1', { id: 'b-2' }],
    });
    // Through the wire format, as the relay forwards it.
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(hostile, [hostile.clientID]), 'relay');
    const [peer] = readPeers(mine);
    expect(peer.user).toEqual({ id: 'p-hostile', name: 'Mallory', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(peer.cursor).toBeNull();
    expect(peer.selection).toEqual(['b-1']);
    mine.destroy();
    hostile.destroy();
  });
});
