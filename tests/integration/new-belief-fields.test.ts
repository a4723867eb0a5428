// A participant's raw socket adds a note whose author field holds two first values, the
// last written naming the sender and the one Yjs keeps naming someone else: refused, and
// nobody sees a note signed by another (real relay; found by a hostile review).
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { updateOfItems, type Content } from '../helpers/hostile.ts';
import { closeOf, openJoinedSocket, type CloseInfo } from '../helpers/rawSocket.ts';
import { boardSocketUrl, connectProvider, participantParams, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';
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

async function sendAs(boardId: string, update: Uint8Array, as: string): Promise<CloseInfo | null> {
  const peer = await openJoinedSocket(`${boardSocketUrl(relay!.wsUrl, boardId)}&${new URLSearchParams(participantParams(as))}`);
  sockets.push(peer);
  const closed = closeOf(peer);
  peer.send(encodeUpdateMessage(update));
  return Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 700))]);
}

const C = 31_337;
const parent = (clock: number) => Y.createID(C, clock) as unknown as Y.AbstractType<any>;
const field = (clock: number, key: string, value: unknown) => new Y.Item(Y.createID(C, clock), null, null, null, null, parent(0), key, new Y.ContentAny([value]) as Content);

/** addBelief by hand, with `authors` written as first values of authorId, in this order. */
function craftedBelief(beliefId: string, authors: string[]): Y.Item[] {
  const items = [
    new Y.Item(Y.createID(C, 0), null, null, null, null, 'beliefs' as unknown as Y.AbstractType<any>, beliefId, new Y.ContentType(new Y.Map()) as Content),
    new Y.Item(Y.createID(C, 1), null, null, null, null, parent(0), 'text', new Y.ContentType(new Y.Text()) as Content),
    new Y.Item(Y.createID(C, 2), null, null, null, null, parent(1), null, new Y.ContentString('Ana thinks we should cut the budget') as Content),
  ];
  let clock = 2 + 35;
  for (const [key, value] of [['x', 100], ['y', 100], ['color', 'yellow'], ['createdAt', 1_700_000_000_000]] as const) items.push(field(clock++, key, value));
  for (const author of authors) items.push(field(clock++, 'authorId', author));
  return items;
}

it("does not let a participant add a note in someone else's name", async () => {
  relay = await startTestRelay();
  const boardId = await relay.createBoard('Forged author');
  const observer = connectProvider(relay.wsUrl, boardId, { as: 'cy' });
  clients.push(observer);
  await waitSynced(observer.provider);
  // Dee writes authorId twice, 'ana' then 'dee': the rules read 'dee' (the last in the
  // update), Yjs keeps 'ana' (a second first value of the same client lands before the first).
  const close = await sendAs(boardId, updateOfItems(craftedBelief('forged', ['ana', 'dee'])), 'dee');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const note = observer.doc.getMap('beliefs').get('forged') as Y.Map<unknown> | undefined;
  expect({ closed: close?.code ?? null, author: note?.get('authorId') ?? null }).not.toMatchObject({ closed: null, author: 'ana' });
});
