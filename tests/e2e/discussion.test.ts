// A belief's discussion and actions (issue 18) in real Chromium through the real relay, one
// browser context per person: Alice opens a belief's discussion from the keyboard, comments
// mentioning Bob, and adds the action the belief's quadrant suggests, for Bob; Bob, back
// after being away, finds the belief marked "Mentioned you" and the mention in the thread,
// marks the action done in the Actions panel; Alice sees it done there, and the Markdown
// she downloads carries the last word and the action under the belief's quadrant. A
// view-only link reads the thread and can write nothing in it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addBelief, setPosition } from '../../shared/model.ts';
import { QUADRANTS } from '../../shared/quadrants.ts';
import { joinBoard, launchBrowser, newPerson, openDiscussion, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, writeAs, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const BELIEF = 'Estimates make us faster';

let relay: TestRelay;
let browser: Browser;
let boardId: string;
let observer: ConnectedProvider;
let alice: Person;
let bob: Person;

function row(page: Page) {
  return page.locator('[data-belief-list] li.belief-row').first();
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`The client is not built in ${DIST}: run "npm run build" first.`);
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Discussion e2e', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'observer' });
  await waitSynced(observer.provider);
  const beliefId = addBelief(observer.doc, { text: BELIEF, x: -600, y: 300, authorId: 'observer' }, 'observer');
  // Four people split into camps who all want change: "We must resolve our differences".
  const answers = [-2, 2, -2, 2] as const;
  for (const [index, agreement] of answers.entries()) {
    await writeAs(relay.wsUrl, boardId, `p${index}`, (doc) => setPosition(doc, beliefId, `p${index}`, { agreement, direction: -1 }, `p${index}`));
  }
  browser = await launchBrowser();
  alice = await newPerson(browser, 'Alice');
  bob = await newPerson(browser, 'Bob');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  observer?.destroy();
  await relay?.close();
});

