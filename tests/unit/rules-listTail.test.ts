// The reading places new values against the tail of a key's list (updateChanges.ts,
// listTail). A value with no origin, already in the room, was placed by Yjs scanning from
// the list's start; copied after the tail's first value instead, it sat in another order,
// and a crafted value could empty a note's place while the reading said it stayed (found
// by a hostile review of the tail, 25 bytes). Such a value makes the whole list copied.
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, moveBeliefs, readBelief } from '../../shared/model.ts';
import { beliefsMap } from '../../shared/schema.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { itemAfter, keyValueIds, updateOfItems } from '../helpers/hostile.ts';
import { decideUpdate, type DecisionContext } from '../../server/rules/decideUpdate.ts';

const ALICE: Actor = { role: 'edit', participantId: 'alice' };
// The attacker's three tabs: an ordinary move, a first value, and the attack itself.
const MOVER = 0xfffffff0;
const FIRST = 0xffffff00;
const ATTACKER = 0xfff0;

const context = (): DecisionContext => ({
  actor: ALICE,
  ownerOf: (client) => ([MOVER, FIRST, ATTACKER].includes(client) ? 'mine' : 'free'),
  maxBeliefsPerBoard: 50,
  maxBeliefText: 500,
  fits: () => true,
});

function accept(relay: Y.Doc, update: Uint8Array): void {
  const decision = decideUpdate(relay, update, context());
  expect(decision).toMatchObject({ kind: 'apply', refusals: [] });
  if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
}

for (const author of ['bob', 'alice']) {
  it(`keeps the place of ${author}'s note when a value with no origin sits in its list`, () => {
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
    const moved = keyValueIds(fields, 'x').at(-1)!;
    // A first value under x, as a tab that never heard of the note's place writes it: no
    // origin, so it scans from the list's start and lands last — an ordinary set.
    const parentId = (fields as unknown as { _item: Y.Item })._item.id;
    const firstValue = new Y.Item(Y.createID(FIRST, 0), null, null, null, null, parentId as unknown as Y.AbstractType<any>, 'x', new Y.ContentAny([30]));
    accept(relay, updateOfItems([firstValue]));
    expect(readBelief(relay, id)).toMatchObject({ x: 30 });
    // The attack: a value after the move (as if concurrent with it), and the first value deleted.
    const attack = updateOfItems([itemAfter(ATTACKER, 0, moved, new Y.ContentAny([40]))], [{ client: FIRST, clock: 0, len: 1 }]);
    const applied = new Y.Doc();
    Y.applyUpdate(applied, Y.encodeStateAsUpdate(relay));
    Y.applyUpdate(applied, attack);
    expect((beliefsMap(applied).get(id) as Y.Map<unknown>).has('x'), 'Yjs, applying it, empties the place').toBe(false);
    const decision = decideUpdate(relay, attack, context());
    expect(decision, 'read as emptying the place: cut out').toMatchObject({ kind: 'apply', refusals: [{ severity: 'refused' }] });
    if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
    expect(readBelief(relay, id)).toMatchObject({ x: 30 });
  });
}
