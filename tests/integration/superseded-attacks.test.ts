// Crafted updates from one participant link that would empty a note's place or colour,
// or someone's comment, by where Yjs puts a value rather than by what it writes — a
// deleted value landing last under a key, a value deleted in the update that writes it —
// or hold the relay's one thread with a delete set of overlapping ranges: real relay, a
// raw socket for the attacker, providers for the people. What the key holds after an
// update is asked of Yjs itself (server/rules/updateChanges.ts, lastOfKey); the rules once
// ran their own copy of its conflict scan, which read a merged run of superseded values
// whole where Yjs splits it, and every attack here but the fifth got through.
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { addBelief, moveBeliefs, setBeliefColor } from '../../shared/model.ts';
import { addComment, editComment, deleteComment, commentsMap } from '../../shared/comments.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { docWithClient, itemAfter, keyValueIds, updateOfItems, type Content } from '../helpers/hostile.ts';
import { closeOf, openJoinedSocket, refusalsOf, type CloseInfo } from '../helpers/rawSocket.ts';
import { boardSocketUrl, connectProvider, participantParams, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';
import { encodeUpdateMessage } from '../../server/relay/messages.ts';

let relay: TestRelay | undefined;
const clients: ConnectedProvider[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const client of clients.splice(0)) client.destroy();
  await relay?.close();
  relay = undefined;
});

/**
 * Sends an update from a fresh participant link; resolves with the close (null if the relay
 * kept the socket open) and the reasons of the changes it refused and cut out.
 */
async function sendAsAttacker(boardId: string, update: Uint8Array, as = 'dee'): Promise<{ close: CloseInfo | null; refusals: string[] }> {
  const peer = await openJoinedSocket(`${boardSocketUrl(relay!.wsUrl, boardId)}&${new URLSearchParams(participantParams(as))}`);
  sockets.push(peer);
  const closed = closeOf(peer);
  const refusals = refusalsOf(peer);
  peer.send(encodeUpdateMessage(update));
  const close = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 700))]);
  return { close, refusals };
}

/** A note's place or colour emptied by someone who may change it: cut out, and they are told (an honest undo can do it). */
function expectPlaceRefused({ close, refusals }: { close: CloseInfo | null; refusals: string[] }, what: RegExp): void {
  expect(close, 'the sender stays connected').toBeNull();
  expect(refusals.join(' | '), 'the sender is told in words').toMatch(what);
}

const beliefFields = (doc: Y.Doc, beliefId: string) => doc.getMap('beliefs').get(beliefId) as Y.Map<unknown>;

async function boardWithBelief(title: string) {
  relay = await startTestRelay();
  const boardId = await relay.createBoard(title);
  const ana = connectProvider(relay.wsUrl, boardId, { as: 'ana', doc: docWithClient(1_000) });
  const observer = connectProvider(relay.wsUrl, boardId, { as: 'cy', doc: docWithClient(9_000_000) });
  clients.push(ana, observer);
  await Promise.all([waitSynced(ana.provider), waitSynced(observer.provider)]);
  const beliefId = addBelief(ana.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'ana' }, 'ana');
  await waitFor(() => beliefFields(observer.doc, beliefId)?.get('x') === 0, 5_000, 'the observer to see the belief');
  return { boardId, ana, observer, beliefId };
}

// Attack 1 (landsLast on a merged struct). Three horizontal moves by one browser write x
// alone each time, at consecutive clocks: the two superseded values merge into one deleted
// struct of length 2, followed by the live value whose origin is that struct's last clock.
// A value after the struct's FIRST clock: Yjs splits the struct (getItemCleanEnd), scans
// from the split-off half, and — under a client id above Ana's — walks past it and past the
// live value (whose origin is in the scanned part): it lands last and empties x. landsLast
// takes getItem(origin) whole and starts at its right, the live value, whose origin it does
// not find among the scanned items, and answers "not last".
it('refuses a deleted value after the first clock of a merged run of superseded values (it empties the key)', async () => {
  const { boardId, ana, observer, beliefId } = await boardWithBelief('Merged run');
  for (const x of [10, 20, 30]) {
    moveBeliefs(ana.doc, [{ id: beliefId, x, y: 0 }], 'ana');
    await waitFor(() => beliefFields(observer.doc, beliefId).get('x') === x, 5_000, `the relay to hold x=${x}`);
  }
  const chain = keyValueIds(beliefFields(ana.doc, beliefId), 'x');
  const sent = await sendAsAttacker(boardId, updateOfItems([itemAfter(3_000, 0, chain[1], new Y.ContentDeleted(1))]));
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(beliefFields(observer.doc, beliefId).has('x'), 'the note keeps its x').toBe(true);
  expectPlaceRefused(sent, /without its place/);
});

