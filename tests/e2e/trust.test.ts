// What the relay's rules look like to people in real Chromium, one browser context each:
// deleting someone else's belief is not offered, deleting one others answered asks first
// and it waits in "Recently deleted"; a change the board refused (it was locked while I
// was offline) is said in words and my copy is reloaded from the relay; personal links
// name their person, and "personal links only" turns the shared link into a viewer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, listBeliefs, readBelief, readParticipants } from '../../shared/model.ts';
import { readWorkshop } from '../../shared/workshop.ts';
import { joinBoard, launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, writeAs, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

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

function participantIdOf(name: string): string {
  const entry = [...readParticipants(observer.doc)].find(([, record]) => record.name === name);
  if (!entry) throw new Error(`${name} has no participant record.`);
  return entry[0];
}

/** The list row whose belief reads `text`, or null (rows are found by their textbox's value). */
async function findRow(person: Person, text: string) {
  const rows = person.page.getByRole('complementary', { name: 'Beliefs' }).locator('li.belief-row');
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    if ((await row.getByRole('textbox', { name: 'Belief text' }).inputValue()) === text) return row;
  }
  return null;
}

async function rowOf(person: Person, text: string) {
  let row = await findRow(person, text);
  await eventually(async () => (row = await findRow(person, text)) !== null, `${person.name}'s row "${text}"`);
  return row!;
}

