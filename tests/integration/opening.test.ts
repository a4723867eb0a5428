// Opening a big board: the relay starts loading it when the page asks what its link grants
// (before the page's socket arrives), a browser still reading the board's first reply
// is not cut off by the backlog cap when a colleague changes something meanwhile, and a
// newcomer holds the whole board as it is when its first sync completes, also when the
// relay sends it the board as it was plus the changes since (server/relay/wholeBoard.ts).
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { bearer } from '../../shared/access.ts';
import WebSocket from 'ws';
import { newId } from '../../shared/ids.ts';
import { addComment, deleteComment } from '../../shared/comments.ts';
import { addBelief, listBeliefs, setBeliefText, setBoardTitle, setPosition, upsertParticipant } from '../../shared/model.ts';
import { beliefsMap, SCALE } from '../../shared/schema.ts';
import { CLOSE, messageCompressed } from '../../shared/protocol.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';
import { accessOf, boardSocketUrl, boardsLoaded, connectProvider, participantParams, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});


/** A board of `beliefs` notes with 30 people's positions on each, written through the store. */
async function fillBoard(target: TestRelay, boardId: string, beliefs: number): Promise<number> {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < beliefs; i++) {
      const id = addBelief(doc, { text: `Belief number ${i}: we ship small changes more often than we think we do`, x: (i % 40) * 240, y: Math.floor(i / 40) * 210, authorId: 'p-0' }, 'test');
      for (let p = 0; p < 30; p++) setPosition(doc, id, `p-${p}`, { agreement: SCALE[(i + p) % 5], direction: null }, 'test');
    }
  }, 'test');
  const update = Y.encodeStateAsUpdate(doc);
  await target.server.close();
  const store = await target.openStore();
  try {
    await store.appendUpdate(boardId, update);
    await store.compact(boardId);
  } finally {
    await store.close();
  }
  await target.restart();
  return update.length;
}