// Attack 1b: the same on colour, with no help from anyone: the attacker recolours the note
// three times (an editor may), then empties its colour with the crafted value.
it("refuses the attacker's own merged run turned into a removal of a note's colour", async () => {
  const { boardId, ana, observer, beliefId } = await boardWithBelief('Own run');
  const dee = connectProvider(relay!.wsUrl, boardId, { as: 'dee', doc: docWithClient(2_000) });
  clients.push(dee);
  await waitSynced(dee.provider);
  await waitFor(() => beliefFields(dee.doc, beliefId) !== undefined, 5_000, 'Dee to see the belief');
  for (const color of ['blue', 'green', 'pink'] as const) {
    setBeliefColor(dee.doc, [beliefId], color, 'dee');
    await waitFor(() => beliefFields(observer.doc, beliefId).get('color') === color, 5_000, `the relay to hold ${color}`);
  }
  const chain = keyValueIds(beliefFields(dee.doc, beliefId), 'color');
  const sent = await sendAsAttacker(boardId, updateOfItems([itemAfter(3_000, 0, chain[1], new Y.ContentDeleted(1))]), 'dee');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(beliefFields(observer.doc, beliefId).has('color'), 'the note keeps its colour').toBe(true);
  expect(beliefFields(ana.doc, beliefId).has('color')).toBe(true);
  expectPlaceRefused(sent, /without its colour/);
});