async function openPanel(person: Person) {
  const button = person.page.getByRole('button', { name: 'Facilitate' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return person.page.getByRole('dialog', { name: 'Facilitator tools' });
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Trust', 'blank');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'observer' });
  await waitSynced(observer.provider);
  browser = await launchBrowser();
  [fay, alice, bob] = await Promise.all(['Fay', 'Alice', 'Bob'].map((name) => newPerson(browser, name)));
  await joinAsFacilitator(fay);
  await Promise.all([joinBoard(alice, relay.server.url, boardId), joinBoard(bob, relay.server.url, boardId)]);
  await eventually(async () => readParticipants(observer.doc).size >= 3, 'everyone recorded as a participant');
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('the rules, as people meet them', () => {
  it('offers deleting only to the author; asks before deleting what others answered; restores from "Recently deleted"', async () => {
    const text = 'Alice’s belief that Bob answered';
    // Alice writes it in her own browser, so she is its author.
    await alice.page.getByRole('complementary', { name: 'Beliefs' }).getByRole('button', { name: 'Add belief' }).click();
    // The new row's textbox has the keyboard.
    await alice.page.keyboard.type(text);
    await eventually(async () => listBeliefs(observer.doc).some((belief) => belief.text === text), 'the belief reaches the relay');
    const id = listBeliefs(observer.doc).find((belief) => belief.text === text)!.id;
    // Bob answers it through his list.
    await (await rowOf(bob, text)).getByRole('radio', { name: /Agree/ }).first().check();
    await eventually(async () => listBeliefs(observer.doc).length > 0 && readPositionCount(id) === 1, 'Bob’s answer on the relay');

    expect(await (await rowOf(bob, text)).getByRole('button', { name: 'Delete belief' }).isDisabled()).toBe(true);

    let asked = '';
    alice.page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await (await rowOf(alice, text)).getByRole('button', { name: 'Delete belief' }).click();
    await eventually(async () => readBelief(observer.doc, id)?.deletedAt !== null, 'the deletion on the relay');
    expect(asked).toMatch(/positions from 1 other person/);
    expect(readPositionCount(id)).toBe(1);

    const deleted = bob.page.getByRole('region', { name: 'Recently deleted' });
    await deleted.getByRole('button', { name: 'Recently deleted (1)' }).click();
    expect(await deleted.getByRole('button', { name: 'Restore' }).isDisabled()).toBe(true);
    const alicesDeleted = alice.page.getByRole('region', { name: 'Recently deleted' });
    await alicesDeleted.getByRole('button', { name: 'Recently deleted (1)' }).click();
    await alicesDeleted.getByRole('button', { name: 'Restore' }).click();
    await eventually(async () => readBelief(observer.doc, id)?.deletedAt === null, 'the restore on the relay');
    await rowOf(bob, text);
    expect(readPositionCount(id)).toBe(1);
  });

  it('says in words that a change was refused while offline, and reloads my copy from the relay', async () => {
    const text = 'Written before the lock';
    await writeAs(relay.wsUrl, boardId, 'observer', (doc) => addBelief(doc, { text, x: 0, y: 0, authorId: 'observer' }, 'setup'));
    await rowOf(bob, text);
    await bob.context.setOffline(true);
    await bob.page.getByRole('status').filter({ hasText: /Offline/ }).waitFor();
    await (await rowOf(bob, text)).getByRole('textbox', { name: 'Belief text' }).fill('Changed while offline');
    // Meanwhile the facilitator locks the notes.
    const panel = await openPanel(fay);
    await panel.getByRole('button', { name: 'Lock board' }).click();
    await eventually(async () => readWorkshop(observer.doc).locked, 'the lock on the relay');
    await fay.page.keyboard.press('Escape');
    await bob.context.setOffline(false);
    // Said in words, also on the reloaded page.
    await bob.page.getByRole('alert').filter({ hasText: /your typing was not saved\. The board was reloaded/ }).waitFor({ timeout: 15_000 });
    await waitLive(bob.page);
    await rowOf(bob, text);
    expect(await findRow(bob, 'Changed while offline')).toBeNull();
    expect(listBeliefs(observer.doc).some((belief) => belief.text === text)).toBe(true);
    const unlock = await openPanel(fay);
    await unlock.getByRole('button', { name: 'Lock board' }).click();
    await fay.page.keyboard.press('Escape');
  });

  it('names the person of a personal link; "personal links only" leaves the shared link viewing', async () => {
    const panel = await openPanel(fay);
    await panel.getByRole('textbox', { name: 'Personal link for' }).fill('Maya');
    await panel.getByRole('button', { name: 'Make personal link' }).click();
    const link = await panel.getByRole('textbox', { name: "Maya's personal link" }).inputValue();
    expect(link).toContain(`/b/${boardId}#k=`);

    const maya = await newPerson(browser, 'Maya');
    await maya.page.goto(link);
    // No name to type: the link says who she is.
    await waitLive(maya.page);
    await eventually(async () => [...readParticipants(observer.doc).values()].some((record) => record.name === 'Maya'), 'Maya on the board under her own name');

    await panel.getByRole('checkbox', { name: /Personal links only/ }).check();
    // Alice, Bob and this test's observer came through the shared participant link; Fay through hers.
    await panel.getByText(/3 people joined through the shared participant link; 1 personal link/).waitFor();
    await fay.page.keyboard.press('Escape');
    // Alice's shared link now only views: she reconnects as a viewer and is told why.
    await alice.page.getByText('View only').waitFor({ timeout: 15_000 });
    expect(await alice.page.getByRole('toolbar', { name: 'Board tools' }).getByRole('button', { name: 'Add belief' }).isDisabled()).toBe(true);
    await alice.page.getByText(/personal links only/).first().waitFor();
    // Maya still answers.
    const first = listBeliefs(observer.doc)[0]!;
    await (await rowOf(maya, first.text)).getByRole('radio', { name: /Agree/ }).first().check();
    await eventually(async () => readPositionCount(first.id) >= 1, 'Maya’s answer on the relay');
    // The answer is Maya's own, under the id her personal link names.
    expect(observer.doc.getMap('positions').has(`${first.id}:${participantIdOf('Maya')}`)).toBe(true);
    await maya.context.close();
  });
});

function readPositionCount(beliefId: string): number {
  let count = 0;
  observer.doc.getMap('positions').forEach((_, key) => {
    if (key.startsWith(`${beliefId}:`)) count++;
  });
  return count;
}

