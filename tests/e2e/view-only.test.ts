// A view-only link in real Chromium: the board shows live (a participant's edit appears),
// nothing on the page offers to change it, the relay keeps nothing it might send, and the
// strict Content-Security-Policy lets the whole app run. A wrong link says so in words.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, beliefCount } from '../../shared/model.ts';
import { launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let relay: TestRelay;
let browser: Browser;
let viewer: Person;
let participant: ConnectedProvider;
let boardId: string;
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('The client is not built: run "npm run build" first (npm test does it).');
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Retro', 'belief-map');
  participant = connectProvider(relay.wsUrl, boardId, { as: 'p1' });
  await waitSynced(participant.provider);
  addBelief(participant.doc, { text: 'Written before the audience came', x: 0, y: 0, authorId: 'p1' }, 'p1');
  browser = await launchBrowser();
  viewer = await newPerson(browser, 'Audience');
  viewer.page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await viewer.page.goto(`${relay.server.url}${accessOf(boardId).links.view}`);
  await viewer.page.getByRole('textbox', { name: 'Your name' }).fill('Audience');
  await viewer.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(viewer.page);
});

afterAll(async () => {
  participant?.destroy();
  await browser?.close();
  await relay?.close();
});

const listTexts = () => viewer.page.getByRole('complementary', { name: 'Beliefs' }).getByRole('textbox', { name: 'Belief text' });

describe('a view-only link', () => {
  it('shows the board live: a participant\'s new belief appears', async () => {
    await viewer.page.getByText('View only', { exact: true }).waitFor();
    await eventually(async () => (await listTexts().count()) === 1, 'the existing belief is listed');
    addBelief(participant.doc, { text: 'Added while they watch', x: 300, y: 0, authorId: 'p1' }, 'p1');
    await eventually(async () => (await listTexts().count()) === 2, 'the new belief appears for the viewer');
    expect(await listTexts().nth(1).inputValue()).toBe('Added while they watch');
  });

  it('offers no editing: no add buttons, disabled tools and rows, no note from a double-click', async () => {
    const { page } = viewer;
    const list = page.getByRole('complementary', { name: 'Beliefs' });
    expect(await list.getByRole('button', { name: 'Add belief' }).count()).toBe(0);
    expect(await list.getByRole('button', { name: 'Write a belief' }).count()).toBe(0);
    expect(await page.getByRole('toolbar', { name: 'Board tools' }).getByRole('button', { name: 'Add belief' }).isDisabled()).toBe(true);
    expect(await listTexts().first().isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Copy .* link/ }).count()).toBe(0);

    const canvas = await page.getByTestId('board-canvas').boundingBox();
    await page.mouse.dblclick(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height / 2);
    await page.keyboard.press('n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.getByRole('textbox', { name: 'Edit belief text' }).count()).toBe(0);
    expect(beliefCount(participant.doc)).toBe(2);
    expect(await listTexts().count()).toBe(2);
  });

  it('runs under the strict Content-Security-Policy without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});

describe('a link with a wrong secret', () => {
  it('says the link is not valid, in words', async () => {
    const stranger = await newPerson(browser, 'Stranger');
    try {
      await stranger.page.goto(`${relay.server.url}/b/${boardId}#k=${'A'.repeat(22)}`);
      const join = stranger.page.getByRole('textbox', { name: 'Your name' });
      const refusal = stranger.page.getByText('This link is not valid — ask the facilitator for a new one');
      // The board page loads as its own chunk: wait for whichever it shows first.
      await join.or(refusal).first().waitFor({ timeout: 10_000 });
      if (await join.count()) {
        await join.fill('Stranger');
        await stranger.page.getByRole('button', { name: 'Join board' }).click();
      }
      await refusal.waitFor({ timeout: 10_000 });
    } finally {
      await stranger.context.close();
    }
  });
});
