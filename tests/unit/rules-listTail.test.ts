// Where a crafted value lands under a note's x, as the relay reads it before applying it,
// against where Yjs puts it. The reading places new values against the tail of a key's
// list (updateChanges.ts, listTail) and then asks which value is left last (liveAfter);
// each case here emptied a note's place while the reading called the update harmless
// (found by hostile reviews: 25 bytes each).
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, moveBeliefs, readBelief } from '../../shared/model.ts';
import { beliefsMap } from '../../shared/schema.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { itemAfter, keyValueIds, updateOfItems } from '../helpers/hostile.ts';
import { decideUpdate, type DecisionContext } from '../../server/rules/decideUpdate.ts';

const ALICE: Actor = { role: 'edit', participantId: 'alice' };
// The attacker's tabs: an ordinary move (a client id above the others'), a first value, the attacks.
const MOVER = 0xfffffff0;
const FIRST = 0xffffff00;
const ATTACKER = 0xfff0;
const LIVE = 0xfff2;
const DELETED = 0xfff1;

const context = (): DecisionContext => ({
  actor: ALICE,
  ownerOf: (client) => ([MOVER, FIRST, ATTACKER, LIVE, DELETED].includes(client) ? 'mine' : 'free'),
  maxBeliefsPerBoard: 50,
  maxBeliefText: 500,
  fits: () => true,
});

function accept(relay: Y.Doc, update: Uint8Array): void {
  const decision = decideUpdate(relay, update, context());
  expect(decision).toMatchObject({ kind: 'apply', refusals: [] });
  if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
}

/** A room with `author`'s note at x 10, then moved to x 20 by the attacker's ordinary tab. */
function movedNote(author: string) {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const id = addBelief(relay, { text: 'a note', x: 10, y: 10, authorId: author }, 'relay');
  const fields = beliefsMap(relay).get(id) as Y.Map<unknown>;
  const mover = new Y.Doc();
  mover.clientID = MOVER;
  Y.applyUpdate(mover, Y.encodeStateAsUpdate(relay));
  const before = Y.encodeStateVector(mover);
  moveBeliefs(mover, [{ id, x: 20, y: 20 }], 'me');
  accept(relay, Y.encodeStateAsUpdate(mover, before));
  return { relay, id, fields };
}

/** Yjs's own answer: whether the note keeps an x once `update` is applied to a copy of the room. */
function yjsKeepsX(relay: Y.Doc, id: string, update: Uint8Array): boolean {
  const applied = new Y.Doc();
  Y.applyUpdate(applied, Y.encodeStateAsUpdate(relay));
  Y.applyUpdate(applied, update);
  return (beliefsMap(applied).get(id) as Y.Map<unknown>).has('x');
}

/** The relay's decision, applied: the note must keep its place. */
function expectPlaceKept(relay: Y.Doc, id: string, attack: Uint8Array): void {
  expect(yjsKeepsX(relay, id, attack), 'Yjs, applying it, empties the place').toBe(false);
  const decision = decideUpdate(relay, attack, context());
  expect(decision, 'read as emptying the place: cut out').toMatchObject({ kind: 'apply', refusals: [{ severity: 'refused' }] });
  if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
  expect((beliefsMap(relay).get(id) as Y.Map<unknown>).has('x')).toBe(true);
}

// A value with no origin, already in the room, was placed by Yjs scanning from the list's
// start; copied after the tail's first value instead, it sat in another order. Such a
// value now makes the whole list copied.
for (const author of ['bob', 'alice']) {
  it(`keeps the place of ${author}'s note when a value with no origin sits in its list`, () => {
    const { relay, id, fields } = movedNote(author);
    const moved = keyValueIds(fields, 'x').at(-1)!;
    // A first value under x, as a tab that never heard of the note's place writes it: no
    // origin, so it scans from the list's start and lands last — an ordinary set.
    const parentId = (fields as unknown as { _item: Y.Item })._item.id;
    const firstValue = new Y.Item(Y.createID(FIRST, 0), null, null, null, null, parentId as unknown as Y.AbstractType<any>, 'x', new Y.ContentAny([30]));
    accept(relay, updateOfItems([firstValue]));
    expect(readBelief(relay, id)).toMatchObject({ x: 30 });
    // The attack: a value after the move (as if concurrent with it), and the first value deleted.
    expectPlaceKept(relay, id, updateOfItems([itemAfter(ATTACKER, 0, moved, new Y.ContentAny([40]))], [{ client: FIRST, clock: 0, len: 1 }]));
    expect(readBelief(relay, id)).toMatchObject({ x: 30 });
  });
}

// Which of the update's values Yjs leaves last is told by its id, client and clock: the
// reading once matched the clock alone, so a value written deleted that lands last was
// taken for a live value of another client at the same clock.
it("keeps a note's place when a deleted value lands last, beside another client's live one at the same clock (placed)", () => {
  const { relay, id, fields } = movedNote('bob');
  const [first, moved] = keyValueIds(fields, 'x');
  expectPlaceKept(relay, id, updateOfItems([itemAfter(LIVE, 0, first, new Y.ContentAny([30])), itemAfter(DELETED, 0, moved, new Y.ContentDeleted(1))]));
});

it("keeps a note's place when a deleted value follows another client's live one after the last value (a chain)", () => {
  const { relay, id, fields } = movedNote('bob');
  const last = keyValueIds(fields, 'x').at(-1)!;
  expectPlaceKept(relay, id, updateOfItems([itemAfter(LIVE, 0, last, new Y.ContentAny([30])), itemAfter(DELETED, 0, Y.createID(LIVE, 0), new Y.ContentDeleted(1))]));
});
