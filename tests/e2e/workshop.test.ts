// The facilitator's workshop tools in real Chromium through the real relay, one browser
// context per person: the Facilitate panel only for the facilitator link, the shared
// timer agreeing across pages and reloads, "Bring everyone to me" and follow, and the lock.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, beliefCount } from '../../shared/model.ts';
import { joinBoard, launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let relay: TestRelay;
let browser: Browser;
let boardId: string;
let observer: ConnectedProvider;
let fay: Person;
let alice: Person;
let bob: Person;

async function joinAsFacilitator(person: Person): Promise<void> {
  await person.page.goto(`${relay.server.url}${accessOf(boardId).links.facilitate}`);
  await person.page.getByRole('textbox', { name: 'Your name' }).fill(person.name);
  await person.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(person.page);
}

/** Seconds left on the page's timer, read from its "mm:ss". */
async function timerSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('timer', { name: 'Workshop timer' }).textContent()) ?? '';
  const match = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`The timer shows "${text}", not mm:ss.`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The board point in the middle of the person's canvas, and the zoom. */
async function viewOf(page: Page): Promise<{ x: number; y: number; scale: number }> {
  const canvas = page.getByTestId('board-canvas');
  const box = await canvas.boundingBox();
  const v = JSON.parse((await canvas.getAttribute('data-viewport')) ?? 'null') as { x: number; y: number; scale: number };
  if (!box || !v) throw new Error('The board canvas is not on screen.');
  return { x: v.x + box.width / 2 / v.scale, y: v.y + box.height / 2 / v.scale, scale: v.scale };
}

function sameView(a: { x: number; y: number; scale: number }, b: { x: number; y: number; scale: number }): boolean {
  return Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.scale - b.scale) < 1e-6;
}