describe('opening a board', () => {
  it('loads the board when a page asks what its link grants, and lets it go when no socket follows', async () => {
    relay = await startTestRelay({ idleUnloadMs: 300 });
    const boardId = await relay.createBoard('Loaded ahead');
    await relay.restart();
    const url = relay.server.url;
    expect(await boardsLoaded(url)).toBe(0);

    // A wrong secret loads nothing.
    const refused = await fetch(`${url}/api/boards/${boardId}/access`, { headers: { Authorization: bearer('x'.repeat(22)) } });
    expect(refused.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await boardsLoaded(url)).toBe(0);

    const asked = await fetch(`${url}/api/boards/${boardId}/access`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } });
    expect(asked.status).toBe(200);
    await waitFor(async () => (await boardsLoaded(url)) === 1, 2_000, 'the board to load ahead of its socket');
    // Nobody connected: unloaded after the idle time, as any board left alone.
    await waitFor(async () => (await boardsLoaded(url)) === 0, 3_000, 'the board to unload again');

    // Asked, then connected: the same room serves the socket.
    await fetch(`${url}/api/boards/${boardId}/access`, { headers: { Authorization: bearer(accessOf(boardId).secrets.edit) } });
    const fiona = connectProvider(relay.wsUrl, boardId, { secret: accessOf(boardId).secrets.facilitate, as: 'fiona' });
    await waitSynced(fiona.provider);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await boardsLoaded(url)).toBe(1);

    // The name form's title comes from the loaded room: a rename made a moment ago is in it.
    setBoardTitle(fiona.doc, 'Renamed just now', 'fiona');
    const title = async () =>
      ((await (await fetch(`${url}/api/boards/${boardId}/access?title=1`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } })).json()) as { title?: string }).title;
    await waitFor(async () => (await title()) === 'Renamed just now', 3_000, 'the new title');
    fiona.destroy();
  });

  it('does not cut off a browser still reading a board bigger than the backlog cap when a colleague changes something', async () => {
    // Before: the first reply's allowance over the cap was cleared as the reply was sent,
    // so the next message to a browser still reading it (a colleague's change, a cursor)
    // closed its socket as too slow, again on every reconnect under a busy room.
    const cap = 64 * 1024;
    relay = await startTestRelay({ limits: { maxSocketBacklogBytes: cap } });
    const boardId = await relay.createBoard('Big');
    const bytes = await fillBoard(relay, boardId, 4_000);
    // Larger than loopback TCP takes in its buffers (4 MB each way here), so the relay holds the rest.
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);

    const fiona = connectProvider(relay.wsUrl, boardId, { secret: accessOf(boardId).secrets.facilitate, as: 'fiona' });
    await waitSynced(fiona.provider, 10_000);
    const reader = new WorkshopClient(relay.wsUrl, boardId, { role: 'view' });
    // Stops reading as soon as it has asked for the board, like a browser busy loading.
    reader.rawSocket.once('open', () => (reader.rawSocket as unknown as { _socket: { pause(): void } })._socket.pause());
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Meanwhile a colleague writes: the relay sends it to the reader too.
    const belief = addBelief(fiona.doc, { text: 'Written while the reader was loading', x: 0, y: 0, authorId: 'fiona' }, 'fiona');
    await new Promise((resolve) => setTimeout(resolve, 300));
    (reader.rawSocket as unknown as { _socket: { resume(): void } })._socket.resume();

    await waitFor(() => reader.synced || reader.closed !== null, 10_000, 'the reader to sync');
    expect(reader.closed, `closed with ${reader.closed?.code} (tooSlow is ${CLOSE.tooSlow})`).toBeNull();
    await waitFor(() => beliefsMap(reader.doc).has(belief), 5_000, 'the colleague’s belief to reach the reader');
    await reader.close();
    fiona.destroy();
  });
  it('gives a newcomer the whole board as it is by the time its first sync completes, while someone writes', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Arrivals');
    const writerId = newId();
    const writer = connectProvider(relay.wsUrl, boardId, { as: writerId });
    await waitSynced(writer.provider);
    const before = Array.from({ length: 20 }, (_, i) => addBelief(writer.doc, { text: `Before ${i}`, x: i * 240, y: 0, authorId: writerId }, 'test'));
    // The first arrival has the relay make the whole board's reply.
    const first = connectProvider(relay.wsUrl, boardId);
    await waitSynced(first.provider);
    await waitFor(() => listBeliefs(first.doc).length === 20, 5_000, 'the first arrival to hold the board');
    // Then new beliefs, and edits of earlier ones that build on what that reply holds.
    for (let i = 0; i < 20; i++) addBelief(writer.doc, { text: `After ${i}`, x: i * 240, y: 300, authorId: writerId }, 'test');
    for (const id of before.slice(0, 5)) setBeliefText(writer.doc, id, `Edited ${id.slice(0, 4)}`, 'test');
    const texts = (doc: Y.Doc) => listBeliefs(doc).map((belief) => belief.text).sort();
    await waitFor(() => JSON.stringify(texts(first.doc)) === JSON.stringify(texts(writer.doc)), 5_000, 'the relay to take every change');

    // What a browser holds when its first sync completes is what it takes as the board.
    const newcomer = connectProvider(relay.wsUrl, boardId, { connect: false });
    let atSync: string[] | null = null;
    newcomer.provider.on('sync', (synced: boolean) => {
      if (synced && atSync === null) atSync = texts(newcomer.doc);
    });
    newcomer.provider.connect();
    await waitFor(() => atSync !== null, 5_000, 'the newcomer to sync');
    expect(atSync).toEqual(texts(writer.doc));
    expect(atSync).toHaveLength(40);
    for (const provider of [writer, first, newcomer]) provider.destroy();
  });
  it('sends a big first state deflated to a browser that reads it, handed on in order with what follows it, and as it is to one that does not', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Deflated');
    const bytes = await fillBoard(relay, boardId, 300);
    const writerId = newId();
    const writer = connectProvider(relay.wsUrl, boardId, { as: writerId });
    await waitSynced(writer.provider);
    const mine = listBeliefs(writer.doc).slice(0, 40).map((belief) => belief.id);

    /**
     * A newcomer, and its messages as they arrive and as its provider is handed them: the
     * type, and for a sync message its kind (1: step 2, 2: an update).
     */
    const arrive = (compressed: boolean) => {
      const newcomer = connectProvider(relay!.wsUrl, boardId, { compressed, connect: false });
      const arrived: { kind: string; bytes: number }[] = [];
      const handed: string[] = [];
      const handlers = newcomer.provider.messageHandlers;
      handlers.forEach((handler, type) => {
        handlers[type] = (encoder, decoder, ...rest) => {
          handed.push(type === 0 ? `0:${decoding.peekVarUint(decoder)}` : String(type));
          handler(encoder, decoder, ...rest);
        };
      });
      newcomer.provider.connect();
      newcomer.provider.ws!.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
        const [type, syncKind] = new Uint8Array(event.data);
        arrived.push({ kind: type === messageCompressed ? 'compressed' : type === 0 ? `0:${syncKind}` : String(type), bytes: event.data.byteLength });
      });
      return { ...newcomer, arrived, handed };
    };
    // Someone writes all the while the newcomer arrives, so messages come on the heels of the board.
    let writing = true;
    const writes = (async () => {
      for (let i = 0; writing; i++) {
        setBeliefText(writer.doc, mine[i % mine.length]!, `Rewritten ${i}`, 'test');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const deflating = arrive(true);
    const plain = arrive(false);
    await Promise.all([waitSynced(deflating.provider, 10_000), waitSynced(plain.provider, 10_000)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    writing = false;
    await writes;
    const texts = (doc: Y.Doc) => listBeliefs(doc).map((belief) => `${belief.id} ${belief.text}`).sort();
    await waitFor(() => JSON.stringify(texts(deflating.doc)) === JSON.stringify(texts(writer.doc)), 5_000, 'the deflating newcomer to hold the board');
    await waitFor(() => JSON.stringify(texts(plain.doc)) === JSON.stringify(texts(writer.doc)), 5_000, 'the plain newcomer to hold the board');

    const board = deflating.arrived.find((message) => message.kind === 'compressed');
    expect(board, 'the board came compressed').toBeDefined();
    expect(board!.bytes).toBeLessThan(bytes / 5);
    expect(deflating.arrived.indexOf(board!), 'messages came after it').toBeLessThan(deflating.arrived.length - 1);
    // Handed on in the order they came, the compressed one as the sync step 2 inside it.
    expect(deflating.handed).toEqual(deflating.arrived.map((message) => (message.kind === 'compressed' ? '0:1' : message.kind)));
    expect(plain.arrived.map((message) => message.kind)).not.toContain('compressed');
    expect(Math.max(...plain.arrived.map((message) => message.bytes))).toBeGreaterThan(bytes);
    for (const provider of [writer, deflating, plain]) provider.destroy();
  });
  it('never sends a newcomer what was taken away: a deleted comment, a removed participant, from the store or from changes kept since', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Gone for every link');
    const fionaId = newId();
    const fiona = connectProvider(relay.wsUrl, boardId, { as: fionaId, secret: accessOf(boardId).secrets.facilitate });
    await waitSynced(fiona.provider);
    const belief = addBelief(fiona.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fionaId }, 'test');
    /** Everything the relay sends a newcomer with nothing of the board, as bytes. */
    const newcomerReceives = async (): Promise<string> => {
      const url = `${boardSocketUrl(relay!.wsUrl, boardId)}&${new URLSearchParams(participantParams(newId()))}`;
      const socket = new WebSocket(url);
      const received: Buffer[] = [];
      socket.on('message', (data: Buffer) => received.push(data));
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(new Uint8Array([0, 0, 1, 0]));
      await waitFor(() => received.some((data) => data[0] === 0 && data[1] === 1), 5_000, 'the sync step 2');
      socket.close();
      return Buffer.concat(received).toString('latin1');
    };
    const said = (words: string) => {
      const id = addComment(fiona.doc, { beliefId: belief, authorId: fionaId, text: words }, 'test');
      return id;
    };

    // From the store: written, deleted, the relay restarted.
    deleteComment(fiona.doc, said('STORED-WORDS-TAKEN-BACK'), 'test');
    await waitFor(async () => !(await newcomerReceives()).includes('STORED-WORDS'), 5_000, 'the deletion to reach the relay');
    fiona.destroy();
    await relay.restart();
    expect(await newcomerReceives(), 'the first newcomer after a restart').not.toContain('STORED-WORDS');

    // From changes kept since the whole board was made: a newcomer makes it, then words come and go.
    const again = connectProvider(relay.wsUrl, boardId, { as: fionaId, secret: accessOf(boardId).secrets.facilitate });
    await waitSynced(again.provider);
    await newcomerReceives();
    const kept = addComment(again.doc, { beliefId: belief, authorId: fionaId, text: 'KEPT-WORDS-STAY' }, 'test');
    const gone = addComment(again.doc, { beliefId: belief, authorId: fionaId, text: 'LIVE-WORDS-TAKEN-BACK' }, 'test');
    await waitFor(async () => (await newcomerReceives()).includes('LIVE-WORDS'), 5_000, 'the comment to reach newcomers');
    deleteComment(again.doc, gone, 'test');
    await waitFor(async () => !(await newcomerReceives()).includes('LIVE-WORDS'), 5_000, 'the deleted words to leave what newcomers get');
    expect(await newcomerReceives()).toContain('KEPT-WORDS-STAY');
    expect(kept).not.toBe(gone);

    // A removed participant, named in changes kept since: a newcomer makes the whole board,
    // then Carl joins under a name and answers, then the facilitator removes him.
    await newcomerReceives();
    const carlId = newId();
    const carl = connectProvider(relay.wsUrl, boardId, { as: carlId, secret: accessOf(boardId).secrets.edit });
    await waitSynced(carl.provider);
    upsertParticipant(carl.doc, { id: carlId, name: 'CARL-NAME-REMOVED', color: '#1971c2' }, 'test');
    setPosition(carl.doc, belief, carlId, { agreement: -2, direction: -2 }, 'test');
    await waitFor(async () => (await newcomerReceives()).includes('CARL-NAME'), 5_000, 'Carl to reach newcomers');
    const facilitator = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'facilitate' });
    facilitator.send({ kind: 'removeParticipant', participantId: carlId });
    await waitFor(() => !facilitator.doc.getMap('participants').has(carlId), 5_000, 'Carl removed');
    expect(await newcomerReceives(), 'a newcomer after the removal').not.toContain('CARL-NAME');
    await facilitator.close();
    carl.destroy();
    again.destroy();
  });
});
