// A key the reading counts as emptied ('delete') where it cannot tell where its new values
// land is also judged as a set of every value it writes; otherwise whoever may remove an
// entry (a comment's author, a position's owner, a facilitator) got any value in, unchecked
// (found by a hostile review). Two ways to that reading: a held key whose new values are all
// first values, one of them written deleted; and placing that cannot be done (the board's
// ration spent, or more than MAX_PLACED_STRUCTS) — for a new belief, which is then judged in
// full (only one whose every map the update deletes is not kept).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, readBelief, setPosition, moveBeliefs } from '../../shared/model.ts';
import { beliefsMap, positionsMap, ROOT } from '../../shared/schema.ts';
import { setLocked } from '../../shared/workshop.ts';
import { setAnonymityLevel } from '../../shared/anonymity.ts';
import { addComment, commentsMap } from '../../shared/comments.ts';
import { actionsMap, addAction } from '../../shared/beliefActions.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { itemAfter, mapEntryItem, updateOfItems, type Content } from '../helpers/hostile.ts';
import { decideUpdate, type DecisionContext } from '../../server/rules/decideUpdate.ts';

const ALICE: Actor = { role: 'edit', participantId: 'alice' };
const FIONA: Actor = { role: 'facilitate', participantId: 'fiona' };
/** Above any client id Yjs draws for the honest writers here: first values from it land last. */
const ATTACKER = 0xfffffff0;

function context(actor: Actor, mayPlace?: (structs: number) => boolean): DecisionContext {
  return { actor, ownerOf: () => 'free', maxBeliefsPerBoard: 50, maxBeliefText: 500, fits: () => true, mayPlace };
}

function board(): { relay: Y.Doc; beliefId: string } {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const beliefId = addBelief(relay, { text: 'We ship weekly', x: 0, y: 0, authorId: 'bob' }, 'relay');
  return { relay, beliefId };
}

/** Applies what the relay decided (if anything) to a copy of the room, and returns that copy. */
function applied(relay: Y.Doc, update: Uint8Array, actor: Actor, mayPlace?: (structs: number) => boolean) {
  const decision = decideUpdate(relay, update, context(actor, mayPlace));
  const after = new Y.Doc();
  Y.applyUpdate(after, Y.encodeStateAsUpdate(relay));
  if (decision.kind === 'apply') Y.applyUpdate(after, decision.update);
  return { decision, after };
}

/** Two first values under a root key: one written deleted, then `value` right after it. */
function firstValues(root: string, key: string, value: unknown): Uint8Array {
  const dead = mapEntryItem(ATTACKER, 0, root, key, new Y.ContentDeleted(1));
  const live = itemAfter(ATTACKER, 1, Y.createID(ATTACKER, 0), new Y.ContentAny([value]) as Content);
  return updateOfItems([dead, live]);
}

describe('a held key rewritten with first values is read as its removal, and its values go unjudged', () => {
  it('a participant puts their own comment under Bob’s name', () => {
    const { relay, beliefId } = board();
    const id = addComment(relay, { beliefId, authorId: 'alice', text: 'I think so' }, 'relay');
    const stored = commentsMap(relay).get(id)!;
    const update = firstValues(ROOT.comments, id, { ...stored, authorId: 'bob', text: 'Alice is right, I was wrong' });
    const { decision, after } = applied(relay, update, ALICE);
    // Defended if the update is refused, or if nothing of it shows.
    expect({ kind: decision.kind, author: commentsMap(after).get(id)?.authorId }).not.toMatchObject({ kind: 'apply', author: 'bob' });
  });

  it('a participant writes an ill-formed value as their own answer', () => {
    const { relay, beliefId } = board();
    setPosition(relay, beliefId, 'alice', { agreement: 1 }, 'relay');
    const key = `${beliefId}:alice`;
    const update = firstValues(ROOT.positions, key, { agreement: 'x'.repeat(5000), direction: { evil: true }, updatedAt: -1, extra: 1 });
    const { decision, after } = applied(relay, update, ALICE);
    expect({ kind: decision.kind, value: positionsMap(after).get(key) }).not.toMatchObject({ kind: 'apply', value: { direction: { evil: true } } });
  });

  it('a participant answers under their own name while answers are anonymous', () => {
    const { relay, beliefId } = board();
    setPosition(relay, beliefId, 'alice', { agreement: 1 }, 'relay');
    setAnonymityLevel(relay, 'everyone', 'relay');
    const key = `${beliefId}:alice`;
    const update = firstValues(ROOT.positions, key, [-2, null, Date.now()]);
    const { decision, after } = applied(relay, update, ALICE);
    expect({ kind: decision.kind, value: positionsMap(after).get(key) }).not.toMatchObject({ kind: 'apply', value: [-2, null, expect.any(Number)] });
  });

  it('a facilitator writes Bob’s answer for him', () => {
    const { relay, beliefId } = board();
    setPosition(relay, beliefId, 'bob', { agreement: -2 }, 'relay');
    const key = `${beliefId}:bob`;
    const update = firstValues(ROOT.positions, key, [2, 2, Date.now()]);
    const { decision, after } = applied(relay, update, FIONA);
    expect({ kind: decision.kind, value: positionsMap(after).get(key) }).not.toMatchObject({ kind: 'apply', value: [2, 2, expect.any(Number)] });
  });

  it('a facilitator rewrites Bob’s action, its author and belief included', () => {
    const { relay, beliefId } = board();
    const other = addBelief(relay, { text: 'Other', x: 0, y: 0, authorId: 'carol' }, 'relay');
    const id = addAction(relay, { beliefId, authorId: 'bob', text: 'Ask legal', ownerId: null, ownerName: '', due: null, status: 'open' }, 'relay');
    const stored = actionsMap(relay).get(id)!;
    const update = firstValues(ROOT.actions, id, { ...stored, beliefId: other, authorId: 'carol', createdAt: 0 });
    const { decision, after } = applied(relay, update, FIONA);
    expect({ kind: decision.kind, author: actionsMap(after).get(id)?.authorId }).not.toMatchObject({ kind: 'apply', author: 'carol' });
  });
});