async function openPanel(page: Page) {
  const button = page.getByRole('button', { name: 'Facilitate' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('dialog', { name: 'Facilitator tools' });
}

/** Pans a person's canvas with the wheel, as a person would. */
async function pan(page: Page, dx: number, dy: number) {
  const box = await page.getByTestId('board-canvas').boundingBox();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await page.mouse.wheel(dx, dy);
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Workshop', 'blank');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'observer' });
  await waitSynced(observer.provider);
  addBelief(observer.doc, { text: 'We ship small and often.', x: 0, y: 0, authorId: 'observer' }, 'observer');
  browser = await launchBrowser();
  [fay, alice, bob] = await Promise.all(['Fay', 'Alice', 'Bob'].map((name) => newPerson(browser, name)));
  await Promise.all([joinAsFacilitator(fay), joinBoard(alice, relay.server.url, boardId), joinBoard(bob, relay.server.url, boardId)]);
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('facilitated workshop tools', () => {
  it('offers the Facilitate panel to the facilitator link only', async () => {
    await fay.page.getByRole('button', { name: 'Facilitate' }).waitFor();
    expect(await alice.page.getByRole('button', { name: 'Facilitate' }).count()).toBe(0);
    expect(await bob.page.getByRole('button', { name: 'Facilitate' }).count()).toBe(0);
  });

  it('shows every page the same remaining time, also after a reload', async () => {
    const panel = await openPanel(fay.page);
    await panel.getByRole('spinbutton', { name: 'Minutes' }).fill('3');
    await panel.getByRole('button', { name: 'Start timer' }).click();
    const pages = [fay.page, alice.page, bob.page];
    for (const page of pages) await page.getByRole('timer', { name: 'Workshop timer' }).waitFor();
    const agree = async () => {
      const seconds = await Promise.all(pages.map(timerSeconds));
      return Math.max(...seconds) - Math.min(...seconds) <= 1 && Math.min(...seconds) > 170 && Math.max(...seconds) <= 180;
    };
    await eventually(agree, 'all three timers show the same time (±1 s)');

    await alice.page.reload();
    await waitLive(alice.page);
    await alice.page.getByRole('timer', { name: 'Workshop timer' }).waitFor();
    await eventually(agree, 'Alice\'s reloaded page shows the same time (±1 s)');

    await panel.getByRole('button', { name: 'Pause timer' }).click();
    await eventually(async () => (await alice.page.getByText('Paused', { exact: true }).count()) === 1, 'Alice sees the timer paused');
    await fay.page.keyboard.press('Escape');
  });

  it('brings everyone to the facilitator\'s view, until a participant pans away', async () => {
    await fay.page.getByTestId('board-canvas').focus();
    await fay.page.keyboard.press('+');
    await pan(fay.page, 240, -160);
    const panel = await openPanel(fay.page);
    await panel.getByRole('button', { name: 'Bring everyone to me' }).click();
    await fay.page.keyboard.press('Escape');

    for (const person of [alice, bob]) {
      await person.page.getByText('Following Fay').waitFor();
      await eventually(async () => sameView(await viewOf(person.page), await viewOf(fay.page)), `${person.name}'s view follows Fay's`);
    }

    // Fay moves on: her followers move with her.
    await pan(fay.page, -300, 120);
    await eventually(async () => sameView(await viewOf(alice.page), await viewOf(fay.page)), 'Alice follows Fay\'s pan');

    // Alice pans herself: she stops following, and Fay's next move leaves her where she is.
    await pan(alice.page, 100, 100);
    await eventually(async () => (await alice.page.getByText('Following Fay').count()) === 0, 'Alice no longer follows');
    const aliceView = await viewOf(alice.page);
    await pan(fay.page, 200, 0);
    await eventually(async () => sameView(await viewOf(bob.page), await viewOf(fay.page)), 'Bob still follows Fay');
    expect(sameView(await viewOf(alice.page), aliceView)).toBe(true);

    await bob.page.getByRole('button', { name: 'Stop following' }).click();
    expect(await bob.page.getByText('Following Fay').count()).toBe(0);

    // Anyone can follow anyone by their avatar.
    await alice.page.getByRole('button', { name: /^Bob — follow their view/ }).click();
    await alice.page.getByText('Following Bob').waitFor();
    await eventually(async () => sameView(await viewOf(alice.page), await viewOf(bob.page)), 'Alice follows Bob');
    await alice.page.getByRole('button', { name: 'Stop following' }).click();
  });

  it('says so when the presenter leaves without stopping, and follows again when they return', async () => {
    // A second facilitator, in a browser of her own, presents; Alice follows her.
    const gia = await newPerson(browser, 'Gia');
    try {
      await joinAsFacilitator(gia);
      await gia.page.getByTestId('board-canvas').focus();
      await gia.page.keyboard.press('Shift+P');
      await gia.page.getByText('You are presenting').waitFor();
      await alice.page.getByText('Following Gia').waitFor();
      expect(await alice.page.getByText('Gia has left the board').count()).toBe(0);

      // Her laptop closes: Alice's banner says so, and her view stays where Gia left it.
      await gia.page.close();
      await alice.page.getByText('Following Gia').waitFor();
      await alice.page.getByText('— Gia has left the board; your view stays where they left it').waitFor({ timeout: 45_000 });

      // Gia is back: the banner is as before, and Alice still follows her.
      gia.page = await gia.context.newPage();
      await gia.page.goto(`${relay.server.url}${accessOf(boardId).links.facilitate}`);
      await waitLive(gia.page);
      await eventually(async () => (await alice.page.getByText('Gia has left the board').count()) === 0, 'Alice sees Gia back');
      expect(await alice.page.getByText('Following Gia').count()).toBe(1);

      // Stopped from her banner, the presentation ends for everyone.
      await gia.page.getByRole('button', { name: 'Stop presenting' }).click();
      await eventually(async () => (await alice.page.getByText(/Following Gia|Gia is presenting/).count()) === 0, 'Alice no longer follows Gia');
    } finally {
      await gia.context.close();
    }
  });

  it('locks notes for participants while positions stay open', async () => {
    const panel = await openPanel(fay.page);
    await panel.getByRole('button', { name: 'Lock board' }).click();
    expect(await panel.getByRole('button', { name: 'Lock board' }).getAttribute('aria-pressed')).toBe('true');
    await fay.page.keyboard.press('Escape');

    const { page } = alice;
    await page.getByText('Board locked by the facilitator', { exact: false }).waitFor();
    const list = page.getByRole('complementary', { name: 'Beliefs' });
    expect(await list.getByRole('button', { name: 'Add belief' }).isDisabled()).toBe(true);
    expect(await list.getByRole('button', { name: 'Delete belief' }).isDisabled()).toBe(true);
    expect(await list.getByRole('textbox', { name: 'Belief text' }).getAttribute('readonly')).not.toBeNull();
    // Positions are not notes: they stay open.
    expect(await list.getByRole('radio').first().isDisabled()).toBe(false);

    // Neither the key N nor a double-click on empty canvas adds a note.
    const canvas = page.getByTestId('board-canvas');
    await canvas.focus();
    await page.keyboard.press('n');
    const box = (await canvas.boundingBox())!;
    await page.mouse.dblclick(box.x + 40, box.y + 40);
    await page.waitForTimeout(300);
    expect(beliefCount(observer.doc)).toBe(1);

    // The facilitator is not locked out, and unlocking gives the notes back.
    expect(await fay.page.getByRole('complementary', { name: 'Beliefs' }).getByRole('button', { name: 'Add belief' }).isDisabled()).toBe(false);
    await (await openPanel(fay.page)).getByRole('button', { name: 'Lock board' }).click();
    await eventually(async () => !(await list.getByRole('button', { name: 'Add belief' }).isDisabled()), 'Alice can add again');
    expect(await page.getByText('Board locked by the facilitator', { exact: false }).count()).toBe(0);
  });
});
