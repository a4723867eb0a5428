// Two people on one board in real Chromium (one browser context each), through the real
// relay and store. A third, headless participant — a plain WebsocketProvider in this
// process — reads the document to check where things landed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteFill } from '../../shared/colors.ts';
import { listBeliefs } from '../../shared/model.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { boardToPage, colourAt, eventually } from '../helpers/canvasProbe.ts';
import { connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let relay: TestRelay;
let browser: Browser;
let alice: Person;
let bob: Person;
let observer: ConnectedProvider;
let boardId: string;

const listOf = (person: Person) => person.page.getByRole('complementary', { name: 'Beliefs' });
const listTexts = (person: Person) => listOf(person).getByRole('textbox', { name: 'Belief text' });

async function textsIn(person: Person): Promise<string[]> {
  const boxes = listTexts(person);
  // Read in one go: a row deleted between counting and reading would wait for it forever.
  return boxes.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement | HTMLTextAreaElement).value));
}

function sameTexts(person: Person, expected: string[]) {
  return async () => JSON.stringify(await textsIn(person)) === JSON.stringify(expected);
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('The client is not built: run "npm run build" first (npm test does it).');
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Workshop', 'blank');
  browser = await launchBrowser();
  alice = await newPerson(browser, 'Alice');
  bob = await newPerson(browser, 'Bob');
  await Promise.all([joinBoard(alice, relay.server.url, boardId), joinBoard(bob, relay.server.url, boardId)]);
  observer = connectProvider(relay.wsUrl, boardId);
  await waitSynced(observer.provider);
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('a live board for two people', () => {
  it('shows each person in the other\'s presence list', async () => {
    await eventually(async () => (await alice.page.getByText('Bob', { exact: true }).count()) > 0, 'Alice sees Bob');
    await eventually(async () => (await bob.page.getByText('Alice', { exact: true }).count()) > 0, 'Bob sees Alice');
  });

  it('a belief written on Alice\'s canvas appears in Bob\'s list as she types', async () => {
    const canvas = await alice.page.getByTestId('board-canvas').boundingBox();
    expect(canvas).not.toBeNull();
    await alice.page.mouse.dblclick(canvas!.x + 260, canvas!.y + 220);
    const editor = alice.page.getByRole('textbox', { name: 'Edit belief text' });
    await editor.waitFor();
    await editor.pressSequentially('Customers churn because onboarding is slow.', { delay: 5 });
    const latency = await eventually(
      sameTexts(bob, ['Customers churn because onboarding is slow.']),
      'Bob sees Alice\'s text',
    );
    console.log(`edit → other browser: ${latency} ms (from Alice's last keystroke to Bob's list)`);
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
  });

  it('a belief added through Bob\'s list appears on Alice\'s canvas', async () => {
    await listOf(bob).getByRole('button', { name: 'Add belief' }).click();
    await bob.page.keyboard.type('Estimates make us faster.');
    await eventually(
      sameTexts(alice, ['Customers churn because onboarding is slow.', 'Estimates make us faster.']),
      'Alice\'s list shows both beliefs',
    );
    const bobs = listBeliefs(observer.doc).find((b) => b.text === 'Estimates make us faster.');
    expect(bobs).toBeDefined();
    const inside = await boardToPage(alice.page, { x: bobs!.x + 190, y: bobs!.y + 110 });
    await eventually(async () => (await colourAt(alice.page, inside)) === noteFill('yellow'), 'Bob\'s note drawn on Alice\'s canvas');
  });

  it('an edit to someone else\'s belief reaches them', async () => {
    const row = listTexts(alice).nth(1);
    await row.click();
    await row.press('End');
    await row.pressSequentially(' Sometimes.');
    await eventually(
      sameTexts(bob, ['Customers churn because onboarding is slow.', 'Estimates make us faster. Sometimes.']),
      'Bob sees Alice\'s edit of his belief',
    );
  });

  it('a note dragged and recoloured by Alice moves and changes colour on Bob\'s canvas', async () => {
    const mine = listBeliefs(observer.doc).find((b) => b.text.startsWith('Customers churn'))!;
    const grab = await boardToPage(alice.page, { x: mine.x + 100, y: mine.y + 100 });
    await alice.page.mouse.click(grab.x, grab.y);
    await alice.page.getByRole('button', { name: 'Colour: Green' }).click();
    await alice.page.mouse.move(grab.x, grab.y);
    await alice.page.mouse.down();
    for (let step = 1; step <= 10; step++) await alice.page.mouse.move(grab.x + step * 25, grab.y + step * 15);
    await alice.page.mouse.up();

    await eventually(async () => {
      const now = listBeliefs(observer.doc).find((b) => b.id === mine.id)!;
      return Math.abs(now.x - mine.x - 250) < 2 && Math.abs(now.y - mine.y - 150) < 2 && now.color === 'green';
    }, 'the move and colour reach the relay');
    const moved = { x: mine.x + 250, y: mine.y + 150 };
    const atNew = await boardToPage(bob.page, { x: moved.x + 190, y: moved.y + 110 });
    const atOld = await boardToPage(bob.page, { x: mine.x + 10, y: mine.y + 10 });
    await eventually(async () => (await colourAt(bob.page, atNew)) === noteFill('green'), 'Bob sees the green note at its new place');
    expect(await colourAt(bob.page, atOld)).not.toBe(noteFill('green'));
  });

  it('a drag called off with Escape puts the note back for everyone, and keeps it selected', async () => {
    const note = listBeliefs(observer.doc).find((b) => b.text.startsWith('Customers churn'))!;
    const now = () => listBeliefs(observer.doc).find((b) => b.id === note.id)!;
    const grab = await boardToPage(alice.page, { x: note.x + 100, y: note.y + 60 });
    await alice.page.mouse.move(grab.x, grab.y);
    await alice.page.mouse.down();
    for (let step = 1; step <= 8; step++) await alice.page.mouse.move(grab.x + step * 20, grab.y);
    await eventually(async () => now().x > note.x + 50, 'the note moving for the others mid-drag');
    await alice.page.keyboard.press('Escape');
    await alice.page.mouse.up();
    await eventually(async () => now().x === note.x && now().y === note.y, 'the note back in its place for the others');
    // The Escape was the drag's: the shortcuts did not also clear the selection.
    await alice.page.getByRole('group', { name: 'Your position on the selected belief' }).waitFor();
  });

  it('a belief deleted by its author disappears for the other, who could not delete it', async () => {
    // Alice adds a third belief with the N key; Bob may not delete it, Alice may.
    await alice.page.getByTestId('board-canvas').click({ position: { x: 40, y: 40 } });
    await alice.page.keyboard.press('n');
    const editor = alice.page.getByRole('textbox', { name: 'Edit belief text' });
    await editor.waitFor();
    await editor.pressSequentially('Our users read the release notes.');
    await editor.press('Escape');
    await eventually(async () => (await textsIn(bob)).length === 3, 'Bob sees the third belief');
    const rowIn = (person: Person) => listOf(person).getByRole('listitem').filter({ has: person.page.getByRole('textbox', { name: 'Belief text' }) }).nth(2);
    const bobsDelete = rowIn(bob).getByRole('button', { name: /Delete/ });
    expect(await bobsDelete.isDisabled()).toBe(true);
    expect(await bobsDelete.getAttribute('title')).toMatch(/Only its author or the facilitator/);
    await rowIn(alice).getByRole('button', { name: /Delete/ }).click();
    await eventually(async () => (await textsIn(bob)).length === 2, 'Bob sees the deletion');
    expect(listBeliefs(observer.doc).map((b) => b.text)).not.toContain('Our users read the release notes.');
  });

  it('Alice\'s undo takes back only her own changes, never Bob\'s', async () => {
    const undo = alice.page.getByRole('button', { name: 'Undo' });
    for (let i = 0; i < 30 && (await undo.isEnabled()); i++) await undo.click();
    expect(await undo.isEnabled()).toBe(false);
    // Her note is gone and her edit of Bob's text is reverted; Bob's belief stays, in his words.
    await eventually(sameTexts(alice, ['Estimates make us faster.']), 'Alice\'s list after undo');
    await eventually(sameTexts(bob, ['Estimates make us faster.']), 'Bob\'s list after Alice\'s undo');
    // Redo brings her work back.
    await alice.page.getByRole('button', { name: 'Redo' }).click();
    await eventually(async () => (await textsIn(bob)).length === 2, 'Alice\'s redo reaches Bob');
  });

  it('a new name given in the rename dialog reaches the other person', async () => {
    await bob.page.getByRole('button', { name: /Bob \(you\).*change your name/ }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'Change your name' });
    await dialog.getByRole('textbox', { name: 'Your name' }).fill('Robert');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const people = alice.page.getByRole('region', { name: 'People here' });
    await people.getByRole('button', { name: /^R?Robert/ }).waitFor({ timeout: 10_000 });
  });

  it('everything is still there after a reload', async () => {
    const before = await textsIn(bob);
    expect(before.length).toBe(2);
    await bob.page.reload();
    await waitLive(bob.page);
    await eventually(sameTexts(bob, before), 'Bob\'s list after reload');
    const file = await saveScreenshot(alice.page, 'live-board.png');
    expect(existsSync(file)).toBe(true);
  });
});

describe('the home page', () => {
  it('creates a board, opens it, and lists it among your boards', async () => {
    const carol = await newPerson(browser, 'Carol');
    try {
      await carol.page.goto(relay.server.url + '/');
      await carol.page.getByRole('textbox', { name: 'Board title' }).fill('Retro beliefs');
      await carol.page.getByRole('button', { name: 'Create board' }).click();
      await carol.page.waitForURL(/\/b\/[A-Za-z0-9_-]{22}#k=[A-Za-z0-9_-]{22}$/);
      await carol.page.getByRole('textbox', { name: 'Your name' }).fill('Carol');
      await carol.page.getByRole('button', { name: 'Join board' }).click();
      await waitLive(carol.page);
      await carol.page.goto(relay.server.url + '/');
      await carol.page.getByRole('link', { name: /Retro beliefs/ }).waitFor();
    } finally {
      await carol.context.close();
    }
  });

  it('answers an unknown board link with a page that says so', async () => {
    const response = await fetch(`${relay.server.url}/b/${'A'.repeat(22)}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('There is no board at this link');
  });
});
