// Capability links through the real server: roles from secrets, a view-only connection
// that cannot change anything, refusal of wrong secrets, rotation, the HTTP access API,
// hashes-only storage and the websocket origin check.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { ACCESS_KEY_PARAM, bearer, secretFromFragment } from '../../shared/access.ts';
import { newBoardId } from '../../shared/ids.ts';
import { addBelief, beliefCount, createBoard, readBelief } from '../../shared/model.ts';
import { CLOSE, CLOSE_REASON, VIEW_ONLY_NOTICE, type RotateResponse } from '../../shared/protocol.ts';
import { messageAuth, messageSync } from '../../server/relay/messages.ts';
import { hashSecret } from '../../server/access/secrets.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { closeOf, closeReceivedAt, openRawSocket } from '../helpers/rawSocket.ts';
import {
  accessOf,
  boardSocketUrl,
  connectProvider,
  startTestRelay,
  waitFor,
  waitSynced,
  type ConnectedProvider,
  type TestRelay,
} from '../helpers/relay.ts';

const ME = 'participant-access';
const INVALID = { code: CLOSE.badSecret, reason: 'This link is not valid — ask the facilitator for a new one' };
let relay: TestRelay | null = null;
let providers: ConnectedProvider[] = [];

function connect(boardId: string, secret?: string): ConnectedProvider {
  const connected = connectProvider(relay!.wsUrl, boardId, { secret, as: ME });
  providers.push(connected);
  return connected;
}

afterEach(async () => {
  for (const connected of providers) connected.destroy();
  providers = [];
  await relay?.close();
  relay = null;
});

/** A sync message (step 2 or update) carrying an update that adds a belief. */
function craftedBeliefMessage(syncType: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'forged' });
  addBelief(doc, { text, x: 0, y: 0, authorId: 'mallory' }, 'mallory');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

function accessApi(boardId: string, secret?: string, action: 'access' | 'rotate' = 'access'): Promise<Response> {
  return fetch(`${relay!.server.url}/api/boards/${boardId}/${action}`, {
    method: action === 'access' ? 'GET' : 'POST',
    headers: { ...(action === 'rotate' ? { 'Content-Type': 'application/json' } : {}), ...(secret ? { Authorization: bearer(secret) } : {}) },
  });
}

