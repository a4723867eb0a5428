// Through the real relay, from one participant link (raw socket): where the rules cannot
// tell where a key's new values land (all first values on a held key; placing past the
// board's ration or MAX_PLACED_STRUCTS) the key counts as emptied, and its values are still
// judged as a set — a comment re-signed as someone else's, a belief added in another's name
// with fields addBelief never writes, a hide record of the wrong shape were let through, and
// an attacker spending the ration held the relay for seconds (found by a hostile review).
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { addBelief } from '../../shared/model.ts';
import { addComment, commentsMap } from '../../shared/comments.ts';
import { ROOT } from '../../shared/schema.ts';
import { docWithClient, itemAfter, mapEntryItem, updateOfItems, type Content } from '../helpers/hostile.ts';
import { closeOf, openJoinedSocket, refusalsOf, type CloseInfo } from '../helpers/rawSocket.ts';
import { accessOf, boardSocketUrl, connectProvider, participantParams, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';
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

const ATTACKER = 0xfffffff0;

async function sendAsAttacker(boardId: string, update: Uint8Array, as = 'dee', role: 'edit' | 'facilitate' = 'edit'): Promise<{ close: CloseInfo | null; refusals: string[] }> {
  const peer = await openJoinedSocket(`${boardSocketUrl(relay!.wsUrl, boardId, role)}&${new URLSearchParams(participantParams(as))}`);
  sockets.push(peer);
  const closed = closeOf(peer);
  const refusals = refusalsOf(peer);
  peer.send(encodeUpdateMessage(update));
  const close = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000))]);
  return { close, refusals };
}

async function board(title: string) {
  relay = await startTestRelay();
  const boardId = await relay.createBoard(title);
  const ana = connectProvider(relay.wsUrl, boardId, { as: 'ana', doc: docWithClient(1_000) });
  const dee = connectProvider(relay.wsUrl, boardId, { as: 'dee', doc: docWithClient(2_000) });
  const observer = connectProvider(relay.wsUrl, boardId, { as: 'cy', doc: docWithClient(9_000_000) });
  clients.push(ana, dee, observer);
  await Promise.all([waitSynced(ana.provider), waitSynced(dee.provider), waitSynced(observer.provider)]);
  const beliefId = addBelief(ana.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'ana' }, 'ana');
  await waitFor(() => observer.doc.getMap(ROOT.beliefs).has(beliefId), 5_000, 'the observer to see the belief');
  return { boardId, ana, dee, observer, beliefId };
}

it('a participant cannot put their own comment under someone else’s name', async () => {
  const { boardId, dee, observer, beliefId } = await board('Comment');
  const id = addComment(dee.doc, { beliefId, authorId: 'dee', text: 'Ship it' }, 'dee');
  await waitFor(() => commentsMap(observer.doc).has(id), 5_000, 'the observer to see Dee’s comment');
  const stored = commentsMap(observer.doc).get(id)!;
  const dead = mapEntryItem(ATTACKER, 0, ROOT.comments, id, new Y.ContentDeleted(1));
  const live = itemAfter(ATTACKER, 1, Y.createID(ATTACKER, 0), new Y.ContentAny([{ ...stored, authorId: 'ana', text: 'I, Ana, withdraw my belief' }]) as Content);
  const sent = await sendAsAttacker(boardId, updateOfItems([dead, live]));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(commentsMap(observer.doc).get(id)?.authorId, 'the comment stays Dee’s').toBe('dee');
});

it('a participant cannot add a belief in someone else’s name with fields addBelief never writes', async () => {
  const { boardId, observer } = await board('Belief');
  const items: Y.Item[] = [mapEntryItem(ATTACKER, 0, ROOT.beliefs, 'forged', new Y.ContentDeleted(1))];
  let clock = 1;
  // First values written deleted, each its own struct: more than MAX_PLACED_STRUCTS to place.
  for (; clock <= 10_001; clock++) items.push(itemAfter(ATTACKER, clock, Y.createID(ATTACKER, clock - 1), new Y.ContentDeleted(1)));
  const map = itemAfter(ATTACKER, clock, Y.createID(ATTACKER, clock - 1), new Y.ContentType(new Y.Map()) as Content);
  items.push(map);
  clock++;
  for (const [key, value] of Object.entries({ authorId: 'ana', createdAt: 1, x: 10, y: 10, color: 'yellow', extra: 'unjudged' })) {
    items.push(new Y.Item(Y.createID(ATTACKER, clock++), null, null, null, null, map.id as unknown as Y.AbstractType<any>, key, new Y.ContentAny([value]) as Content));
  }
  const update = updateOfItems(items);
  const sent = await sendAsAttacker(boardId, update);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const forged = observer.doc.getMap(ROOT.beliefs).get('forged') as Y.Map<unknown> | undefined;
  expect(forged?.get('authorId'), 'no belief in Ana’s name from Dee').toBeUndefined();
});

