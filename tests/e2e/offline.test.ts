// Offline in real Chromium: each person reaches the relay through their own cuttable
// proxy (their "network"), and the browser's own offline flag is set too. Edits made
// offline survive a reload, merge when the relay is back, reach the other browser, and
// the status line says at each moment whether my changes are stored. One reload happens
// with no network at all: the app then comes from the service worker (client/serviceWorker/sw.js).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief } from '../../shared/model.ts';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { startCuttableProxy, type CuttableProxy } from '../helpers/cuttableProxy.ts';
import { accessOf, connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const FIRST_TEXT = 'Our customers read the release notes.';
const SAVED = 'All changes saved';

interface Networked extends Person {
  network: CuttableProxy;
}

let relay: TestRelay;
let browser: Browser;
let alice: Networked;
let bob: Networked;
let seeder: ConnectedProvider;
let boardId: string;

const statusOf = (page: Page) => page.locator('p.connection[role="status"]');
const beliefText = (page: Page) => page.getByRole('complementary', { name: 'Beliefs' }).getByRole('textbox', { name: 'Belief text' }).first();

async function person(name: string): Promise<Networked> {
  const network = await startCuttableProxy(relay.server.port);
  return { ...(await newPerson(browser, name)), network };
}

async function openBoard(page: Page, network: CuttableProxy): Promise<void> {
  await page.goto(`${network.url}${accessOf(boardId).links.edit}`);
}

async function goOffline(who: Networked): Promise<void> {
  await who.context.setOffline(true);
  who.network.cut();
}

async function comeBack(who: Networked): Promise<void> {
  who.network.restore();
  await who.context.setOffline(false);
}

/** Types at the end (or start) of the first belief's text in the list. */
async function typeInto(page: Page, text: string, at: 'End' | 'Home' = 'End'): Promise<void> {
  const box = beliefText(page);
  await box.click();
  await box.press(at === 'End' ? 'Control+End' : 'Control+Home');
  await box.pressSequentially(text, { delay: 10 });
}

async function waitStatus(page: Page, pattern: RegExp): Promise<string> {
  await statusOf(page).filter({ hasText: pattern }).waitFor({ timeout: 20_000 });
  return (await statusOf(page).textContent()) ?? '';
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Offline workshop', 'blank');
  seeder = connectProvider(relay.wsUrl, boardId, { as: 'seed' });
  await waitSynced(seeder.provider);
  const tracker = new SaveTracker(seeder.provider, seeder.doc, (origin) => origin === 'seed');
  addBelief(seeder.doc, { text: FIRST_TEXT, x: 0, y: 0, authorId: 'seed' }, 'seed');
  await waitFor(() => tracker.unconfirmed === 0, 5_000, 'the first belief to be stored');
  tracker.destroy();

  browser = await launchBrowser();
  [alice, bob] = await Promise.all([person('Alice'), person('Bob')]);
  for (const who of [alice, bob]) {
    await openBoard(who.page, who.network);
    await who.page.getByRole('textbox', { name: 'Your name' }).fill(who.name);
    await who.page.getByRole('button', { name: 'Join board' }).click();
    await waitLive(who.page);
  }
});

afterAll(async () => {
  seeder?.destroy();
  await browser?.close();
  await Promise.all([alice?.network.close(), bob?.network.close()]);
  await relay?.close();
});

