// The board's read-only routes (its copy, exports, history) answer one address only so
// many requests at once (ReadSlots, MAX_READS_PER_IP): each holds a store read and its whole
// answer until the reader takes it, so readers that ask and never read could otherwise fill
// the relay's memory. Past the cap: 429 in words; other addresses are served as before, and
// the slots come back as the answers end.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import * as Y from 'yjs';
import { bearer } from '../../shared/access.ts';
import { accessOf, connectProvider, startTestRelay, waitFor, waitSynced, type TestRelay } from '../helpers/relay.ts';

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** An answer this big cannot all sit in the loopback's buffers (≈ 3 MB measured) while its reader does not read. */
const BIG_ANSWER_BYTES = 8 * 1024 * 1024;

/** A reader that asks for `path`, takes the first bytes of the answer, then reads no more. */
function stalledReader(port: number, path: string, secret: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${bearer(secret)}\r\n\r\n`);
    });
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      if (chunk.toString('latin1').startsWith('HTTP/1.1 200')) resolve(socket);
      else reject(new Error(`expected a 200 answer, got ${chunk.toString('latin1').slice(0, 80)}`));
    });
    socket.once('error', reject);
  });
}

describe('read-only answers in progress per address', () => {
  it('past the cap an address is answered 429 in words while others are served, and its slots come back as answers end', async () => {
    relay = await startTestRelay({ limits: { maxReadsPerIp: 2 }, trustedProxies: ['127.0.0.1'] });
    const boardId = await relay.createBoard('Read by many');
    const other = await relay.createBoard('Another board');
    const secret = accessOf(boardId).secrets.view;
    // A copy too big to sit in the socket buffers: the answers of readers that do not read stay in progress.
    await relay.server.close();
    const store = await relay.openStore();
    const seq = await store.appendUpdate(boardId, Y.encodeStateAsUpdate(new Y.Doc()));
    expect(await store.saveBoardCopy(boardId, seq, randomBytes(BIG_ANSWER_BYTES))).toBe(true);
    await store.close();
    await relay.restart();
    const url = relay.server.url;
    const path = `/api/boards/${boardId}/copy`;
    const ask = (route = path, from?: string) =>
      fetch(`${url}${route}`, { headers: { Authorization: bearer(secret), ...(from && { 'X-Forwarded-For': from }) } });

    const stalled = [await stalledReader(relay.server.port, path, secret), await stalledReader(relay.server.port, path, secret)];
    try {
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: string }).error).toMatch(/already has 2 downloads .* in progress; try again/);
      // Every read-only route shares the address's slots.
      expect((await ask(`/api/boards/${boardId}/export.csv`)).status).toBe(429);
      expect((await ask(`/api/boards/${boardId}/history?after=0`)).status).toBe(429);
      // Another address is served, whole.
      const elsewhere = await ask(path, '203.0.113.7');
      expect(elsewhere.status).toBe(200);
      expect((await elsewhere.arrayBuffer()).byteLength).toBe(BIG_ANSWER_BYTES);
      // And the board itself goes on working for the people on it.
      const person = connectProvider(relay.wsUrl, boardId);
      await waitSynced(person.provider);
      person.destroy();
    } finally {
      for (const socket of stalled) socket.destroy();
    }
    // The readers gone, their slots are free again.
    await waitFor(async () => (await ask(`/api/boards/${boardId}/export.csv`)).status === 200, 5_000, 'the slots to come back');
    // Refused answers give theirs back too: more wrong secrets than the cap, then the right one.
    for (let i = 0; i < 5; i++) {
      const refused = await fetch(`${url}${path}`, { headers: { Authorization: bearer(accessOf(other).secrets.view) } });
      expect(refused.status).toBe(401);
    }
    for (const id of ['__proto__', 'constructor']) expect((await ask(`/api/boards/${id}/copy`)).status).toBe(400);
    const whole = await ask();
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(BIG_ANSWER_BYTES);
  });
});
