import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addBelief,
  clearPosition,
  deleteBeliefs,
  positionsOf,
  readBelief,
  setPosition,
  undoScope, isBeliefLive } from '../../shared/model.ts';
import { positionKey, positionsMap, SCALE, type ScalePoint } from '../../shared/schema.ts';
import { computeBeliefStats } from '../../shared/stats.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';

const ME = 'me';

function board(): { doc: Y.Doc; belief: string } {
  const doc = new Y.Doc();
  const belief = addBelief(doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'ana' }, ME);
  return { doc, belief };
}

/** The figures computed from scratch through the model: what the index must match. */
function fromScratch(doc: Y.Doc, beliefId: string) {
  return computeBeliefStats(isBeliefLive(doc, beliefId) ? positionsOf(doc, beliefId).values() : []);
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('StatsIndex', () => {
  it('reads the positions already on the board', () => {
    const { doc, belief } = board();
    setPosition(doc, belief, 'ana', { agreement: 2, direction: 1 }, ME);
    setPosition(doc, belief, 'ben', { agreement: 1 }, ME);
    setPosition(doc, belief, 'cy', { agreement: 'pass' }, ME);
    setPosition(doc, belief, 'di', { agreement: 2 }, ME);
    const index = new StatsIndex(doc);
    expect(index.get(belief)).toEqual(fromScratch(doc, belief));
    expect(index.get(belief)).toMatchObject({ n: 3, passCount: 1, meanDirection: 1, badge: 'converged' });
  });

  it('follows new, changed and cleared positions', () => {
    const { doc, belief } = board();
    const index = new StatsIndex(doc);
    expect(index.get(belief).n).toBe(0);
    setPosition(doc, belief, 'ana', { agreement: -2 }, ME);
    setPosition(doc, belief, 'ben', { agreement: 2 }, ME);
    setPosition(doc, belief, 'cy', { agreement: 2 }, ME);
    setPosition(doc, belief, 'dee', { agreement: -2 }, ME);
    expect(index.get(belief)).toMatchObject({ n: 4, polarized: true });
    setPosition(doc, belief, 'ana', { agreement: 2 }, ME);
    setPosition(doc, belief, 'dee', { agreement: 2 }, ME);
    expect(index.get(belief)).toMatchObject({ n: 4, convergence: 1, polarized: false });
    clearPosition(doc, belief, 'cy', ME);
    clearPosition(doc, belief, 'dee', ME);
    expect(index.get(belief)).toMatchObject({ n: 2, badge: 'too-few' });
  });

  it('returns the same object until the belief changes', () => {
    const { doc, belief } = board();
    const other = addBelief(doc, { text: 'Other', x: 0, y: 0, authorId: 'ana' }, ME);
    setPosition(doc, belief, 'ana', { agreement: 1 }, ME);
    const index = new StatsIndex(doc);
    const before = index.get(belief);
    setPosition(doc, other, 'ana', { agreement: 1 }, ME);
    expect(index.get(belief)).toBe(before);
    setPosition(doc, belief, 'ben', { agreement: 1 }, ME);
    expect(index.get(belief)).not.toBe(before);
  });

  it('tells the belief, anyone listening to all, and the version', () => {
    const { doc, belief } = board();
    const other = addBelief(doc, { text: 'Other', x: 0, y: 0, authorId: 'ana' }, ME);
    const index = new StatsIndex(doc);
    const calls = { belief: 0, other: 0, any: 0 };
    const stopBelief = index.subscribe(belief, () => calls.belief++);
    index.subscribe(other, () => calls.other++);
    index.subscribeAny(() => calls.any++);
    const version = index.getVersion();

    setPosition(doc, belief, 'ana', { agreement: 1 }, ME);
    expect(calls).toEqual({ belief: 1, other: 0, any: 1 });
    expect(index.getVersion()).toBe(version + 1);

    stopBelief();
    setPosition(doc, belief, 'ben', { agreement: 1 }, ME);
    expect(calls).toEqual({ belief: 1, other: 0, any: 2 });

    index.destroy();
    setPosition(doc, other, 'ana', { agreement: 1 }, ME);
    expect(calls).toEqual({ belief: 1, other: 0, any: 2 });
  });

  it('forgets a deleted belief and brings it back on undo', () => {
    const { doc, belief } = board();
    const undo = new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([ME]) });
    for (const person of ['ana', 'ben', 'cy']) setPosition(doc, belief, person, { agreement: 1 }, ME);
    const index = new StatsIndex(doc);
    let told = 0;
    index.subscribe(belief, () => told++);
    undo.stopCapturing();

    deleteBeliefs(doc, [belief], 'me', ME);
    expect(told).toBeGreaterThan(0);
    expect(index.get(belief).n).toBe(0);

    undo.undo();
    expect(readBelief(doc, belief)).not.toBeNull();
    expect(index.get(belief)).toEqual(fromScratch(doc, belief));
    expect(index.get(belief).n).toBe(3);
  });

  it('ignores a position recorded concurrently with the deletion of its belief', () => {
    const { doc: here, belief } = board();
    const there = new Y.Doc();
    sync(here, there);
    const index = new StatsIndex(here);
    setPosition(here, belief, 'ana', { agreement: 1 }, ME);
    deleteBeliefs(here, [belief], 'me', ME);
    setPosition(there, belief, 'ben', { agreement: 2 }, 'ben');
    sync(here, there);
    expect(positionsMap(here).has(positionKey(belief, 'ben'))).toBe(true);
    expect(index.get(belief).n).toBe(0);
  });

  it('counts a malformed entry from a peer as no position', () => {
    const { doc, belief } = board();
    const index = new StatsIndex(doc);
    setPosition(doc, belief, 'ana', { agreement: 1 }, ME);
    // A peer running other code, writing past the model.
    positionsMap(doc).set(positionKey(belief, 'mallory'), { agreement: 7, direction: null, updatedAt: 0 } as never);
    expect(index.get(belief)).toMatchObject({ n: 1, mean: 1 });
    expect(new StatsIndex(doc).get(belief)).toMatchObject({ n: 1, mean: 1 });
  });

  describe('after random edits on two replicas', () => {
    type Edit =
      | { kind: 'add'; replica: 0 | 1 }
      | { kind: 'set'; replica: 0 | 1; belief: number; person: number; agreement: ScalePoint | 'pass'; direction: ScalePoint | null }
      | { kind: 'clear'; replica: 0 | 1; belief: number; person: number }
      | { kind: 'delete'; replica: 0 | 1; belief: number }
      | { kind: 'sync' };
    const replica = fc.constantFrom<0 | 1>(0, 1);
    const edit: fc.Arbitrary<Edit> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), replica }),
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('set' as const),
          replica,
          belief: fc.nat(),
          person: fc.nat({ max: 7 }),
          agreement: fc.constantFrom<ScalePoint | 'pass'>(...SCALE, 'pass'),
          direction: fc.constantFrom<ScalePoint | null>(...SCALE, null),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('clear' as const), replica, belief: fc.nat(), person: fc.nat({ max: 7 }) }) },
      fc.record({ kind: fc.constant('delete' as const), replica, belief: fc.nat() }),
      fc.record({ kind: fc.constant('sync' as const) }),
    );
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);

    it('equals a from-scratch computation', () => {
      console.info(`StatsIndex random edits: seed ${seed} (rerun with SEED=${seed})`);
      for (const edits of fc.sample(fc.array(edit, { minLength: 50, maxLength: 200 }), { seed, numRuns: 30 })) {
        const replicas = [new Y.Doc(), new Y.Doc()];
        const index = new StatsIndex(replicas[0]);
        const ids: string[] = [];
        for (const step of edits) {
          if (step.kind === 'sync') {
            sync(replicas[0], replicas[1]);
          } else if (step.kind === 'add') {
            ids.push(addBelief(replicas[step.replica], { text: '', x: 0, y: 0, authorId: ME }, ME));
          } else if (ids.length > 0) {
            const doc = replicas[step.replica];
            const belief = ids[step.belief % ids.length];
            if (step.kind === 'delete') deleteBeliefs(doc, [belief], 'me', ME);
            else if (step.kind === 'clear') clearPosition(doc, belief, `p${step.person}`, ME);
            else if (isBeliefLive(doc, belief)) {
              setPosition(doc, belief, `p${step.person}`, { agreement: step.agreement, direction: step.direction }, ME);
            }
          }
          for (const id of ids) expect(index.get(id), `seed ${seed}`).toEqual(fromScratch(replicas[0], id));
        }
        index.destroy();
      }
    });
  });
});