describe('saved means stored, offline and back', () => {
  it('says Saving… while an edit travels, then All changes saved', async () => {
    await waitStatus(alice.page, new RegExp(`^${SAVED}$`));
    // Every text the status shows, as it shows it.
    await alice.page.evaluate(`(() => {
      const status = document.querySelector('p.connection[role="status"]');
      window.statusSeen = [status.textContent];
      new MutationObserver(() => window.statusSeen.push(status.textContent)).observe(status, { subtree: true, childList: true, characterData: true });
    })()`);
    await typeInto(alice.page, ' Mostly.');
    await waitStatus(alice.page, new RegExp(`^${SAVED}$`));
    const seen = (await alice.page.evaluate('window.statusSeen')) as string[];
    console.log('status texts during an edit:', [...new Set(seen)].join(' → '));
    expect(seen).toContain('Saving…');
    expect(seen.at(-1)).toBe(SAVED);
    await eventually(async () => (await beliefText(bob.page).inputValue()) === `${FIRST_TEXT} Mostly.`, 'Bob sees the edit');
  });

  it('keeps offline edits through a reload and delivers them when the relay is back', async () => {
    await goOffline(alice);
    await waitStatus(alice.page, /^Offline — nothing unsaved; changes you make are kept on this device/);
    await typeInto(alice.page, ' (offline)');
    const offline = await waitStatus(alice.page, /^Offline — \d+ changes? kept on this device$/);
    const kept = Number(/(\d+)/.exec(offline)![1]);
    // Ten letters typed into one note are one change, not ten.
    expect(kept).toBe(1);

    // The page reloads (the network is back for HTTP) while the relay stays out of reach:
    // the board comes from this browser's copy, edit included, and still counts it unsaved.
    await alice.context.setOffline(false);
    await alice.page.reload();
    await eventually(async () => (await beliefText(alice.page).inputValue()).endsWith('(offline)'), 'the offline edit after reload');
    await waitStatus(alice.page, new RegExp(`^Offline — ${kept} changes? kept on this device; reconnecting…$`));

    await comeBack(alice);
    await waitStatus(alice.page, new RegExp(`^${SAVED}$`));
    await eventually(async () => (await beliefText(bob.page).inputValue()).endsWith('Mostly. (offline)'), 'Bob gets the offline edit');
  });

  it('merges two people editing the same note offline, keeping both their words', async () => {
    await Promise.all([goOffline(alice), goOffline(bob)]);
    await waitStatus(alice.page, /^Offline/);
    await waitStatus(bob.page, /^Offline/);
    await typeInto(alice.page, ' Alice agrees.', 'End');
    await typeInto(bob.page, 'Bob: ', 'Home');
    await Promise.all([comeBack(alice), comeBack(bob)]);
    const merged = `Bob: ${FIRST_TEXT} Mostly. (offline) Alice agrees.`;
    for (const who of [alice, bob]) {
      await eventually(async () => (await beliefText(who.page).inputValue()) === merged, `${who.name} has both edits`);
      await waitStatus(who.page, new RegExp(`^${SAVED}$`));
    }
  });

  it('reloads with no network at all: the app from the service worker, the board from IndexedDB', async () => {
    // The real built worker, served as JavaScript that browsers revalidate on every visit.
    const worker = await fetch(`${alice.network.url}/sw.js`);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(await worker.text()).toMatch(/^const SHELL_VERSION = /);
    // Opened online, the page registered the worker, which kept the app and took control.
    await alice.page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    // Polled with evaluate: waitForFunction's string predicate is an eval the page's CSP may refuse.
    await eventually(async () => (await alice.page.evaluate('navigator.serviceWorker.controller !== null')) === true, 'the worker to control the page');

    // No network at all: the browser says offline, and the proxy refuses HTTP as well as
    // the relay, so nothing can come from the server whatever the emulation lets through.
    await alice.context.setOffline(true);
    alice.network.unplug();
    await waitStatus(alice.page, /^Offline — nothing unsaved; changes you make are kept on this device$/);
    await typeInto(alice.page, ' Unplugged.');
    const before = await waitStatus(alice.page, /^Offline — \d+ changes? kept on this device$/);
    const kept = Number(/(\d+)/.exec(before)![1]);
    expect(kept).toBeGreaterThan(0);

    const reloaded = await alice.page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await eventually(async () => (await beliefText(alice.page).inputValue()).endsWith('Unplugged.'), 'the edit after an offline reload');
    await waitStatus(alice.page, new RegExp(`^Offline — ${kept} changes? kept on this device$`));
    // Still editable: the page kept the role the server granted this link.
    await typeInto(alice.page, ' Still here.');
    const after = await waitStatus(alice.page, /^Offline — \d+ changes? kept on this device$/);
    expect(Number(/(\d+)/.exec(after)![1])).toBeGreaterThan(kept);

    alice.network.restore();
    await alice.context.setOffline(false);
    await waitStatus(alice.page, new RegExp(`^${SAVED}$`));
    await eventually(async () => (await beliefText(bob.page).inputValue()).endsWith('Alice agrees. Unplugged. Still here.'), 'Bob gets the edits made around the offline reload');
  });

  it('keeps two tabs of one board in step without the relay', async () => {
    const second = await alice.context.newPage();
    await openBoard(second, alice.network);
    await waitLive(second);
    alice.network.cut();
    await waitStatus(second, /^Offline/);
    await typeInto(second, ' Tab two.');
    await eventually(async () => (await beliefText(alice.page).inputValue()).endsWith('Tab two.'), 'the first tab sees the second');
    alice.network.restore();
    await waitStatus(second, new RegExp(`^${SAVED}$`));
    await second.close();
  });

  it('says Offline when the relay stops', async () => {
    await relay.server.close();
    const text = await waitStatus(alice.page, /^Offline — nothing unsaved; changes you make are kept on this device; reconnecting…$/);
    expect(text).toMatch(/reconnecting/);
  });
});