/** A belief map created as a first value under `beliefId`, after a deleted first value, with `fields`. */
function craftedBelief(beliefId: string, fields: Record<string, unknown>, padding = 1): Y.Item[] {
  const items: Y.Item[] = [];
  let clock = 0;
  // `padding` first values written deleted, each after the one before (separate structs).
  for (let n = 0; n < padding; n++) {
    items.push(n === 0 ? mapEntryItem(ATTACKER, clock, ROOT.beliefs, beliefId, new Y.ContentDeleted(1)) : itemAfter(ATTACKER, clock, Y.createID(ATTACKER, clock - 1), new Y.ContentDeleted(1)));
    clock++;
  }
  const map = itemAfter(ATTACKER, clock, Y.createID(ATTACKER, clock - 1), new Y.ContentType(new Y.Map()) as Content);
  items.push(map);
  clock++;
  for (const [key, value] of Object.entries(fields)) {
    items.push(new Y.Item(Y.createID(ATTACKER, clock), null, null, null, null, map.id as unknown as Y.AbstractType<any>, key, new Y.ContentAny([value]) as Content));
    clock++;
  }
  return items;
}

describe('a new belief the reading cannot place is `kept: false`, and then nothing of it is judged', () => {
  const forged = { authorId: 'bob', x: 1e300, color: 'not-a-colour', createdAt: -5, evil: 'yes' };

  it('when the board’s ration of placements is spent (by anyone)', () => {
    const { relay } = board();
    setLocked(relay, true, 'relay');
    const update = updateOfItems(craftedBelief('forged1', forged));
    const { decision, after } = applied(relay, update, ALICE, () => false);
    const belief = beliefsMap(after).get('forged1');
    expect({ kind: decision.kind, author: belief?.get('authorId') }).not.toMatchObject({ kind: 'apply', author: 'bob' });
  });

  it('with no ration spent at all: more than 10 000 structs under the key', () => {
    const { relay } = board();
    const update = updateOfItems(craftedBelief('forged2', forged, 10_001));
    expect(update.length).toBeLessThan(1024 * 1024);
    const { decision, after } = applied(relay, update, ALICE);
    const belief = beliefsMap(after).get('forged2');
    expect({ kind: decision.kind, author: belief?.get('authorId') }).not.toMatchObject({ kind: 'apply', author: 'bob' });
  });
});

describe('a belief brought back over itself (judgeBirth: removal + birth)', () => {
  function replacing(relay: Y.Doc, beliefId: string, authorId: string): Uint8Array {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.transact(() => {
      beliefsMap(doc).delete(beliefId);
      addBelief(doc, { id: beliefId, text: 'We should stop shipping', x: 0, y: 0, authorId }, 'me');
    });
    return Y.mergeUpdates(updates);
  }

  it('a participant cannot replace Bob’s belief (answers on it would follow)', () => {
    const { relay, beliefId } = board();
    setPosition(relay, beliefId, 'carol', { agreement: 2 }, 'relay');
    const { decision } = applied(relay, replacing(relay, beliefId, 'alice'), ALICE);
    expect(decision.kind).toBe('forbidden');
  });

});

describe('values read unchecked by a judge that assumes they passed the shape check', () => {
  it('a facilitator’s hide record rewritten to null through first values does not throw in the relay', () => {
    const { relay, beliefId } = board();
    const id = addComment(relay, { beliefId, authorId: 'bob', text: 'Hmm' }, 'relay');
    relay.getMap(ROOT.hiddenComments).set(id, { by: 'fiona', at: 1 });
    const update = firstValues(ROOT.hiddenComments, id, null);
    let thrown: unknown = null;
    try {
      decideUpdate(relay, update, context(FIONA));
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toBe('null');
  });

  it('a facilitator cannot write a workshop setting of the wrong shape', () => {
    const { relay } = board();
    setLocked(relay, false, 'relay');
    const update = firstValues(ROOT.workshop, 'locked', { not: 'a boolean' });
    const { decision, after } = applied(relay, update, FIONA);
    expect({ kind: decision.kind, locked: after.getMap(ROOT.workshop).get('locked') }).not.toMatchObject({ kind: 'apply', locked: { not: 'a boolean' } });
  });
});

describe('cost of reading a crafted update', () => {
  it('9 999 first values written deleted under one new key are read in well under a second', () => {
    const { relay } = board();
    const client = 0xfffff000;
    const items: Y.Item[] = [mapEntryItem(client, 0, ROOT.comments, 'drain', new Y.ContentDeleted(1))];
    for (let clock = 1; clock < 9_999; clock++) items.push(itemAfter(client, clock, Y.createID(client, clock - 1), new Y.ContentDeleted(1)));
    const update = updateOfItems(items);
    let placed = 0;
    const t0 = performance.now();
    const decision = decideUpdate(relay, update, context(ALICE, (n) => ((placed += n), true)));
    const t1 = performance.now();
    Y.applyUpdate(relay, decision.kind === 'apply' ? decision.update : new Uint8Array());
    const t2 = performance.now();
    expect(t1 - t0).toBeLessThan(500);
  });
});
