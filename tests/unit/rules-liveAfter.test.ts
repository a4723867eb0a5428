// Which of the update's values Yjs leaves last is told by its id, client and clock: the
// reading once matched the clock alone, so a value written deleted that lands last (and so
// empties the key) was taken for a live value of another client at the same clock, and a
// note's place was emptied as a harmless set (found by a hostile review; both paths that
// end in liveAfter: the placing, and a chain after the key's last value).
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, moveBeliefs } from '../../shared/model.ts';
import { beliefsMap } from '../../shared/schema.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { itemAfter, keyValueIds, updateOfItems } from '../helpers/hostile.ts';
import { decideUpdate, type DecisionContext } from '../../server/rules/decideUpdate.ts';

const ALICE: Actor = { role: 'edit', participantId: 'alice' };
const MOVER = 0xfffffff0;
const A = 0xfff2; // live value, lands before the move (A < MOVER), listed first (larger client)
const B = 0xfff1; // deleted value, lands last
const context = (): DecisionContext => ({
  actor: ALICE,
  ownerOf: (client) => ([MOVER, A, B].includes(client) ? 'mine' : 'free'),
  maxBeliefsPerBoard: 50,
  maxBeliefText: 500,
  fits: () => true,
});

it("keeps Bob's note's place: a deleted value landing last is not read as another client's live one", () => {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const id = addBelief(relay, { text: 'a note', x: 10, y: 10, authorId: 'bob' }, 'relay');
  const fields = beliefsMap(relay).get(id) as Y.Map<unknown>;
  const mover = new Y.Doc();
  mover.clientID = MOVER;
  Y.applyUpdate(mover, Y.encodeStateAsUpdate(relay));
  const before = Y.encodeStateVector(mover);
  moveBeliefs(mover, [{ id, x: 20, y: 20 }], 'me');
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(mover, before));
  const [first, moved] = keyValueIds(fields, 'x');
  const attack = updateOfItems([itemAfter(A, 0, first, new Y.ContentAny([30])), itemAfter(B, 0, moved, new Y.ContentDeleted(1))]);
  const applied = new Y.Doc();
  Y.applyUpdate(applied, Y.encodeStateAsUpdate(relay));
  Y.applyUpdate(applied, attack);
  expect((beliefsMap(applied).get(id) as Y.Map<unknown>).has('x'), 'Yjs, applying it, empties the place').toBe(false);
  const decision = decideUpdate(relay, attack, context());
  if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
  expect(fields.has('x'), `the relay kept the place (decision ${JSON.stringify(decision.kind === 'apply' ? decision.refusals : decision)})`).toBe(true);
});

it('keeps a place where a deleted value follows a live one of another client after the last value', () => {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const id = addBelief(relay, { text: 'a note', x: 10, y: 10, authorId: 'bob' }, 'relay');
  const fields = beliefsMap(relay).get(id) as Y.Map<unknown>;
  const last = keyValueIds(fields, 'x').at(-1)!;
  // A (live) lands last, then B (written deleted) lands after it: the key is left empty.
  const attack = updateOfItems([itemAfter(A, 0, last, new Y.ContentAny([30])), itemAfter(B, 0, Y.createID(A, 0), new Y.ContentDeleted(1))]);
  const applied = new Y.Doc();
  Y.applyUpdate(applied, Y.encodeStateAsUpdate(relay));
  Y.applyUpdate(applied, attack);
  expect((beliefsMap(applied).get(id) as Y.Map<unknown>).has('x'), 'Yjs, applying it, empties the place').toBe(false);
  const decision = decideUpdate(relay, attack, context());
  if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
  expect(fields.has('x'), `the relay kept the place (decision ${JSON.stringify(decision.kind === 'apply' ? decision.refusals : decision)})`).toBe(true);
});