it('a facilitator’s crafted hide record does not throw inside the relay', async () => {
  const { boardId, ana, dee, observer, beliefId } = await board('Hide');
  const id = addComment(dee.doc, { beliefId, authorId: 'dee', text: 'Ship it' }, 'dee');
  await waitFor(() => commentsMap(observer.doc).has(id), 5_000, 'the observer to see Dee’s comment');
  const fiona = connectProvider(relay!.wsUrl, boardId, { as: 'fiona', secret: accessOf(boardId).secrets.facilitate, doc: docWithClient(3_000) });
  clients.push(fiona);
  await waitSynced(fiona.provider);
  fiona.doc.getMap(ROOT.hiddenComments).set(id, { by: 'fiona', at: 1 });
  await waitFor(() => observer.doc.getMap(ROOT.hiddenComments).has(id), 5_000, 'the hide to reach the observer');
  const dead = mapEntryItem(ATTACKER, 0, ROOT.hiddenComments, id, new Y.ContentDeleted(1));
  const live = itemAfter(ATTACKER, 1, Y.createID(ATTACKER, 0), new Y.ContentAny([null]) as Content);
  const sent = await sendAsAttacker(boardId, updateOfItems([dead, live]), 'fiona', 'facilitate');
  addBelief(ana.doc, { text: 'Still alive?', x: 1, y: 1, authorId: 'ana' }, 'ana');
  await waitFor(() => observer.doc.getMap(ROOT.beliefs).size === 2, 5_000, 'the relay to carry on');
  expect(sent.close?.code ?? null, 'closed as forbidden, not by an exception').not.toBe(1011);
});

it('an attacker spending the board’s placement ration does not get honest moves cut out', async () => {
  const { boardId, ana, dee, observer, beliefId } = await board('Ration');
  const beliefOf = (doc: Y.Doc) => doc.getMap(ROOT.beliefs).get(beliefId) as Y.Map<unknown>;
  // Ana's other tab, offline: it moves the note twice while Dee moves it.
  const offline = docWithClient(4_000);
  Y.applyUpdate(offline, Y.encodeStateAsUpdate(observer.doc));
  const { moveBeliefs } = await import('../../shared/model.ts');
  moveBeliefs(dee.doc, [{ id: beliefId, x: 5, y: 5 }], 'dee');
  await waitFor(() => beliefOf(observer.doc).get('x') === 5, 5_000, 'Dee’s move');
  const before = Y.encodeStateVector(offline);
  moveBeliefs(offline, [{ id: beliefId, x: 7, y: 7 }], 'ana');
  moveBeliefs(offline, [{ id: beliefId, x: 8, y: 8 }], 'ana');
  const honest = Y.encodeStateAsUpdate(offline, before);
  // The attacker: updates of 9 999 first values written deleted under fresh comment ids (harmless, applied).
  const drain = (n: number) => {
    const client = 0xfffff000;
    const start = n * 9_999;
    const items: Y.Item[] = [mapEntryItem(client, start, ROOT.comments, `drain${n}`, new Y.ContentDeleted(1))];
    for (let clock = start + 1; clock < start + 9_999; clock++) items.push(itemAfter(client, clock, Y.createID(client, clock - 1), new Y.ContentDeleted(1)));
    return updateOfItems(items);
  };
  const attacker = await openJoinedSocket(`${boardSocketUrl(relay!.wsUrl, boardId)}&${new URLSearchParams(participantParams('mallory'))}`);
  sockets.push(attacker);
  const attackerClosed = closeOf(attacker);
  const attackerRefusals = refusalsOf(attacker);
  const t0 = performance.now();
  for (let n = 0; n < 4; n++) attacker.send(encodeUpdateMessage(drain(n)));
  // How long the relay's one thread is held: Ana's live move, sent right after the drains, reaching the observer.
  const t1 = performance.now();
  moveBeliefs(ana.doc, [{ id: beliefId, x: 6, y: 6 }], 'ana');
  await waitFor(() => beliefOf(observer.doc).get('x') === 6, 30_000, 'Ana’s live move');
  const heldMs = performance.now() - t1;
  const sent = await sendAsAttacker(boardId, honest, 'ana');
  expect(heldMs, 'four updates of 90 KB hold the relay (every board on it) for under a second').toBeLessThan(1_000);
  expect(sent.refusals, 'Ana’s moves are taken in').toEqual([]);
});
