// Browsers on a cluster: three relays over one PostgreSQL and one Redis, behind nginx
// configured from deploy/nginx.conf, and two people in real Chromium (one context each)
// who open the board through nginx. A stock y-websocket client talks to relay 2 directly.
// Killing relays (SIGKILL) one after another sends every browser that was on one back
// through nginx to a live relay; nothing a browser saw as "All changes saved" is lost.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBeliefs, positionsOf, readParticipants } from '../../shared/model.ts';
import { AGREEMENT_LABELS } from '../../shared/scale.ts';
import { joinBoard, launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { connectProvider, waitSynced, type ConnectedProvider } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let cluster: TestCluster;
let browser: Browser;
let observer: ConnectedProvider;
let boardId: string;
let alice: Person;
let bob: Person;
let frontDoor: string;
/** Websockets each page opened to /ws/: more than one means it reconnected. */
const sockets = new Map<string, number>();

const listOf = (person: Person) => person.page.getByRole('complementary', { name: 'Beliefs' });

async function textsIn(person: Person): Promise<string[]> {
  const boxes = listOf(person).getByRole('textbox', { name: 'Belief text' });
  // Read in one go: a row deleted between counting and reading would wait for it forever.
  const out = await boxes.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement | HTMLTextAreaElement).value));
  return out.sort();
}

/** Writes a belief through the list and waits until the page says it is stored. */
async function writeBelief(person: Person, text: string): Promise<void> {
  await listOf(person).getByRole('button', { name: 'Add belief' }).click();
  await person.page.keyboard.type(text);
  await person.page.keyboard.press('Escape');
  await person.page.getByRole('status').filter({ hasText: /^All changes saved$/ }).waitFor({ timeout: 20_000 });
}

async function everyoneSees(texts: string[]): Promise<void> {
  const expected = JSON.stringify([...texts].sort());
  for (const person of [alice, bob]) {
    await eventually(async () => JSON.stringify(await textsIn(person)) === expected, `${person.name} sees ${texts.length} beliefs`, 20_000);
  }
  await eventually(
    async () => JSON.stringify(listBeliefs(observer.doc).map((b) => b.text).sort()) === expected,
    'the direct client sees them too',
    20_000,
  );
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  cluster = await startCluster({ relays: 3, nginx: true });
  frontDoor = `http://127.0.0.1:${cluster.nginx!.port}`;
  boardId = await cluster.createBoard('Cluster in Chromium', 'blank');
  observer = connectProvider(cluster.wsUrl(2), boardId, { as: 'observer' });
  await waitSynced(observer.provider);
  browser = await launchBrowser();
  [alice, bob] = await Promise.all(['Alice', 'Bob'].map((name) => newPerson(browser, name)));
  for (const person of [alice, bob]) {
    sockets.set(person.name, 0);
    person.page.on('websocket', (socket) => {
      if (socket.url().includes('/ws/')) sockets.set(person.name, sockets.get(person.name)! + 1);
    });
  }
  await joinBoard(alice, frontDoor, boardId);
  await joinBoard(bob, frontDoor, boardId);
  await eventually(async () => readParticipants(observer.doc).size >= 2, 'both browsers recorded as participants', 20_000);
}, 120_000);

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await cluster?.stop();
});

describe('browsers through nginx on three relays', () => {
  it('edits and positions from either browser reach the other and the direct client', async () => {
    await writeBelief(alice, 'Pairing halves our review time.');
    await writeBelief(bob, 'Customers read the changelog.');
    await everyoneSees(['Pairing halves our review time.', 'Customers read the changelog.']);

    const row = listOf(bob).locator('li.belief-row');
    // Bob records where he stands on Alice's belief; it lands in the direct client's copy.
    let target = -1;
    for (let i = 0; i < (await row.count()); i++) {
      if ((await row.nth(i).getByRole('textbox', { name: 'Belief text' }).inputValue()) === 'Pairing halves our review time.') target = i;
    }
    expect(target).toBeGreaterThanOrEqual(0);
    await row.nth(target).getByRole('group', { name: 'Your agreement' }).getByRole('radio', { name: AGREEMENT_LABELS[2], exact: true }).check();
    const pairing = () => listBeliefs(observer.doc).find((b) => b.text === 'Pairing halves our review time.')!;
    await eventually(async () => [...positionsOf(observer.doc, pairing().id).values()].some((p) => p.agreement === 2), 'Bob\'s position reaches relay 2', 20_000);
  });

  it('killing the relays one after another loses nothing either browser saw saved', async () => {
    const written = listBeliefs(observer.doc).map((b) => b.text);
    for (const victim of [0, 1]) {
      const { signal } = await cluster.relays[victim].stop('SIGKILL');
      expect(signal).toBe('SIGKILL');
      // Whoever was on the dead relay reconnects through nginx to a live one by itself.
      await waitLive(alice.page);
      await waitLive(bob.page);
      const fromAlice = `Alice after relay ${victim} died.`;
      const fromBob = `Bob after relay ${victim} died.`;
      await writeBelief(alice, fromAlice);
      await writeBelief(bob, fromBob);
      written.push(fromAlice, fromBob);
      await everyoneSees(written);
    }
    // Everyone now sits on relay 2; at least one browser must have moved to get there.
    const reconnects = [...sockets.values()].reduce((sum, opened) => sum + opened, 0) - 2;
    console.log(`websockets opened per browser: ${JSON.stringify(Object.fromEntries(sockets))}`);
    expect(reconnects).toBeGreaterThanOrEqual(1);
    // The position Bob recorded before the kills is still there.
    const pairing = listBeliefs(observer.doc).find((b) => b.text === 'Pairing halves our review time.')!;
    expect([...positionsOf(observer.doc, pairing.id).values()].map((p) => p.agreement)).toContain(2);
  });
});
