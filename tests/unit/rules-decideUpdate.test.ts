// The relay's decision on an incoming update, on real Y.Docs: what honest clients send is
// applied byte for byte; what the rules forbid is refused whole; what the board's state
// refuses (a lock, a full board) is cut out and the rest applied.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, deleteBeliefs, moveBeliefs, readBelief, restoreBeliefs, setBeliefText, setPosition, upsertParticipant } from '../../shared/model.ts';
import { beliefsMap, metaMap, positionsMap, readStoredPosition } from '../../shared/schema.ts';
import { setLocked, workshopMap } from '../../shared/workshop.ts';
import { addComment, commentsMap, editComment } from '../../shared/comments.ts';
import { actionsMap, addAction, updateAction } from '../../shared/beliefActions.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { firstCharId, itemAfter, keyValueIds, mapEntryItem, updateOfItems } from '../helpers/hostile.ts';
import { decideUpdate, type ClientOwnership, type DecisionContext } from '../../server/rules/decideUpdate.ts';

const ALICE: Actor = { role: 'edit', participantId: 'alice' };
const FIONA: Actor = { role: 'facilitate', participantId: 'fiona' };
const BOB: Actor = { role: 'edit', participantId: 'bob' };

function context(actor: Actor, owner: (client: number) => ClientOwnership = () => 'free'): DecisionContext {
  return { actor, ownerOf: owner, maxBeliefsPerBoard: 50, maxBeliefText: 500, fits: () => true };
}

/** A relay doc holding a board, and a client doc in sync with it. */
function pair() {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(relay));
  return { relay, client };
}

/** Everything `change` makes `doc` emit, as one update. */
function captured(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on('update', listener);
  change();
  doc.off('update', listener);
  return Y.mergeUpdates(updates);
}

/** Another browser in sync with the relay (each refused update would leave a gap in its own client's clocks). */
function browser(relay: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
  return doc;
}