// Attack 2: a valid value and, in the same update, a deleted value right after it. The
// change "writes" (values = [5]) so it is judged a set and removesValue is never asked;
// Yjs integrates the value (deleting the live one), then the deleted value after it
// (deleting the new one): the key is empty.
it('refuses a value followed in the same update by a deleted value after it (it empties the key)', async () => {
  const { boardId, observer, beliefId } = await boardWithBelief('Set then bury');
  const live = keyValueIds(beliefFields(observer.doc, beliefId), 'x').at(-1)!;
  const sent = await sendAsAttacker(
    boardId,
    updateOfItems([itemAfter(3_000, 0, live, new Y.ContentAny([5]) as Content), itemAfter(3_000, 1, Y.createID(3_000, 0), new Y.ContentDeleted(1))]),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(beliefFields(observer.doc, beliefId).has('x'), 'the note keeps its x').toBe(true);
  expectPlaceRefused(sent, /without its place/);
});

// Attack 3: a valid value and a delete set deleting that very value. Deletions of the
// update's own new structs are checked for presence only (readDeletion), never judged.
it('refuses a value whose deletion comes in the same update (it empties the key)', async () => {
  const { boardId, observer, beliefId } = await boardWithBelief('Set then delete');
  const live = keyValueIds(beliefFields(observer.doc, beliefId), 'y').at(-1)!;
  const sent = await sendAsAttacker(boardId, updateOfItems([itemAfter(3_000, 0, live, new Y.ContentAny([5]) as Content)], [{ client: 3_000, clock: 0, len: 1 }]));
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(beliefFields(observer.doc, beliefId).has('y'), 'the note keeps its y').toBe(true);
  expectPlaceRefused(sent, /without its place/);
});

// Attack 4: someone else's comment. A deleted value under a comment key is judged a "set"
// with no values, and judgeComment checks authorship only per value: none. With a merged
// run of the author's own two edits, the crafted value lands last and deletes the comment.
it("refuses a crafted deleted value that removes someone else's comment", async () => {
  const { boardId, ana, observer, beliefId } = await boardWithBelief('Not your comment');
  const commentId = addComment(ana.doc, { beliefId, authorId: 'ana', text: 'first' }, 'ana');
  await waitFor(() => commentsMap(observer.doc).get(commentId)?.text === 'first', 5_000, 'the relay to hold the comment');
  for (const text of ['second', 'third']) {
    editComment(ana.doc, commentId, { text }, 'ana');
    await waitFor(() => commentsMap(observer.doc).get(commentId)?.text === text, 5_000, `the relay to hold "${text}"`);
  }
  const chain = keyValueIds(commentsMap(ana.doc) as Y.Map<unknown>, commentId);
  const { close } = await sendAsAttacker(boardId, updateOfItems([itemAfter(3_000, 0, chain[0], new Y.ContentDeleted(1))]));
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(commentsMap(observer.doc).get(commentId)?.text, 'Ana’s comment stays').toBe('third');
  expect(close?.code).toBe(CLOSE.forbiddenChange);
});

// Attack 5: a deleted value, placed before the last value, under the key of a comment that
// was deleted: it changes nothing, and the rules must judge it so — they read the value of
// a comment it did not bring (values.at(-1).parentId) and threw. The relay stays up for
// everyone else either way.
it('stays up for others after a deleted value under a deleted comment key', async () => {
  const { boardId, ana, observer, beliefId } = await boardWithBelief('Gone comment');
  const commentId = addComment(ana.doc, { beliefId, authorId: 'ana', text: 'first' }, 'ana');
  // Something else in between, so her two values stay two structs (not one merged run).
  moveBeliefs(ana.doc, [{ id: beliefId, x: 1, y: 0 }], 'ana');
  editComment(ana.doc, commentId, { text: 'second' }, 'ana');
  deleteComment(ana.doc, commentId, 'ana');
  const other = addComment(ana.doc, { beliefId, authorId: 'ana', text: 'still here' }, 'ana');
  await waitFor(() => commentsMap(observer.doc).get(other) !== undefined && !commentsMap(observer.doc).has(commentId), 5_000, 'the relay to hold it');
  const chain = keyValueIds(commentsMap(ana.doc) as Y.Map<unknown>, commentId);
  // Under a client id below Ana's: Yjs would place it between her two values.
  const { close } = await sendAsAttacker(boardId, updateOfItems([itemAfter(500, 0, chain[0], new Y.ContentDeleted(1))]));
  // Judged, not thrown on: it changes nothing under a key no one holds any more (the
  // rules read a value of the comment it did not bring, and closed the socket as broken).
  expect(close, 'the relay judged it rather than failing on it').toBeNull();
  moveBeliefs(ana.doc, [{ id: beliefId, x: 42, y: 0 }], 'ana');
  await waitFor(() => beliefFields(observer.doc, beliefId).get('x') === 42, 5_000, 'the relay to go on relaying');
  expect(commentsMap(observer.doc).has(commentId), 'the deleted comment stays deleted').toBe(false);
  expect(commentsMap(observer.doc).get(other)?.text).toBe('still here');
});

// Attack 6 (CPU): 10,000 one-clock structs of a fresh client chained under one key, and a
// delete set of 10,000 ranges each covering all of them (≈ 130 KB). Read range by range,
// that was ranges × structs lookups — 1.4–1.8 s for half as many, growing with the square
// — while the relay's one thread served no board. Yjs writes a delete set sorted and
// merged, so one whose ranges overlap is refused unread (the relay now takes ≈ 30 ms). The
// bound is twenty times that: what it catches is a relay stalled for seconds.
it('refuses a delete set of overlapping ranges at once, and keeps serving others', async () => {
  const { boardId, ana, observer, beliefId } = await boardWithBelief('Many ranges');
  const live = keyValueIds(beliefFields(observer.doc, beliefId), 'x').at(-1)!;
  const count = 10_000;
  const items = Array.from({ length: count }, (_, i) => itemAfter(3_000, i, i === 0 ? live : Y.createID(3_000, i - 1), new Y.ContentDeleted(1)));
  const update = updateOfItems(items, Array.from({ length: count }, () => ({ client: 3_000, clock: 0, len: count })));
  const peer = await openJoinedSocket(`${boardSocketUrl(relay!.wsUrl, boardId)}&${new URLSearchParams(participantParams('dee'))}`);
  sockets.push(peer);
  const closed = closeOf(peer);
  const started = performance.now();
  peer.send(encodeUpdateMessage(update));
  moveBeliefs(ana.doc, [{ id: beliefId, x: 42, y: 0 }], 'ana');
  await waitFor(() => beliefFields(observer.doc, beliefId).get('x') === 42, 60_000, 'the relay to relay Ana’s move');
  const othersWaited = performance.now() - started;
  const close = await closed;
  console.log(`overlapping delete set: ${update.length} bytes; Ana's move reached the observer after ${Math.round(othersWaited)} ms`);
  expect(close.code).toBe(CLOSE.forbiddenChange);
  expect(beliefFields(observer.doc, beliefId).get('x')).toBe(42);
  expect(othersWaited, 'how long one message held everyone else').toBeLessThan(2_000);
});