it('discusses a belief, mentions a colleague, decides an action and carries both into the retro Markdown', async () => {
  // Bob has been here before: his browser remembers the board as it was.
  await joinBoard(bob, relay.server.url, boardId);
  await row(bob.page).waitFor();
  await bob.page.waitForTimeout(300);
  await bob.page.goto('about:blank');

  await joinBoard(alice, relay.server.url, boardId);
  const page = alice.page;
  // From the keyboard: the belief's row, then C.
  await row(page).focus();
  await page.keyboard.press('c');
  const thread = page.getByRole('dialog', { name: 'Discussion' });
  await thread.waitFor();
  // Focus starts in the comment box, so typing goes straight into it.
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('dialog') !== null && document.activeElement?.tagName)).toBe('TEXTAREA');
  await page.keyboard.type('Faster than what? Bob, you ran the last sprint');
  await thread.getByRole('combobox', { name: 'Mention someone' }).selectOption({ label: 'Bob' });
  await thread.getByRole('button', { name: 'Comment', exact: true }).click();
  const comment = thread.locator('article.comment');
  await expect.poll(() => comment.textContent()).toContain('@Bob Faster than what?');
  await expect.poll(() => row(page).getByRole('button', { name: /^Discuss/ }).getAttribute('data-comment-count')).toBe('1');
  // The note on the canvas carries the count too.
  await expect.poll(() => page.getByTestId('board-canvas').getAttribute('data-commented-notes')).toBe('1');

  // The quadrant's suggestion, for Bob, by a date.
  await expect.poll(() => thread.textContent()).toContain(QUADRANTS['must-resolve'].caption);
  await thread.getByRole('button', { name: 'Schedule a discussion' }).click();
  await thread.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'Bob' });
  await thread.getByLabel('By when').fill('2027-01-15');
  await thread.getByRole('button', { name: 'Add action' }).click();
  await expect.poll(() => thread.locator('.action-item').textContent()).toContain('Schedule a discussion — Bob, by 2027-01-15');
  await saveScreenshot(page, 'discussion.png');
  // Escape closes the discussion and gives focus back to the row.
  await page.keyboard.press('Escape');
  await thread.waitFor({ state: 'hidden' });
  await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('belief-row'))).toBe(true);

  // Bob comes back: the belief is marked for him, and the row says he was mentioned.
  await bob.page.goto(`${relay.server.url}${accessOf(boardId).links.edit}`);
  await waitLive(bob.page);
  await expect.poll(() => row(bob.page).locator('[data-visit-mark]').getAttribute('data-visit-mark'), { timeout: 10_000 }).toBe('mentioned');
  const discuss = row(bob.page).getByRole('button', { name: /^Discuss/ });
  await expect.poll(() => discuss.getAttribute('aria-label')).toBe('Discuss: 1 comment, 1 mentions you');
  const bobsThread = await openDiscussion(bob.page, row(bob.page));
  await expect.poll(() => bobsThread.locator('.mention').textContent({ timeout: 5_000 }), { message: 'the comment shows no mention' }).toBe('@you ');
  await expect.poll(() => bobsThread.locator('.mention').getAttribute('data-me'), { message: 'the mention is not marked as Bob himself' }).toBe('');
  await bobsThread.getByRole('button', { name: 'Close' }).click();

  // The Actions panel (Shift+C): Bob filters to what is open, and marks his action done.
  await bob.page.keyboard.press('Shift+C');
  const bobsPanel = bob.page.getByRole('dialog', { name: 'Actions' });
  await bobsPanel.getByRole('combobox', { name: 'Status' }).selectOption('open');
  await bobsPanel.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'you' });
  const item = bobsPanel.locator('.action-item');
  await expect.poll(() => item.count()).toBe(1);
  await item.getByRole('checkbox').click();
  // Done, it leaves the "Open" filter.
  await expect.poll(() => item.count()).toBe(0);

  // Alice sees it done in her panel, opened from the toolbar.
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Actions' });
  await panel.getByRole('combobox', { name: 'Status' }).selectOption('done');
  await expect.poll(() => panel.locator('.action-item').getAttribute('data-status')).toBe('done');
  await panel.getByRole('button', { name: 'Close' }).click();

  // The retro Markdown carries the discussion's last word and the action under the quadrant.
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Markdown summary' }).click()])) as [Download, void];
  const markdown = await readFile((await download.path())!, 'utf8');
  const section = markdown.slice(markdown.indexOf(`## ${QUADRANTS['must-resolve'].caption}`), markdown.indexOf('## Needs positions'));
  expect(section).toContain(`- ${BELIEF}\n`);
  expect(section).toMatch(/ {2}- Discussion: 1 comment; last word from Alice, .*: “@Bob Faster than what\? Bob, you ran the last sprint”/);
  expect(section).toContain('  - [x] Action: Schedule a discussion — Bob, by 2027-01-15');

  // A view-only link reads the discussion from its row, and is offered nothing to write.
  const viewer = await newPerson(browser, 'Vera');
  await viewer.page.goto(`${relay.server.url}${accessOf(boardId).links.view}`);
  await viewer.page.getByRole('textbox', { name: 'Your name' }).fill('Vera');
  await viewer.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(viewer.page);
  const watched = viewer.page.getByRole('dialog', { name: 'Discussion' });
  const readLink = row(viewer.page).getByRole('link', { name: 'Discuss: 1 comment' });
  await readLink.waitFor();
  await viewer.page.waitForTimeout(1000);
  await readLink.click();
  await watched.waitFor({ timeout: 5_000 });
  await expect.poll(() => watched.locator('article.comment').textContent()).toContain('@Bob Faster than what?');
  expect(await watched.getByRole('textbox').count()).toBe(0);
  expect(await watched.getByRole('button', { name: /^(Reply|Edit|Delete|Hide|Add action)$/ }).count()).toBe(0);
  expect(await watched.getByRole('checkbox').isDisabled()).toBe(true);
}, 90_000);
