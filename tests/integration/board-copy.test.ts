// The copy of a big board a page fetches as it opens it (server/http/boardCopyRoute.ts):
// kept as the relay lets the board go, from the relay's document — never the stored log,
// which still holds what later changes took away —, served only while nothing was stored
// after it, and only for the board's links. Run on LevelDB, on PostgreSQL and on a
// two-relay cluster, whose relays must agree on when a copy may be served.
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import net from 'node:net';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { bearer } from '../../shared/access.ts';
import { addComment, deleteComment } from '../../shared/comments.ts';
import { newId } from '../../shared/ids.ts';
import { addBelief, listBeliefs } from '../../shared/model.ts';
import { CLOSE, type PersonalLinkResponse } from '../../shared/protocol.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';
import { accessOf, boardSocketUrl, boardsLoaded, connectProvider, participantParams, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});


describe('the copy a page fetches as it opens a big board', () => {
  /** What a socket that already holds `doc` gets as its sync step 2, as an update. */
  async function catchUpFor(wsUrl: string, boardId: string, doc: Y.Doc): Promise<Uint8Array> {
    const socket = new WebSocket(`${boardSocketUrl(wsUrl, boardId)}&${new URLSearchParams(participantParams(newId()))}`);
    const received: Buffer[] = [];
    socket.on('message', (data: Buffer) => received.push(data));
    await new Promise((resolve) => socket.once('open', resolve));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, doc);
    socket.send(encoding.toUint8Array(encoder));
    await waitFor(() => received.some((data) => data[0] === 0 && data[1] === 1), 5_000, 'the sync step 2');
    socket.close();
    const decoder = decoding.createDecoder(received.find((data) => data[0] === 0 && data[1] === 1)!);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    return decoding.readVarUint8Array(decoder);
  }

  it('is kept as the relay lets the board go, from its document (what was taken away is not in it), and served only until anything is stored after it', async () => {
    relay = await startTestRelay({ idleUnloadMs: 50, boardCopyFromBytes: 0 });
    const boardId = await relay.createBoard('Copied for pages');
    const url = relay.server.url;
    const fetchCopy = (secret: string | null = accessOf(boardId).secrets.view, id = boardId) =>
      fetch(`${url}/api/boards/${id}/copy`, { headers: secret ? { Authorization: bearer(secret) } : {} });
    const copyOnceKept = async (): Promise<Uint8Array> => {
      let response: Response | null = null;
      await waitFor(async () => {
        response = await fetchCopy();
        return response.status === 200;
      }, 5_000, 'the relay to keep a copy as it lets the board go');
      expect(response!.headers.get('content-type'), 'sent as the gzip file it is kept as').toBe('application/gzip');
      expect(response!.headers.get('content-encoding')).toBeNull();
      return new Uint8Array(gunzipSync(new Uint8Array(await response!.arrayBuffer())));
    };
    expect((await fetchCopy()).status, 'nothing kept before the relay first lets the board go').toBe(204);

    const fionaId = newId();
    const fiona = connectProvider(relay.wsUrl, boardId, { as: fionaId, secret: accessOf(boardId).secrets.facilitate });
    await waitSynced(fiona.provider);
    const belief = addBelief(fiona.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fionaId }, 'test');
    deleteComment(fiona.doc, addComment(fiona.doc, { beliefId: belief, authorId: fionaId, text: 'WORDS-TAKEN-BACK' }, 'test'), 'test');
    fiona.destroy();
    const copy = await copyOnceKept();
    expect(Buffer.from(copy).toString('latin1'), "a deleted comment's words").not.toContain('WORDS-TAKEN-BACK');
    const page = new Y.Doc();
    Y.applyUpdate(page, copy);
    expect(listBeliefs(page).map((b) => b.text)).toEqual(['We ship weekly']);
    // A page that drew the copy: its socket brings nothing more, and nothing it lacks is left out.
    const lacking = await catchUpFor(relay.wsUrl, boardId, page);
    const before = Y.encodeStateVector(page);
    Y.applyUpdate(page, lacking);
    expect(Y.encodeStateVector(page), 'the copy holds the board as the relay does').toEqual(before);

    // Something stored after the copy: no copy is served until a relay lets the board go
    // again. Every relay has let it go first: one holding it idle, in a cluster, would keep a
    // new copy with the change as it let it go.
    const httpUrls = relay.wsUrls.map((wsUrl) => wsUrl.replace(/^ws:/, 'http:').replace(/\/ws$/, ''));
    await waitFor(async () => (await Promise.all(httpUrls.map(boardsLoaded))).every((n) => n === 0), 5_000, 'every relay to let the board go');
    const again = connectProvider(relay.wsUrl, boardId, { as: fionaId, secret: accessOf(boardId).secrets.facilitate });
    await waitSynced(again.provider);
    addBelief(again.doc, { text: 'We ship daily', x: 240, y: 0, authorId: fionaId }, 'test');
    await waitFor(async () => (await fetchCopy()).status === 204, 5_000, 'the copy to stop being served once a change is stored');
    const behind = await catchUpFor(relay.wsUrl, boardId, page);
    Y.applyUpdate(page, behind);
    expect(listBeliefs(page).map((b) => b.text).sort(), 'a page with the old copy catches up over its socket').toEqual(['We ship daily', 'We ship weekly']);
    again.destroy();
    const newer = new Y.Doc();
    Y.applyUpdate(newer, await copyOnceKept());
    expect(listBeliefs(newer).map((b) => b.text).sort()).toEqual(['We ship daily', 'We ship weekly']);

    // Only for the board's links, and in words.
    const refused = await fetchCopy(null);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toMatch(/need one of the board's links/);
    expect((await fetchCopy(accessOf(boardId).secrets.view.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).status).toBe(401);
    expect((await fetchCopy(accessOf(boardId).secrets.view, 'A'.repeat(22))).status).toBe(404);
    expect((await fetchCopy(accessOf(boardId).secrets.view, 'not-a-board')).status).toBe(400);
    expect((await fetch(`${url}/api/boards/${boardId}/copy`, { method: 'POST', headers: { Authorization: bearer(accessOf(boardId).secrets.view) } })).status).toBe(405);
  });

  it('spares the relay the early load for a page that draws from a good copy, and only then', async () => {
    relay = await startTestRelay({ idleUnloadMs: 50, boardCopyFromBytes: 0 });
    const boardId = await relay.createBoard('Opened from its copy');
    const url = relay.server.url;
    const httpUrls = relay.wsUrls.map((wsUrl) => wsUrl.replace(/^ws:/, 'http:').replace(/\/ws$/, ''));
    const loadedAnywhere = async () => (await Promise.all(httpUrls.map(boardsLoaded))).reduce((a, b) => a + b, 0);
    const ask = async (query: string) => {
      const response = await fetch(`${url}/api/boards/${boardId}/access${query}`, { headers: { Authorization: bearer(accessOf(boardId).secrets.edit) } });
      expect(response.status).toBe(200);
    };
    // No copy yet: a page that would draw one still has the board loaded for its socket.
    await ask('?copy=1');
    await waitFor(async () => (await loadedAnywhere()) === 1, 5_000, 'the early load without a copy to draw');
    await waitFor(async () => (await loadedAnywhere()) === 0, 5_000, 'the board to be let go (and its copy kept)');
    await waitFor(async () => (await fetch(`${url}/api/boards/${boardId}/copy`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } })).status === 200, 5_000, 'the copy');

    await ask('?copy=1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await loadedAnywhere(), 'a page drawing from the copy: no early load').toBe(0);
    await ask('?copy=1&title=1');
    expect(await loadedAnywhere(), 'the title is read from the board, loaded').toBe(1);
    await waitFor(async () => (await loadedAnywhere()) === 0, 5_000, 'the board to be let go');
    await ask('');
    await waitFor(async () => (await loadedAnywhere()) === 1, 5_000, 'the early load for a page with no copy to draw');
  });

  it('is not given, nor any export, to a participant the facilitator removed, through their personal link', async () => {
    relay = await startTestRelay({ idleUnloadMs: 50, boardCopyFromBytes: 0 });
    const boardId = await relay.createBoard('Removed readers');
    const url = relay.server.url;
    const made = await fetch(`${url}/api/boards/${boardId}/personal-links`, {
      method: 'POST',
      headers: { Authorization: bearer(accessOf(boardId).secrets.facilitate), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Alice' }),
    });
    expect(made.status).toBe(201);
    const aliceLink = (await made.json()) as PersonalLinkResponse;
    const aliceSecret = new URLSearchParams(new URL(aliceLink.link, 'http://x').hash.slice(1)).get('k')!;
    const read = (what: 'copy' | 'export.json', secret: string) => fetch(`${url}/api/boards/${boardId}/${what}`, { headers: { Authorization: bearer(secret) } });

    const alice = await WorkshopClient.open(relay.wsUrl, boardId, { secret: aliceSecret });
    expect((await read('export.json', aliceSecret)).status, 'before her removal').toBe(200);
    const fiona = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'facilitate' });
    fiona.send({ kind: 'removeParticipant', participantId: aliceLink.participantId });
    expect((await alice.whenClosed()).code).toBe(CLOSE.removed);
    await fiona.close();
    await waitFor(async () => (await read('export.json', aliceSecret)).status === 403, 5_000, 'the exports to be refused to her');
    const refused = await read('export.json', aliceSecret);
    expect(((await refused.json()) as { error: string }).error).toBe('The facilitator removed you from this board.');
    // The relay lets the board go and keeps its copy: the board's links get it, she does not.
    await waitFor(async () => (await read('copy', accessOf(boardId).secrets.view)).status === 200, 5_000, 'the copy');
    expect((await read('copy', aliceSecret)).status).toBe(403);
  });

  it('answers odd ids, other boards\' links and readers that never read in words, while the people on the board notice nothing', async () => {
    relay = await startTestRelay({ idleUnloadMs: 50, boardCopyFromBytes: 0 });
    const boardId = await relay.createBoard('Under attack');
    const other = await relay.createBoard('Another board');
    const url = relay.server.url;
    const authorId = newId();
    const writer = connectProvider(relay.wsUrl, boardId, { as: authorId });
    await waitSynced(writer.provider);
    // The board is let go once, so it has a copy to be asked for.
    writer.provider.disconnect();
    await waitFor(async () => (await fetch(`${url}/api/boards/${boardId}/copy`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } })).status === 200, 5_000, 'the copy');
    writer.provider.connect();
    await waitSynced(writer.provider);

    // Readers that ask for the copy and never read it.
    const stalled = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(relay!.server.port, '127.0.0.1', () => {
              socket.write(`GET /api/boards/${boardId}/copy HTTP/1.1\r\nHost: x\r\nAuthorization: ${bearer(accessOf(boardId).secrets.view)}\r\n\r\n`);
              socket.pause();
              resolve(socket);
            });
          }),
      ),
    );
    const ask = (id: string, authorization?: string) => fetch(`${url}/api/boards/${id}/copy`, { headers: authorization === undefined ? {} : { Authorization: authorization } });
    const answers = [
      await ask('__proto__', bearer(accessOf(boardId).secrets.view)),
      await ask('constructor', bearer(accessOf(boardId).secrets.view)),
      await ask('A'.repeat(4096), bearer(accessOf(boardId).secrets.view)),
      await ask(boardId, bearer(accessOf(other).secrets.facilitate)),
      await ask(boardId, 'Bearer {"$ne":null}'),
      await ask(boardId, 'Basic dmlldzp2aWV3'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 401, 401, 401]);
    for (const answer of answers) expect(((await answer.json()) as { error: string }).error.length).toBeGreaterThan(10);

    // Meanwhile the honest writer's changes are relayed and stored as always.
    const reader = connectProvider(relay.wsUrl, boardId);
    await waitSynced(reader.provider);
    for (let i = 0; i < 5; i++) addBelief(writer.doc, { text: `Still here ${i}`, x: i * 10, y: 0, authorId }, 'test');
    await waitFor(() => listBeliefs(reader.doc).length === 5, 5_000, 'the changes to reach a colleague');
    // The relay relays before it stores: once stored, the copy is no longer given.
    await waitFor(async () => (await fetch(`${url}/api/boards/${boardId}/copy`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } })).status === 204, 5_000, 'the changes to be stored');
    for (const socket of stalled) socket.destroy();
    reader.destroy();
    writer.destroy();
  });

  it('is kept for a board as big as the threshold, not for a smaller one', async () => {
    relay = await startTestRelay({ idleUnloadMs: 50, boardCopyFromBytes: 4 * 1024 });
    const copyStatus = async (boardId: string) =>
      (await fetch(`${relay!.server.url}/api/boards/${boardId}/copy`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } })).status;
    const write = async (boardId: string, beliefs: number) => {
      const authorId = newId();
      const writer = connectProvider(relay!.wsUrl, boardId, { as: authorId });
      await waitSynced(writer.provider);
      writer.doc.transact(() => {
        for (let i = 0; i < beliefs; i++) addBelief(writer.doc, { text: `Belief ${i}: small batches reach our users sooner than big ones`, x: i * 10, y: 0, authorId }, 'test');
      }, 'test');
      const reader = connectProvider(relay!.wsUrl, boardId);
      await waitFor(() => listBeliefs(reader.doc).length === beliefs, 5_000, 'the beliefs to reach the relay');
      reader.destroy();
      writer.destroy();
    };
    const small = await relay.createBoard('Small');
    const big = await relay.createBoard('Big');
    await write(small, 1);
    await write(big, 80);
    // Every relay (two in a cluster) has let both boards go.
    const httpUrls = relay.wsUrls.map((wsUrl) => wsUrl.replace(/^ws:/, 'http:').replace(/\/ws$/, ''));
    await waitFor(async () => (await Promise.all(httpUrls.map(boardsLoaded))).every((n) => n === 0), 5_000, 'the boards to be let go');
    await waitFor(async () => (await copyStatus(big)) === 200, 5_000, 'the big board to have its copy');
    expect(await copyStatus(small), 'a board under the threshold').toBe(204);
  });
});