function listBeliefsOf(doc: Y.Doc, authorId: string): string[] {
  return Array.from(beliefsMap(doc).entries()).filter(([, belief]) => belief.get('authorId') === authorId).map(([id]) => id);
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('decideUpdate', () => {
  it('applies an honest participant’s belief, answer and name byte for byte', () => {
    const { relay, client } = pair();
    const update = captured(client, () => {
      upsertParticipant(client, { id: 'alice', name: 'Alice', color: '#e03131' }, 'me');
      const id = addBelief(client, { text: 'We ship weekly', x: 10, y: 20, authorId: 'alice' }, 'me');
      setPosition(client, id, 'alice', { agreement: 2, direction: 1 }, 'me');
      setBeliefText(client, id, 'We ship every week', 'me');
      moveBeliefs(client, [{ id, x: 40, y: 50 }], 'me');
    });
    const decision = decideUpdate(relay, update, context(ALICE));
    expect(decision).toMatchObject({ kind: 'apply', refusals: [] });
    if (decision.kind !== 'apply') return;
    expect(decision.update).toBe(update);
    Y.applyUpdate(relay, decision.update);
    expect(Y.encodeStateAsUpdate(relay)).toEqual(Y.encodeStateAsUpdate(client));
  });

  it('takes a position as the tuple of schema 4 or as the object older tabs write, and nothing else', () => {
    const { relay, client } = pair();
    const id = addBelief(relay, { text: 'x', x: 0, y: 0, authorId: 'alice' }, 'relay');
    sync(relay, client);
    const write = (value: unknown) => captured(client, () => positionsMap(client).set(`${id}:alice`, value));
    const tuple = write([2, null, 1_700_000_000_000]);
    expect(decideUpdate(relay, tuple, context(ALICE))).toMatchObject({ kind: 'apply', refusals: [] });
    Y.applyUpdate(relay, tuple);
    const object = write({ agreement: 'pass', direction: -1, updatedAt: 1_700_000_000_001 });
    expect(decideUpdate(relay, object, context(ALICE))).toMatchObject({ kind: 'apply', refusals: [] });
    Y.applyUpdate(relay, object);
    expect(readStoredPosition(positionsMap(relay).get(`${id}:alice`))).toEqual({ agreement: 'pass', direction: -1, updatedAt: 1_700_000_000_001 });
    for (const odd of [[2, null], [2, null, 1, 'more'], [3, null, 1], ['pass', 'up', 1], [1, null, 'soon'], { agreement: 1, direction: null, updatedAt: 1, extra: true }]) {
      const other = browser(relay);
      const update = captured(other, () => positionsMap(other).set(`${id}:alice`, odd));
      expect(decideUpdate(relay, update, context(ALICE)), JSON.stringify(odd)).toMatchObject({ kind: 'forbidden' });
    }
  });

  it('forbids a position written under someone else’s id', () => {
    const { relay, client } = pair();
    const id = addBelief(relay, { text: 'x', x: 0, y: 0, authorId: 'bob' }, 'relay');
    sync(relay, client);
    const update = captured(client, () => setPosition(client, id, 'bob', { agreement: -2 }, 'me'));
    expect(decideUpdate(relay, update, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/positions/) });
  });

  it('forbids the schema version, a junk root type and a participant record that is not mine', () => {
    const { relay } = pair();
    const one = browser(relay);
    const version = captured(one, () => metaMap(one).set('schemaVersion', 99));
    expect(decideUpdate(relay, version, context(FIONA))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/relay/) });
    const two = browser(relay);
    const junk = captured(two, () => two.getText('junk').insert(0, 'x'.repeat(1000)));
    expect(decideUpdate(relay, junk, context(FIONA))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/root type "junk"/) });
    const three = browser(relay);
    const name = captured(three, () => upsertParticipant(three, { id: 'bob', name: 'Bob', color: '#e03131' }, 'me'));
    expect(decideUpdate(relay, name, context(ALICE))).toMatchObject({ kind: 'forbidden' });
  });

  it('forbids a delete set whose ranges overlap or run backwards, and takes an honest one of several ranges', () => {
    const { relay, client } = pair();
    const ids = [1, 2, 3].map((n) => addBelief(client, { text: `b${n}`, x: n, y: 0, authorId: 'alice' }, 'alice'));
    sync(client, relay);
    const honest = captured(client, () => ids.forEach((id, n) => setBeliefText(client, id, `belief ${n} again`, 'alice')));
    expect(decideUpdate(relay, honest, context(ALICE)).kind).toBe('apply');
    // Yjs writes each client's ranges sorted and apart; read as given, each range is walked
    // over the structs it covers, so overlapping ones cost ranges × structs.
    const me = client.clientID;
    const state = Y.getState(relay.store, me);
    const overlapping = updateOfItems([], [
      { client: me, clock: 0, len: state },
      { client: me, clock: 0, len: state },
    ]);
    expect(decideUpdate(relay, overlapping, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/not in order/) });
    const backwards = updateOfItems([], [
      { client: me, clock: state - 1, len: 1 },
      { client: me, clock: 0, len: 1 },
    ]);
    expect(decideUpdate(relay, backwards, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/not in order/) });
  });

  it('takes a value that changes nothing under a comment’s or an action’s key only from who may change it', () => {
    const { relay, client } = pair();
    const beliefId = addBelief(client, { text: 'b', x: 0, y: 0, authorId: 'alice' }, 'alice');
    const commentId = addComment(client, { beliefId, authorId: 'alice', text: 'first' }, 'alice');
    editComment(client, commentId, { text: 'second' }, 'alice');
    const actionId = addAction(client, { beliefId, authorId: 'alice', text: 'Talk it through' }, 'alice');
    updateAction(client, actionId, { text: 'Talk it through on Monday' }, 'alice');
    sync(client, relay);
    // A deleted value after each key's first value, under a client id below the live
    // value's: Yjs places it before the live value, which stays — how a browser's own
    // superseded value arrives after a reconnect.
    for (const [map, key] of [
      [commentsMap(relay), commentId],
      [actionsMap(relay), actionId],
    ] as const) {
      const update = updateOfItems([itemAfter(1, 0, keyValueIds(map as Y.Map<unknown>, key)[0], new Y.ContentDeleted(1))]);
      expect(decideUpdate(relay, update, context(BOB)), `Bob, under ${key}`).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/may not change/) });
      expect(decideUpdate(relay, update, context(ALICE)).kind, `Alice, under ${key}`).toBe('apply');
    }
  });

  it('applies the undo of moving hundreds of notes that had moved often, as it came', () => {
    const { relay, client } = pair();
    const ids = Array.from({ length: 400 }, (_, n) => addBelief(client, { text: `b${n}`, x: n, y: 0, authorId: 'alice' }, 'alice'));
    for (let round = 1; round <= 12; round++) moveBeliefs(client, ids.map((id, n) => ({ id, x: n + round, y: round })), 'alice');
    sync(client, relay);
    const undo = new Y.UndoManager(beliefsMap(client), { trackedOrigins: new Set(['drag']) });
    moveBeliefs(client, ids.map((id, n) => ({ id, x: n * 2, y: 100 })), 'drag');
    sync(client, relay);
    // Each note's place: the value brought back written after the live one, which the same update deletes.
    const undone = captured(client, () => undo.undo());
    expect(decideUpdate(relay, undone, context(ALICE))).toMatchObject({ kind: 'apply', update: undone, refusals: [] });
  });

  it('forbids a comment that answers itself', () => {
    const { relay, client } = pair();
    const beliefId = addBelief(client, { text: 'b', x: 0, y: 0, authorId: 'alice' }, 'alice');
    sync(client, relay);
    const own = captured(client, () => addComment(client, { id: 'c1', beliefId, authorId: 'alice', text: 'me again', parentId: 'c1' }, 'alice'));
    expect(decideUpdate(relay, own, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/answer itself/) });
  });

  it('lets only a belief’s author or a facilitator delete it, outright or into "Recently deleted"', () => {
    const { relay } = pair();
    const id = addBelief(relay, { text: 'Bob’s', x: 0, y: 0, authorId: 'bob' }, 'relay');
    const one = browser(relay);
    const hard = captured(one, () => one.getMap('beliefs').delete(id));
    expect(decideUpdate(relay, hard, context(ALICE))).toMatchObject({ kind: 'forbidden' });
    expect(decideUpdate(relay, hard, context(FIONA))).toMatchObject({ kind: 'apply', refusals: [] });
    const two = browser(relay);
    const soft = captured(two, () => deleteBeliefs(two, [id], 'alice', 'me'));
    expect(decideUpdate(relay, soft, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/deletedAt|deletedBy/) });
    expect(decideUpdate(relay, soft, context(FIONA))).toMatchObject({ kind: 'apply', refusals: [] });
    const bob: Actor = { role: 'edit', participantId: 'bob' };
    expect(decideUpdate(relay, soft, context(bob))).toMatchObject({ kind: 'apply', refusals: [] });
    Y.applyUpdate(relay, soft);
    expect(readBelief(relay, id)?.deletedAt).toEqual(expect.any(Number));
    const three = browser(relay);
    const restore = captured(three, () => restoreBeliefs(three, [id], 'me'));
    expect(decideUpdate(relay, restore, context(ALICE))).toMatchObject({ kind: 'forbidden' });
    expect(decideUpdate(relay, restore, context(bob))).toMatchObject({ kind: 'apply', refusals: [] });
  });

  it('cuts a locked note’s edit out of an update and keeps the answer sent with it', () => {
    const { relay, client } = pair();
    const id = addBelief(relay, { text: 'Original', x: 0, y: 0, authorId: 'bob' }, 'relay');
    sync(relay, client);
    setLocked(relay, true, 'relay');
    const update = captured(client, () => {
      setBeliefText(client, id, 'Vandalised', 'me');
      moveBeliefs(client, [{ id, x: 500, y: 500 }], 'me');
      setPosition(client, id, 'alice', { agreement: 1 }, 'me');
    });
    const decision = decideUpdate(relay, update, context(ALICE));
    expect(decision.kind).toBe('apply');
    if (decision.kind !== 'apply') return;
    expect(decision.refusals.map((refusal) => refusal.severity)).toEqual(['refused', 'refused']);
    expect(decision.refusals[0].reason).toMatch(/locked/);
    Y.applyUpdate(relay, decision.update);
    expect(readBelief(relay, id)).toMatchObject({ text: 'Original', x: 0, y: 0 });
    expect(readStoredPosition(positionsMap(relay).get(`${id}:alice`))).toMatchObject({ agreement: 1 });
    // The sender's later edits still apply after the cut (its clocks stay contiguous).
    setLocked(relay, false, 'relay');
    sync(relay, client);
    const later = captured(client, () => setPosition(client, id, 'alice', { agreement: -1 }, 'me'));
    const next = decideUpdate(relay, later, context(ALICE));
    expect(next).toMatchObject({ kind: 'apply', refusals: [] });
    if (next.kind === 'apply') Y.applyUpdate(relay, next.update);
    expect(readStoredPosition(positionsMap(relay).get(`${id}:alice`))).toMatchObject({ agreement: -1 });
  });

  it('asks for a resync when the update builds on structs the room lacks', () => {
    const { relay, client } = pair();
    let id = '';
    captured(client, () => (id = addBelief(client, { text: 'abc', x: 0, y: 0, authorId: 'alice' }, 'me')));
    const second = captured(client, () => setBeliefText(client, id, 'abcd', 'me'));
    expect(decideUpdate(relay, second, context(ALICE))).toEqual({ kind: 'resync' });
  });

  it('forbids writing under a Yjs client id that belongs to someone else', () => {
    const { relay, client } = pair();
    const update = captured(client, () => upsertParticipant(client, { id: 'alice', name: 'Alice', color: '#e03131' }, 'me'));
    expect(decideUpdate(relay, update, context(ALICE, () => 'taken'))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/client/) });
  });

  it('leaves someone else’s structs out of a catch-up (a change the store lost) and decides the rest as the sender’s', () => {
    const { relay, client } = pair();
    const bob = browser(relay);
    // Bob's belief reached Alice's browser, but not the store (the relay stopped in between).
    const bobs = captured(bob, () => addBelief(bob, { text: 'Bob’s, lost by the store', x: 0, y: 0, authorId: 'bob' }, 'bob'));
    Y.applyUpdate(client, bobs);
    captured(client, () => addBelief(client, { text: 'Alice’s own', x: 5, y: 5, authorId: 'alice' }, 'me'));
    const owner = (writer: number): ClientOwnership => (writer === bob.clientID ? 'taken' : 'mine');
    const catchUp = Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay));
    const text = captured(client, () => setBeliefText(client, listBeliefsOf(client, 'bob')[0], 'Bob’s, edited by Alice', 'me'));

    const decision = decideUpdate(relay, catchUp, { ...context(ALICE, owner), catchUp: true });
    expect(decision).toMatchObject({ kind: 'apply', refusals: [] });
    if (decision.kind !== 'apply') return;
    expect([...Y.parseUpdateMeta(decision.update).from.keys()]).toEqual([client.clientID]);
    Y.applyUpdate(relay, decision.update);
    expect(Array.from(beliefsMap(relay).values(), (belief) => belief.get('text')?.toString()).sort()).toEqual(['Alice’s own']);
    // Alice's edit of Bob's lost belief builds on it: it waits for it, not refused.
    expect(decideUpdate(relay, Y.mergeUpdates([bobs, text]), { ...context(ALICE, owner), catchUp: true })).toEqual({ kind: 'heldBack', waitingFor: [bob.clientID] });
    // Only Bob's structs: nothing from Alice, and Alice stays.
    expect(decideUpdate(relay, bobs, { ...context(ALICE, owner), catchUp: true })).toEqual({ kind: 'nothing' });
    // The same structs in a live update are forged: no honest browser sends them.
    expect(decideUpdate(relay, bobs, context(ALICE, owner))).toMatchObject({ kind: 'forbidden' });
  });

  it('leaves out, with a colleague’s lost move, the deletion of the place it superseded (the note keeps its place until the move comes back)', () => {
    const { relay, client } = pair();
    const id = addBelief(relay, { text: 'Stored long ago', x: 10, y: 10, authorId: 'alice' }, 'relay');
    sync(relay, client);
    const bob = browser(relay);
    // Bob's move reached Alice's browser, but not the store (the relay stopped in between).
    const bobsMove = captured(bob, () => moveBeliefs(bob, [{ id, x: 70, y: 70 }], 'bob'));
    Y.applyUpdate(client, bobsMove);
    captured(client, () => setBeliefText(client, id, 'Stored long ago, edited', 'me'));
    const owner = (writer: number): ClientOwnership => (writer === bob.clientID ? 'taken' : writer === client.clientID ? 'mine' : 'free');
    const catchUp = Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay));

    // Yjs's own deletion of the place Bob's move superseded rides in Alice's delete set: read
    // as hers, it emptied the note's place and her catch-up was refused in part.
    const decision = decideUpdate(relay, catchUp, { ...context(ALICE, owner), catchUp: true });
    expect(decision).toMatchObject({ kind: 'apply', refusals: [] });
    if (decision.kind !== 'apply') return;
    Y.applyUpdate(relay, decision.update);
    expect(readBelief(relay, id)).toMatchObject({ text: 'Stored long ago, edited', x: 10, y: 10 });
    // Bob's browser brings the move back; every copy agrees.
    const bobsCatchUp = Y.encodeStateAsUpdate(bob, Y.encodeStateVector(relay));
    expect(decideUpdate(relay, bobsCatchUp, { ...context(BOB, (writer) => (writer === bob.clientID ? 'mine' : 'taken')), catchUp: true })).toMatchObject({ kind: 'apply', refusals: [] });
    Y.applyUpdate(relay, bobsCatchUp);
    sync(relay, client);
    expect(readBelief(relay, id)).toMatchObject({ x: 70, y: 70 });
    expect(readBelief(client, id)).toEqual(readBelief(relay, id));
  });

  it('forbids workshop settings to participants and odd values to facilitators', () => {
    const { relay, client } = pair();
    const lock = captured(client, () => setLocked(client, true, 'me'));
    expect(decideUpdate(relay, lock, context(ALICE))).toMatchObject({ kind: 'forbidden' });
    expect(decideUpdate(relay, lock, context(FIONA))).toMatchObject({ kind: 'apply' });
    const other = browser(relay);
    const odd = captured(other, () => workshopMap(other).set('locked', 'yes'));
    expect(decideUpdate(relay, odd, context(FIONA))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/true or false/) });
  });

  it('does nothing for a view-only link', () => {
    const { relay, client } = pair();
    const update = captured(client, () => metaMap(client).set('title', 'Mine now'));
    expect(decideUpdate(relay, update, context({ role: 'view', participantId: null }))).toEqual({ kind: 'nothing' });
  });

  it('forbids a struct that continues one the room has, in another place or after a cut', () => {
    const { relay, client } = pair();
    const id = addBelief(relay, { text: 'hello', x: 0, y: 0, authorId: 'bob' }, 'relay');
    sync(relay, client);
    const answer = captured(client, () => setPosition(client, id, 'alice', { agreement: 1 }, 'me'));
    Y.applyUpdate(relay, answer);
    const state = Y.getState(relay.store, client.clientID);
    // Clocks the room has for an answer, continued as typing into Bob's note: Yjs would
    // judge nothing of the answer's key yet link the new part there, and store it there.
    const text = relay.getMap('beliefs').get(id) as Y.Map<Y.Text>;
    const typing = updateOfItems([itemAfter(client.clientID, state - 1, firstCharId(text.get('text')!), new Y.ContentString('xy'))]);
    expect(decideUpdate(relay, typing, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/in another place/) });
    // The same struct in the same place (how a resent update overlaps) is fine.
    const again = updateOfItems([mapEntryItem(client.clientID, state - 1, 'positions', `${id}:alice`, new Y.ContentDeleted(2))]);
    expect(decideUpdate(relay, again, context(ALICE))).toMatchObject({ kind: 'apply' });
    // Continuing clocks the room cut out (a gap): Yjs throws halfway through applying it.
    setLocked(relay, true, 'relay');
    sync(relay, client);
    const before = Y.encodeStateVector(relay);
    addBelief(client, { text: 'locked out', x: 0, y: 0, authorId: 'alice' }, 'me');
    const cut = decideUpdate(relay, Y.encodeStateAsUpdate(client, before), context(ALICE));
    expect(cut).toMatchObject({ kind: 'apply', refusals: [{ severity: 'refused' }] });
    if (cut.kind === 'apply') Y.applyUpdate(relay, cut.update);
    setLocked(relay, false, 'relay');
    const gap = Y.getState(relay.store, client.clientID);
    const afterGap = updateOfItems([mapEntryItem(client.clientID, gap - 1, 'positions', `${id}:alice`, new Y.ContentDeleted(2))]);
    expect(decideUpdate(relay, afterGap, context(ALICE))).toMatchObject({ kind: 'forbidden', reason: expect.stringMatching(/collected/) });
  });

  it('cuts out a removal the lock refuses together with the deletions inside the belief', () => {
    const { relay, client } = pair();
    const undo = new Y.UndoManager([client.getMap('beliefs')], { trackedOrigins: new Set(['me']) });
    let id = '';
    const add = captured(client, () => (id = addBelief(client, { text: 'mine', x: 5, y: 6, color: 'pink', authorId: 'alice' }, 'me')));
    Y.applyUpdate(relay, add);
    setLocked(relay, true, 'relay');
    sync(relay, client);
    const removal = captured(client, () => undo.undo());
    const decision = decideUpdate(relay, removal, context(ALICE));
    expect(decision).toMatchObject({ kind: 'apply', refusals: [{ severity: 'refused', reason: expect.stringMatching(/locked/) }] });
    if (decision.kind === 'apply') Y.applyUpdate(relay, decision.update);
    expect(readBelief(relay, id)).toMatchObject({ text: 'mine', x: 5, y: 6, color: 'pink', authorId: 'alice', deletedAt: null });
  });
});
