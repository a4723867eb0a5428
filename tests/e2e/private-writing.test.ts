// Private writing in real Chromium through the real relay (docs/rounds.md): while the
// facilitator has it on, Alice's new notes (by the N key, a double-click and the list) are hers alone — Bob's page and a plain
// participant-link client reading the shared document get none of their text — and when
// the facilitator ends it, they all appear on every page and in the document as Alice's.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listBeliefs, readParticipants } from '../../shared/model.ts';
import { joinBoard, launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const FIRST = 'Our onboarding loses people on day two';
const SECOND = 'Support hears about outages before we do';
const THIRD = 'Pricing pages confuse new buyers';
const ALL = [FIRST, SECOND, THIRD];

let relay: TestRelay;
let browser: Browser;
let boardId: string;
let observer: ConnectedProvider;
/** Every document update the observer was sent, to search their bytes for private text. */
const observedUpdates: Uint8Array[] = [];
let fay: Person;
let alice: Person;
let bob: Person;
/** While true, what the relay sends Bob's page is held back (it arrives late, as on a busy machine). */
let holdingForBob = false;
const heldForBob: (() => void)[] = [];

async function joinAsFacilitator(person: Person): Promise<void> {
  await person.page.goto(`${relay.server.url}${accessOf(boardId).links.facilitate}`);
  await person.page.getByRole('textbox', { name: 'Your name' }).fill(person.name);
  await person.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(person.page);
}

async function togglePrivateWriting(page: Page, expected: 'true' | 'false'): Promise<void> {
  const button = page.getByRole('button', { name: 'Facilitate' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const panel = page.getByRole('dialog', { name: 'Facilitator tools' });
  const toggle = panel.getByRole('button', { name: 'Private writing' });
  await toggle.click();
  expect(await toggle.getAttribute('aria-pressed')).toBe(expected);
  await page.keyboard.press('Escape');
}

function beliefList(page: Page) {
  return page.getByRole('complementary', { name: 'Beliefs' });
}

/** The texts of the board's beliefs as the page's list shows them. */
async function listedBeliefs(page: Page): Promise<string[]> {
  const boxes = beliefList(page).getByRole('textbox', { name: 'Belief text' });
  return Promise.all((await boxes.all()).map((box) => box.inputValue()));
}

async function privateTexts(page: Page): Promise<string[]> {
  const boxes = beliefList(page).getByRole('textbox', { name: 'Private note text' });
  return Promise.all((await boxes.all()).map((box) => box.inputValue()));
}

/** Whether any byte the observer was sent, or its document now, holds `text`. */
function observerHas(text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  const sent = observedUpdates.some((update) => Buffer.from(update).includes(needle));
  return sent || Buffer.from(Y.encodeStateAsUpdate(observer.doc)).includes(needle);
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Brainstorm', 'blank');
  observer = connectProvider(relay.wsUrl, boardId);
  observer.doc.on('update', (update: Uint8Array) => observedUpdates.push(update));
  await waitSynced(observer.provider);
  browser = await launchBrowser();
  [fay, alice, bob] = await Promise.all(['Fay', 'Alice', 'Bob'].map((name) => newPerson(browser, name)));
  await bob.page.routeWebSocket(/\/ws\//, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => server.send(message));
    server.onMessage((message) => (holdingForBob ? heldForBob.push(() => socket.send(message)) : socket.send(message)));
  });
  await Promise.all([joinAsFacilitator(fay), joinBoard(alice, relay.server.url, boardId), joinBoard(bob, relay.server.url, boardId)]);
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('private writing', () => {
  it('keeps new notes with their author until the facilitator ends it, then adds them for everyone', async () => {
    await togglePrivateWriting(fay.page, 'true');
    for (const person of [fay, alice, bob]) {
      await person.page.getByText('Private writing — your new notes stay private until the facilitator ends it').waitFor();
    }

    // Alice writes one note with the N key, in the canvas editor…
    const { page } = alice;
    await page.getByTestId('board-canvas').focus();
    await page.keyboard.press('n');
    const editor = page.getByRole('textbox', { name: 'Edit private note text' });
    await editor.waitFor();
    await page.keyboard.type(FIRST);
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });

    // …one with a double-click on empty canvas…
    const box = (await page.getByTestId('board-canvas').boundingBox())!;
    await page.mouse.dblclick(box.x + box.width - 160, box.y + box.height - 120);
    await editor.waitFor();
    await page.keyboard.type(THIRD);
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });

    // …and one from the list.
    await beliefList(page).getByRole('button', { name: 'Add belief' }).click();
    const listed = beliefList(page).getByRole('textbox', { name: 'Private note text' }).nth(2);
    await eventually(async () => (await listed.count()) === 1 && (await listed.evaluate((el) => el === document.activeElement)), 'the new private note takes the keyboard');
    await page.keyboard.type(SECOND);
    await page.getByTestId('board-canvas').focus();

    // Alice sees both in her private section and, dashed, on her canvas.
    const section = page.getByRole('region', { name: /^Your private notes \(only you can see these/ });
    await section.waitFor();
    // The list shows the relay's copy of each note (its echo of every keystroke), which
    // may still be a few keystrokes behind on a busy machine: wait for the last echo.
    const inOrder = JSON.stringify([FIRST, THIRD, SECOND]);
    await eventually(async () => JSON.stringify(await privateTexts(page)) === inOrder, "the relay's copies of Alice's three private notes");
    expect(await page.locator('[data-private-notes]').getAttribute('data-private-notes')).toBe('3');
    expect(await listedBeliefs(page)).toEqual([]);

    // The relay has them: a reload brings them back from it, not from this tab.
    await page.reload();
    await waitLive(page);
    await eventually(async () => JSON.stringify(await privateTexts(page)) === JSON.stringify([FIRST, THIRD, SECOND]), 'Alice\'s reloaded page shows her private notes');

    // Nobody else has a trace: not Bob's page, not the shared document, not any byte sent.
    for (const text of ALL) {
      expect(await bob.page.getByText(text).count()).toBe(0);
      expect(await fay.page.getByText(text).count()).toBe(0);
      expect(observerHas(text)).toBe(false);
    }
    expect(await listedBeliefs(bob.page)).toEqual([]);
    expect(await privateTexts(bob.page)).toEqual([]);
    expect(listBeliefs(observer.doc)).toEqual([]);

    // The facilitator ends private writing: the notes are on the board for everyone, Alice's.
    await togglePrivateWriting(fay.page, 'false');
    await eventually(async () => listBeliefs(observer.doc).length === ALL.length, 'the observer\'s document holds all three notes');
    const aliceId = [...readParticipants(observer.doc)].find(([, record]) => record.name === 'Alice')?.[0];
    expect(aliceId).toBeDefined();
    const released = listBeliefs(observer.doc);
    expect(released.map((belief) => belief.text).sort()).toEqual([...ALL].sort());
    expect(released.every((belief) => belief.authorId === aliceId)).toBe(true);

    for (const person of [fay, alice, bob]) {
      await eventually(
        async () => JSON.stringify((await listedBeliefs(person.page)).sort()) === JSON.stringify([...ALL].sort()),
        `${person.name}'s list shows all three notes`,
      );
      expect(await person.page.getByText('Private writing — your new notes stay private', { exact: false }).count()).toBe(0);
    }
    await eventually(async () => (await section.count()) === 0, 'Alice\'s private section is gone');
    expect(await page.locator('[data-private-notes]').count()).toBe(0);
  });

  it('keeps a note just added, and the keyboard in it, when the answers to earlier saves arrive after it', async () => {
    // Before: the relay answers each save with my whole list as it stood then; an answer
    // to an earlier save (a keystroke in another note) that came after a new note was
    // added took the new note away for a moment, and the keyboard out of its row for good.
    await togglePrivateWriting(fay.page, 'true');
    const { page } = bob;
    await page.getByText('Private writing — your new notes stay private until the facilitator ends it').waitFor();
    const notes = beliefList(page).getByRole('textbox', { name: 'Private note text' });
    const before = await notes.count();

    holdingForBob = true;
    await beliefList(page).getByRole('button', { name: 'Add belief' }).click();
    await eventually(async () => (await notes.count()) === before + 1, 'the first note in the list');
    await page.keyboard.type('Slow');
    await beliefList(page).getByRole('button', { name: 'Add belief' }).click();
    const second = notes.nth(before + 1);
    await eventually(async () => (await second.count()) === 1 && (await second.evaluate((el) => el === document.activeElement)), 'the second note takes the keyboard');

    // The relay's answers to the first note's saves arrive now, each without the second note.
    holdingForBob = false;
    for (const deliver of heldForBob.splice(0)) deliver();
    await page.waitForTimeout(500);
    expect(await notes.count()).toBe(before + 2);
    expect(await second.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Late');
    await eventually(async () => JSON.stringify((await privateTexts(page)).slice(before)) === JSON.stringify(['Slow', 'Late']), "the relay's copies of Bob's two notes");
  });
});