describe('access', () => {
  it('lets a view-only link watch live and send presence, and drops every change it sends', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Retro');
    const alice = connect(boardId);
    await waitSynced(alice.provider);

    const viewer = await openRawSocket(boardSocketUrl(relay.wsUrl, boardId, 'view'));
    const received: Uint8Array[] = [];
    viewer.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    // Told once that it is view only, with the stock y-protocols permission-denied message.
    await waitFor(() => received.some((m) => m[0] === messageAuth), 5_000, 'the view-only notice');
    const notices = received.filter((m) => m[0] === messageAuth);
    expect(notices).toHaveLength(1);
    expect(Buffer.from(notices[0]).toString('utf8')).toContain(VIEW_ONLY_NOTICE);

    for (const syncType of [syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]) {
      viewer.send(craftedBeliefMessage(syncType, `forged ${syncType}`));
    }
    // A participant's edit still reaches the viewer: the board is live for it.
    const id = addBelief(alice.doc, { text: 'seen by the audience', x: 0, y: 0, authorId: ME }, ME);
    await waitFor(
      () => received.some((m) => Buffer.from(m).toString('utf8').includes('seen by the audience')),
      5_000,
      'the viewer to receive the edit',
    );
    expect(viewer.readyState).toBe(WebSocket.OPEN);

    // A view-only stock provider is visible to the others (a retro audience).
    const audience = connect(boardId, accessOf(boardId).secrets.view);
    audience.provider.awareness.setLocalState({ user: { name: 'Audience' } });
    await waitFor(() => alice.provider.awareness.getStates().has(audience.doc.clientID), 5_000, 'alice to see the audience');
    addBelief(audience.doc, { text: 'from the audience', x: 0, y: 0, authorId: ME }, ME);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(beliefCount(alice.doc)).toBe(1);
    expect(readBelief(alice.doc, id)?.text).toBe('seen by the audience');

    // Nothing from the viewers reached the store.
    viewer.close();
    await relay.restart();
    const fresh = connect(boardId);
    await waitSynced(fresh.provider);
    expect(beliefCount(fresh.doc)).toBe(1);
    expect(boardContent(fresh.doc).beliefs.map((b) => b.text)).toEqual(['seen by the audience']);
  });

  it('refuses a missing, malformed, wrong or other board\'s secret with 4403 and the words to show', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const other = await relay.createBoard();
    const attempts = ['', `?${ACCESS_KEY_PARAM}=`, `?${ACCESS_KEY_PARAM}=short`, `?${ACCESS_KEY_PARAM}=${'A'.repeat(22)}`, `?${ACCESS_KEY_PARAM}=${accessOf(other).secrets.facilitate}`, `?${ACCESS_KEY_PARAM}=${'x'.repeat(10_000)}`];
    for (const query of attempts) {
      expect(await closeReceivedAt(`${relay.wsUrl}/${boardId}${query}`), query.slice(0, 40)).toEqual(INVALID);
    }
    expect(CLOSE_REASON[CLOSE.badSecret]).toBe(INVALID.reason);
    // An unknown board is still told apart from a bad secret.
    expect((await closeReceivedAt(`${relay.wsUrl}/${newBoardId()}?${ACCESS_KEY_PARAM}=${'A'.repeat(22)}`)).code).toBe(CLOSE.unknownBoard);
  });

  it('answers the access API with the role, 401 without a valid secret, 404 for no board, 400 for a bad id', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const { secrets } = accessOf(boardId);
    for (const role of ['facilitate', 'edit', 'view'] as const) {
      const response = await accessApi(boardId, secrets[role]);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ role });
    }
    for (const secret of [undefined, 'A'.repeat(22), 'not a secret']) {
      const response = await accessApi(boardId, secret);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe(INVALID.reason);
    }
    expect((await accessApi(newBoardId(), secrets.edit)).status).toBe(404);
    for (const bad of ['..%2F..%2Fetc', '%00'.repeat(22), 'x'.repeat(10_000), 'short']) {
      const response = await accessApi(bad, secrets.edit);
      expect(response.status, bad.slice(0, 20)).toBe(400);
    }
    expect((await fetch(`${relay.server.url}/api/boards/${boardId}/access`, { method: 'POST' })).status).toBe(405);
  });

  it('rotates the participant and view secrets for the facilitator only, closing sessions on the old ones', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const old = { ...accessOf(boardId).secrets };
    const facilitator = connect(boardId, old.facilitate);
    const participant = await openRawSocket(boardSocketUrl(relay.wsUrl, boardId, 'edit'));
    const viewer = await openRawSocket(boardSocketUrl(relay.wsUrl, boardId, 'view'));
    const [participantClosed, viewerClosed] = [closeOf(participant), closeOf(viewer)];
    await waitSynced(facilitator.provider);

    expect((await accessApi(boardId, old.edit, 'rotate')).status).toBe(403);
    expect((await accessApi(boardId, undefined, 'rotate')).status).toBe(401);
    const response = await accessApi(boardId, old.facilitate, 'rotate');
    expect(response.status).toBe(200);
    const { links } = (await response.json()) as RotateResponse;
    const fresh = { edit: secretFromFragment(new URL(links.edit, 'http://x').hash)!, view: secretFromFragment(new URL(links.view, 'http://x').hash)! };
    expect(fresh.edit).not.toBe(old.edit);
    expect(fresh.view).not.toBe(old.view);

    expect(await participantClosed).toEqual(INVALID);
    expect(await viewerClosed).toEqual(INVALID);
    expect(await closeReceivedAt(`${relay.wsUrl}/${boardId}?${ACCESS_KEY_PARAM}=${old.edit}`)).toEqual(INVALID);
    expect((await accessApi(boardId, old.view)).status).toBe(401);
    expect(await (await accessApi(boardId, fresh.edit)).json()).toEqual({ role: 'edit' });

    // The facilitator stays connected and still edits; the new participant link sees it.
    const id = addBelief(facilitator.doc, { text: 'after rotation', x: 0, y: 0, authorId: ME }, ME);
    const newcomer = connect(boardId, fresh.edit);
    await waitFor(() => readBelief(newcomer.doc, id)?.text === 'after rotation', 5_000, 'the new link to work');
    expect(facilitator.provider.wsconnected).toBe(true);
  });

  it('stores only hashes of the secrets, never the secrets themselves', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard();
    const { secrets } = accessOf(boardId);
    const dataDir = relay.dataDir;
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    await relay.server.close();
    const store = await LeveldbStore.open(dataDir);
    try {
      expect(await store.loadAccess(boardId)).toEqual({
        facilitate: hashSecret(secrets.facilitate),
        edit: hashSecret(secrets.edit),
        view: hashSecret(secrets.view),
      });
    } finally {
      await store.close();
    }
    for (const file of await readdir(dataDir)) {
      const bytes = await readFile(path.join(dataDir, file));
      for (const secret of Object.values(secrets)) expect(bytes.includes(secret), file).toBe(false);
    }
    relay = await startTestRelay({ dataDir });
    // The board still opens with its links after the restart.
    await waitSynced(connect(boardId).provider);
    await relay.close();
    relay = null;
  });

  it('refuses a board made before links had secrets until an operator mints links for it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-legacy-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const boardId = newBoardId();
    const legacy = new Y.Doc();
    createBoard(legacy, { title: 'Before secrets' });
    const store = await LeveldbStore.open(dataDir);
    await store.createBoard(boardId, Y.encodeStateAsUpdate(legacy));
    await store.close();

    relay = await startTestRelay({ dataDir });
    expect(await closeReceivedAt(`${relay.wsUrl}/${boardId}`)).toEqual(INVALID);
    expect(await closeReceivedAt(`${relay.wsUrl}/${boardId}?${ACCESS_KEY_PARAM}=${'A'.repeat(22)}`)).toEqual(INVALID);
    await relay.close();
    relay = null;

    // The operator's command, run as an operator would, on the stopped server's data.
    const output = execFileSync('npx', ['tsx', 'server/cli/boardLinks.ts', boardId], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    const participantLink = /participant: (\S+)/.exec(output)![1];
    relay = await startTestRelay({ dataDir });
    const reader = connect(boardId, secretFromFragment(new URL(participantLink, 'http://x').hash)!);
    await waitSynced(reader.provider);
    expect(boardContent(reader.doc).meta.title).toBe('Before secrets');
  });

  it('refuses websocket upgrades from other sites\' pages, and takes allowed origins and non-browsers', async () => {
    relay = await startTestRelay({ allowedOrigins: ['https://beliefs.example.org'] });
    const boardId = await relay.createBoard();
    const url = boardSocketUrl(relay.wsUrl, boardId);
    const opens = (origin?: string) =>
      new Promise<number | 'open'>((resolve) => {
        const socket = new WebSocket(url, origin ? { origin } : {});
        socket.once('open', () => {
          socket.close();
          resolve('open');
        });
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', () => {});
      });
    expect(await opens('https://evil.example.com')).toBe(403);
    expect(await opens(`http://localhost:${relay.server.port}`)).toBe(403);
    expect(await opens(`http://127.0.0.1:${relay.server.port}`)).toBe('open');
    expect(await opens('https://beliefs.example.org')).toBe('open');
    expect(await opens()).toBe('open');
  });
});
