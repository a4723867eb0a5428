// The tabs of one browser keep a board in step over the BroadcastChannel as well as
// through the relay (client/state/boardProvider.ts). A tab greets the others with its state
// vector and presence, and sends its whole document only once another tab answers: alone,
// it encodes nothing (for a big board that was 0.45 s of a cold load). Node has
// BroadcastChannel; two providers of one process meet on lib0's channel as two tabs do.
import { afterEach, describe, expect, it } from 'vitest';
import * as bc from 'lib0/broadcastchannel';
import net from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BoardProvider } from '../../client/state/boardProvider.ts';
import { newId } from '../../shared/ids.ts';
import { addBelief, listBeliefs } from '../../shared/model.ts';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { accessOf, participantParams, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay | undefined;
const opened: BoardProvider[] = [];
afterEach(async () => {
  for (const provider of opened.splice(0)) provider.destroy();
  await relay?.close();
  relay = undefined;
});

/** A tab's provider as the page makes it, the channel on. */
function tab(wsUrl: string, boardId: string, doc: Y.Doc, me = AUTHOR, secret = accessOf(boardId).secrets.edit): BoardProvider {
  const provider = new BoardProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { [ACCESS_KEY_PARAM]: secret, ...participantParams(me) },
  });
  opened.push(provider);
  return provider;
}

/** A port nothing listens on: the tabs' relay is unreachable, as when offline. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const AUTHOR = newId();

function boardWith(texts: string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const text of texts) addBelief(doc, { text, x: 0, y: 0, authorId: AUTHOR }, null);
  return doc;
}

const texts = (doc: Y.Doc) => listBeliefs(doc).map((belief) => belief.text).sort();

describe('the tabs of one browser', () => {
  it('a tab alone greets the channel without encoding its document, and still syncs with the relay', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('One tab');
    const doc = boardWith(Array.from({ length: 200 }, (_, i) => `Belief ${i}: ${'a statement long enough to make the board weigh something. '.repeat(5)}`));
    const whole = Y.encodeStateAsUpdate(doc).byteLength;
    expect(whole, 'the board is big enough for the check to mean something').toBeGreaterThan(50_000);
    const sent: number[] = [];
    // Listens to the channel as any code of another tab would, without answering.
    const listen = (data: Uint8Array) => sent.push(data.byteLength);
    bc.subscribe(`${relay.wsUrl}/${boardId}`, listen);
    try {
      const provider = tab(relay.wsUrl, boardId, doc);
      await waitSynced(provider);
      expect(sent.length, 'it greeted the channel').toBeGreaterThanOrEqual(3);
      expect(Math.max(...sent), `no message near the whole document's ${whole} bytes`).toBeLessThan(2_000);
      const reader = new Y.Doc();
      const other = tab(relay.wsUrl, boardId, reader, newId());
      await waitFor(() => listBeliefs(reader).length === 200, 5_000, 'the board to reach the relay and a second tab');
      other.destroy();
    } finally {
      bc.unsubscribe(`${relay.wsUrl}/${boardId}`, listen);
    }
  });

  it('tabs without the relay each get what the others hold, the first and the last to open', async () => {
    const url = `ws://127.0.0.1:${await deadPort()}`;
    const boardId = newId();
    const first = boardWith(['Written in the first tab']);
    const second = boardWith(['Written in the second tab', 'And another']);
    const offline = (doc: Y.Doc) => tab(url, boardId, doc, AUTHOR, 'no relay to check it');
    offline(first);
    offline(second);
    await waitFor(() => texts(first).length === 3 && texts(second).length === 3, 5_000, 'the two tabs to exchange their documents');
    expect(texts(first)).toEqual(texts(second));
    const third = new Y.Doc();
    offline(third);
    await waitFor(() => texts(third).length === 3, 5_000, 'a third tab to get both');
    // And an edit after the greeting goes to every tab, as before.
    addBelief(third, { text: 'Written in the third tab', x: 0, y: 0, authorId: AUTHOR }, null);
    await waitFor(() => texts(first).length === 4 && texts(second).length === 4, 5_000, 'the third tab\'s edit to reach the others');
  });

  it('a provider with the channel off opens none, and a tab closes its own as it goes', async () => {
    // lib0 opens the channel of any room it is asked to unsubscribe from: one left open
    // keeps a Node process (a test run) alive, and a page's channel would outlive its board.
    const channels = () => process.getActiveResourcesInfo().filter((resource) => resource === 'MessagePort').length;
    const before = channels();
    const url = `ws://127.0.0.1:${await deadPort()}`;
    const socket = WebSocket as unknown as typeof globalThis.WebSocket;
    const off = new BoardProvider(url, newId(), new Y.Doc(), { WebSocketPolyfill: socket, disableBc: true });
    off.destroy();
    expect(channels(), 'none opened with the channel off').toBe(before);
    const on = new BoardProvider(url, newId(), new Y.Doc(), { WebSocketPolyfill: socket });
    expect(channels(), 'a tab opens its board\'s channel').toBe(before + 1);
    on.destroy();
    await waitFor(() => channels() === before, 2_000, 'the channel to close with the tab');
  });
});
