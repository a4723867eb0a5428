// A big board's first sync (hundreds of KB) takes the quiet catch-up path
// (client/state/quietCatchUp.ts): Yjs does not re-encode it for the document's 'update'
// listeners, which get the relay's bytes instead. It comes compressed
// (client/state/inflatingSocket.ts), about a tenth of its size. The board must show whole,
// and this browser's offline copy must hold it: with the relay cut off, a reload shows it again.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, setPosition } from '../../shared/model.ts';
import type { ScalePoint } from '../../shared/schema.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { QUIET_CATCH_UP_BYTES } from '../../client/state/quietCatchUp.ts';
import { messageCompressed } from '../../shared/protocol.ts';
import { launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { startCuttableProxy, type CuttableProxy } from '../helpers/cuttableProxy.ts';
import { accessOf, startTestRelay, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const BELIEFS = 600;
const PEOPLE = 10;

let relay: TestRelay;
let browser: Browser;
let alice: Person;
let network: CuttableProxy;
let boardId: string;
let updateBytes = 0;
/** The compressed whole board as Alice's socket got it. */
let wholeBoardFrameBytes = 0;

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Big board', 'blank');
  // Far over the relay's message limit for one provider: written through the store, as
  // a board grown over weeks would be, while the relay is stopped.
  const doc = new Y.Doc();
  for (let i = 0; i < BELIEFS; i++) {
    const id = addBelief(doc, { text: `Belief ${i}: our customers read the release notes`, x: (i % 30) * 220, y: Math.floor(i / 30) * 160, authorId: 'seed' }, 'seed');
    for (let p = 0; p < PEOPLE; p++) setPosition(doc, id, `person-${p}`, { agreement: (((i + p) % 5) - 2) as ScalePoint, direction: ((p % 3) - 1) as ScalePoint }, 'seed');
  }
  const update = Y.encodeStateAsUpdate(doc);
  updateBytes = update.length;
  await relay.server.close();
  const store = await LeveldbStore.open(relay.dataDir);
  await store.appendUpdate(boardId, update);
  await store.close();
  await relay.restart();
  network = await startCuttableProxy(relay.server.port);
  browser = await launchBrowser();
  alice = await newPerson(browser, 'Alice');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await network?.close();
  await relay?.close();
});

describe('a big board', () => {
  it('shows whole after its first sync and reopens from this browser when the relay is cut off', async () => {
    expect(updateBytes).toBeGreaterThan(QUIET_CATCH_UP_BYTES);
    const { page } = alice;
    const received: { type: number; bytes: number }[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') received.push({ type: payload[0]!, bytes: payload.length });
      }),
    );
    await page.goto(`${network.url}${accessOf(boardId).links.edit}`);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Alice');
    await page.getByRole('button', { name: 'Join board' }).click();
    await waitLive(page);
    await page.getByText(`Showing ${BELIEFS} of ${BELIEFS}`).waitFor({ timeout: 15_000 });
    const board = received.find((frame) => frame.type === messageCompressed);
    expect(board, `a compressed first state among ${JSON.stringify(received.slice(0, 8))}`).toBeDefined();
    expect(board!.bytes).toBeLessThan(updateBytes / 5);
    wholeBoardFrameBytes = board!.bytes;

    network.cut();
    await page.reload();
    await page.locator('p.connection[role="status"]').filter({ hasText: /^Offline/ }).waitFor({ timeout: 15_000 });
    await page.getByText(`Showing ${BELIEFS} of ${BELIEFS}`).waitFor({ timeout: 15_000 });
    // The figures came with it: the first belief's ten positions.
    expect(await page.locator('[data-belief-list] dd[data-figure="n"]').first().textContent()).toBe(String(PEOPLE));
  });

  it('opens in a new browser from the copy the relay kept as it let the board go; the socket brings only what the copy lacks, and writes go through', async () => {
    expect(wholeBoardFrameBytes, 'the test before measured the whole board').toBeGreaterThan(0);
    await alice.context.close();
    network.restore();
    // Stopping lets the board go, as a board nobody is on would be after a while: the relay
    // keeps its copy then (server/relay/rooms.ts).
    await relay.restart();
    const bob = await newPerson(browser, 'Bob');
    const frames: number[] = [];
    bob.page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') frames.push(payload.length);
      }),
    );
    await bob.page.goto(`${network.url}${accessOf(boardId).links.edit}`);
    await bob.page.getByRole('textbox', { name: 'Your name' }).fill('Bob');
    await bob.page.getByRole('button', { name: 'Join board' }).click();
    await waitLive(bob.page);
    await bob.page.getByText(`Showing ${BELIEFS} of ${BELIEFS}`).waitFor({ timeout: 15_000 });
    const drawnFrom = await bob.page.evaluate(() => (performance.getEntriesByName('board-first-render')[0] as PerformanceMark | undefined)?.detail?.source);
    expect(drawnFrom).toBe('relay copy');
    expect(Math.max(...frames), `the frames Bob's socket got: ${JSON.stringify(frames.slice(0, 12))}`).toBeLessThan(wholeBoardFrameBytes / 10);
    expect(await bob.page.locator('[data-belief-list] dd[data-figure="n"]').first().textContent()).toBe(String(PEOPLE));

    await bob.page.getByRole('toolbar', { name: 'Board tools' }).getByRole('button', { name: 'Add belief' }).click();
    await bob.page.getByRole('textbox', { name: 'Edit belief text' }).waitFor();
    await bob.page.keyboard.type('Written on a board drawn from its copy');
    await bob.page.keyboard.press('Escape');
    await bob.page.getByRole('status').filter({ hasText: /^All changes saved$/ }).waitFor({ timeout: 20_000 });
    await bob.page.getByText(`Showing ${BELIEFS + 1} of ${BELIEFS + 1}`).waitFor({ timeout: 15_000 });
    await bob.context.close();
  });
});
