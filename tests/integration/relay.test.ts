// The relay through its real parts: the server on port 0, LevelDB in a temp dir, and
// stock y-websocket providers that know nothing of our client code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import * as encoding from 'lib0/encoding';
import { deflateRawSync } from 'node:zlib';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addBelief, beliefCount, readBelief, readBoardMeta, setBeliefText } from '../../shared/model.ts';
import { newBoardId } from '../../shared/ids.ts';
import { COMPACT_AFTER_UPDATES, MAX_MESSAGE_BYTES } from '../../shared/limits.ts';
import { CLOSE, CLOSE_REASON, COMPRESSION_PARAM, messageCompressed } from '../../shared/protocol.ts';
import { messageAwareness, messageQueryAwareness } from '../../server/relay/messages.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { closeOf, closeReceivedAt, openRawSocket } from '../helpers/rawSocket.ts';
import { boardSocketUrl, connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const ME = 'participant-test';
let relay: TestRelay | null = null;
let providers: ConnectedProvider[] = [];

function connect(boardId: string): ConnectedProvider {
  const connected = connectProvider(relay!.wsUrl, boardId, { as: ME });
  providers.push(connected);
  return connected;
}

async function healthz(): Promise<{ ok: boolean; boardsLoaded: number; connections: number }> {
  const response = await fetch(`${relay!.server.url}/healthz`);
  return response.json();
}

afterEach(async () => {
  for (const connected of providers) connected.destroy();
  providers = [];
  await relay?.close();
  relay = null;
});

describe('relay', () => {
  it('converges edits from several providers and gives a late joiner everything', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Team beliefs', 'belief-map');
    const people = Array.from({ length: 6 }, () => connect(boardId));
    await Promise.all(people.map(({ provider }) => waitSynced(provider)));
    for (const [i, { doc }] of people.entries()) {
      const id = addBelief(doc, { text: `belief ${i}`, x: i * 10, y: i, authorId: ME }, ME);
      setBeliefText(doc, id, `belief ${i}, edited`, ME);
    }
    await waitFor(() => people.every(({ doc }) => beliefCount(doc) === 6), 5_000, 'every belief everywhere');
    const expected = boardContent(people[0].doc);
    for (const { doc } of people) expect(boardContent(doc)).toEqual(expected);
    expect(expected.meta).toMatchObject({ title: 'Team beliefs', template: 'belief-map' });

    const late = connect(boardId);
    await waitSynced(late.provider);
    expect(boardContent(late.doc)).toEqual(expected);
  });

  it('keeps every accepted update across a restart, and providers carry on afterwards', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Durable');
    const [alice, bob] = [connect(boardId), connect(boardId)];
    await Promise.all([waitSynced(alice.provider), waitSynced(bob.provider)]);
    const ids = Array.from({ length: 20 }, (_, i) => addBelief(alice.doc, { text: `note ${i}`, x: i, y: 0, authorId: ME }, ME));
    // Bob has them, so the relay accepted them all.
    await waitFor(() => beliefCount(bob.doc) === 20, 5_000, 'bob to see 20 beliefs');

    await relay.restart();
    const fresh = connect(boardId);
    await waitSynced(fresh.provider);
    expect(boardContent(fresh.doc)).toEqual(boardContent(alice.doc));

    // The old providers reconnect to the restarted relay on their own.
    await waitSynced(alice.provider);
    setBeliefText(alice.doc, ids[0], 'after the restart', ME);
    await waitFor(() => readBelief(fresh.doc, ids[0])?.text === 'after the restart', 5_000, 'the edit after restart');
    await waitFor(() => readBelief(bob.doc, ids[0])?.text === 'after the restart', 5_000, 'bob to reconnect');
  });

  it('removes the awareness of a closed connection for everyone at once', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const [alice, bob] = [connect(boardId), connect(boardId)];
    alice.provider.awareness.setLocalState({ user: { name: 'Alice' } });
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID), 5_000, 'bob to see alice');
    const started = Date.now();
    alice.destroy();
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), 5_000, 'alice to disappear');
    // Far sooner than the 30 s awareness timeout.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers the awareness query with everyone present', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const alice = connect(boardId);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice' } });
    const bob = connect(boardId);
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID), 5_000, 'bob to see alice');
    const socket = await openRawSocket(boardSocketUrl(relay.wsUrl, boardId));
    const answers: Uint8Array[] = [];
    socket.on('message', (data: Buffer) => answers.push(new Uint8Array(data)));
    const query = encoding.createEncoder();
    encoding.writeVarUint(query, messageQueryAwareness);
    socket.send(encoding.toUint8Array(query));
    // An awareness message that carries alice's name.
    await waitFor(
      () => answers.some((a) => a[0] === messageAwareness && Buffer.from(a).toString('utf8').includes('Alice')),
      5_000,
      'the awareness answer',
    );
    socket.close();
  });

  it('refuses an unknown board with 4404 and a malformed id with 4400, with reasons', async () => {
    relay = await startTestRelay();
    expect(await closeReceivedAt(`${relay.wsUrl}/${newBoardId()}`)).toEqual({
      code: CLOSE.unknownBoard,
      reason: CLOSE_REASON[CLOSE.unknownBoard],
    });
    for (const bad of ['short', '..%2F..%2Fetc', 'x'.repeat(23), '%00'.repeat(22), '']) {
      expect(await closeReceivedAt(`${relay.wsUrl}/${bad}`)).toEqual({
        code: CLOSE.badBoardId,
        reason: CLOSE_REASON[CLOSE.badBoardId],
      });
    }
    expect((await healthz()).boardsLoaded).toBe(0);
  });

  it('closes only the socket that sends an unreadable message, stores none of it, and stays up', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const [alice, bob] = [connect(boardId), connect(boardId)];
    await Promise.all([waitSynced(alice.provider), waitSynced(bob.provider)]);

    // A compressed message (shared/protocol.ts), which the relay sends and takes from no
    // client: a real update of a belief, deflated, from a socket that says it reads them.
    const smuggled = new Y.Doc();
    addBelief(smuggled, { text: 'smuggled in compressed', x: 0, y: 0, authorId: ME }, ME);
    const smuggledMessage = encoding.encode((encoder) => {
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(smuggled));
    });
    const compressed = encoding.encode((encoder) => {
      encoding.writeVarUint(encoder, messageCompressed);
      encoding.writeVarUint(encoder, smuggledMessage.length);
      encoding.writeVarUint8Array(encoder, deflateRawSync(smuggledMessage));
    });
    const unreadable: Array<[string, Uint8Array | string]> = [
      ['unknown message type', Uint8Array.of(42)],
      ['a compressed update', compressed],
      ['auth message, which no client sends', Uint8Array.of(2, 0)],
      ['empty message', new Uint8Array(0)],
      ['truncated sync message', Uint8Array.of(0)],
      ['unknown sync type', Uint8Array.of(0, 7, 0)],
      ['update longer than its message', Uint8Array.of(0, 2, 200, 1, 2, 3)],
      ['update that is not an update', Uint8Array.of(0, 2, 6, 9, 250, 250, 250, 250, 7)],
      ['awareness that is not JSON', Uint8Array.of(1, 6, 1, 200, 1, 1, 2, 123)],
      ['text frame', 'hello'],
    ];
    for (const [what, message] of unreadable) {
      const socket = await openRawSocket(`${boardSocketUrl(relay.wsUrl, boardId)}&${COMPRESSION_PARAM}=1`);
      const closed = closeOf(socket);
      socket.send(message);
      expect(await closed, what).toEqual({ code: CLOSE.badMessage, reason: CLOSE_REASON[CLOSE.badMessage] });
    }

    const id = addBelief(alice.doc, { text: 'still working', x: 0, y: 0, authorId: ME }, ME);
    await waitFor(() => readBelief(bob.doc, id)?.text === 'still working', 5_000, 'bob to keep syncing');
    expect((await healthz()).ok).toBe(true);

    // Nothing unreadable reached the store: the board still loads, whole.
    await relay.restart();
    const fresh = connect(boardId);
    await waitSynced(fresh.provider);
    expect(boardContent(fresh.doc)).toEqual(boardContent(alice.doc));
    expect(JSON.stringify(boardContent(fresh.doc))).not.toContain('smuggled');
  });

  it('cuts off a socket that sends a message over the size limit', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const socket = await openRawSocket(boardSocketUrl(relay.wsUrl, boardId));
    socket.on('error', () => {});
    const closed = closeOf(socket);
    socket.send(new Uint8Array(MAX_MESSAGE_BYTES + 1));
    // 1009: "message too big", sent by ws itself under our maxPayload.
    expect((await closed).code).toBe(1009);
    expect((await healthz()).ok).toBe(true);
  });

  it('unloads an idle board and reloads it with everything; a quick reconnect keeps it loaded', async () => {
    const idleUnloadMs = 200;
    relay = await startTestRelay({ idleUnloadMs });
    const boardId = await relay.createBoard('Idle');
    const alice = connect(boardId);
    await waitSynced(alice.provider);
    addBelief(alice.doc, { text: 'before idle', x: 1, y: 2, authorId: ME }, ME);
    expect((await healthz()).boardsLoaded).toBe(1);

    // Gone for less than the idle time: the board stays.
    alice.provider.disconnect();
    await new Promise((resolve) => setTimeout(resolve, idleUnloadMs / 4));
    alice.provider.connect();
    await waitSynced(alice.provider);
    await new Promise((resolve) => setTimeout(resolve, idleUnloadMs * 2));
    expect((await healthz()).boardsLoaded).toBe(1);

    alice.provider.disconnect();
    await waitFor(async () => (await healthz()).boardsLoaded === 0, 5_000, 'the board to unload');

    const bob = connect(boardId);
    await waitSynced(bob.provider);
    expect(boardContent(bob.doc)).toEqual(boardContent(alice.doc));
    expect(readBoardMeta(bob.doc).title).toBe('Idle');
  });

  it('loses nothing when people come and go around the unload', async () => {
    const idleUnloadMs = 30;
    relay = await startTestRelay({ idleUnloadMs });
    const boardId = await relay.createBoard();
    const expected: string[] = [];
    for (let round = 0; round < 15; round++) {
      const visitor = connect(boardId);
      await waitSynced(visitor.provider);
      expect(beliefCount(visitor.doc)).toBe(round);
      expected.push(addBelief(visitor.doc, { text: `round ${round}`, x: round, y: 0, authorId: ME }, ME));
      // Leave right away, and come back around the moment the board unloads.
      visitor.destroy();
      await new Promise((resolve) => setTimeout(resolve, idleUnloadMs * (0.5 + (round % 4) * 0.4)));
    }
    const last = connect(boardId);
    await waitSynced(last.provider);
    expect(expected.every((id) => readBelief(last.doc, id) !== null)).toBe(true);
  });

  it('compacts a long update log and keeps every update', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-compact-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    relay = await startTestRelay({ dataDir });
    const boardId = await relay.createBoard();
    const [alice, bob] = [connect(boardId), connect(boardId)];
    await Promise.all([waitSynced(alice.provider), waitSynced(bob.provider)]);
    const id = addBelief(alice.doc, { text: '', x: 0, y: 0, authorId: ME }, ME);
    const edits = COMPACT_AFTER_UPDATES + 50;
    let text = '';
    for (let i = 0; i < edits; i++) {
      text += String.fromCharCode(97 + (i % 26));
      // One transaction each, so one stored update each.
      setBeliefText(alice.doc, id, text.slice(-200), ME);
    }
    const final = text.slice(-200);
    await waitFor(() => readBelief(bob.doc, id)?.text === final, 10_000, 'bob to see every edit');
    await relay.close();
    relay = null;

    const store = await LeveldbStore.open(dataDir);
    try {
      expect(await store.storedUpdateCount(boardId)).toBeLessThan(edits);
    } finally {
      await store.close();
    }
    relay = await startTestRelay({ dataDir });
    const fresh = connect(boardId);
    await waitSynced(fresh.provider);
    expect(readBelief(fresh.doc, id)?.text).toBe(final);
    expect(boardContent(fresh.doc)).toEqual(boardContent(alice.doc));
  });
});
