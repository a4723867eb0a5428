// A poisoned board in real Chromium: the board is written straight into the store (past
// the relay, as boards stored before the relay checked writes are), and a hostile peer
// publishes a poisoned presence. The page must render the board, list its healthy
// beliefs, let a person record a position, and throw nothing (`pageerror`).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mintAllSecrets } from '../../server/access/boardAccess.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { newBoardId } from '../../shared/ids.ts';
import { AGREEMENT_LABELS } from '../../shared/scale.ts';
import { parsePositionKey, positionsMap } from '../../shared/schema.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { buildPoisonedBoard, HEALTHY_BELIEFS } from '../helpers/poisonedBoard.ts';
import { accessOf, connectProvider, rememberCreatedBoard, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let relay: TestRelay;
let browser: Browser;
let alice: Person;
let hostile: ConnectedProvider;
let boardId: string;
const pageErrors: string[] = [];

// The list renders only the rows near its view (client/board/BeliefRows.tsx), so these
// scroll it through. Strings, not functions: tsx's keepNames would wrap a function
// passed to page.evaluate in a helper the page does not have.
const SCROLL_LIST = `
  const scroller = document.querySelector('[data-belief-list] ol').parentElement;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));`;

/** Belief id → text of every row of the list, scrolling it from top to bottom. */
function listTexts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(`(async () => {${SCROLL_LIST}
    const texts = {};
    for (let top = 0; ; top += scroller.clientHeight / 2) {
      scroller.scrollTop = top;
      await frame();
      for (const row of document.querySelectorAll('[data-belief-list] [data-belief-id]')) texts[row.dataset.beliefId] = row.querySelector('textarea').value;
      if (top >= scroller.scrollHeight) break;
    }
    return texts;
  })()`) as Promise<Record<string, string>>;
}

/** Scrolls the list until the row of `beliefId` is rendered. */
function scrollListTo(page: Page, beliefId: string): Promise<boolean> {
  return page.evaluate(`(async () => {${SCROLL_LIST}
    for (let top = 0; top < scroller.scrollHeight; top += scroller.clientHeight / 2) {
      scroller.scrollTop = top;
      await frame();
      const row = document.querySelector('[data-belief-list] [data-belief-id="${beliefId}"]');
      if (row) return row.scrollIntoView(), true;
    }
    return false;
  })()`) as Promise<boolean>;
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-poisoned-e2e-'));
  const store = await LeveldbStore.open(dataDir);
  try {
    boardId = newBoardId();
    const links = await mintAllSecrets(store, boardId);
    await store.createBoard(boardId, Y.encodeStateAsUpdate(buildPoisonedBoard()));
    rememberCreatedBoard({ id: boardId, url: links.facilitate, links });
  } finally {
    await store.close();
  }
  relay = await startTestRelay({ staticDir: DIST, dataDir });

  // A peer running other code: its presence holds a colour that throws when made a string,
  // a cursor of the wrong types and a selection of anything.
  hostile = connectProvider(relay.wsUrl, boardId);
  await waitSynced(hostile.provider);
  hostile.provider.awareness.setLocalState({
    user: { id: 'p-hostile', name: `Mallory \u202Egnp.exe`, color: { toString: 1, valueOf: 1 } },
    cursor: { x: 'left', y: { toString: 1 } },
    selection: [5, null, 'b-healthy-1', { id: 'b-healthy-2' }],
    viewport: { x: 'a', y: 0, scale: -1, width: 0, height: 1e308 },
    facilitating: 'yes',
  });

  browser = await launchBrowser();
  alice = await newPerson(browser, 'Alice');
  alice.page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  await joinBoard(alice, relay.server.url, boardId);
});

afterAll(async () => {
  hostile?.destroy();
  await browser?.close();
  await relay?.close();
  if (relay) await rm(relay.dataDir, { recursive: true, force: true });
});

describe('a poisoned board in the browser', () => {
  it('renders the board and lists the healthy beliefs, with no page error', async () => {
    const { page } = alice;
    await eventually(async () => {
      const texts = await listTexts(page);
      return HEALTHY_BELIEFS.every((belief) => texts[belief.id] === belief.text);
    }, 'the healthy beliefs in the list');
    // The canvas is drawn and the top bar shows the board (its title clamped or not, as text).
    expect(await page.locator('canvas').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Export' }).waitFor();
    // No part fell back to its error message.
    expect(await page.getByText(/could not be loaded|Something went wrong/i).count()).toBe(0);
    await saveScreenshot(page, 'poisoned-board.png');
    // Zoom to fit takes in a note at x = 1e308 without the view turning into NaN.
    await page.getByRole('button', { name: 'Fit' }).click();
    await eventually(async () => /^\d+%$/.test((await page.locator('.zoom-level').textContent()) ?? ''), 'a zoom in whole per cent');
    expect(pageErrors).toEqual([]);
  });

  it('lets a person record a position on a healthy belief, with no page error', async () => {
    const { page } = alice;
    expect(await scrollListTo(page, HEALTHY_BELIEFS[0].id)).toBe(true);
    const row = page.locator(`[data-belief-list] [data-belief-id="${HEALTHY_BELIEFS[0].id}"]`);
    const answersOn = (beliefId: string) =>
      Array.from(positionsMap(hostile.doc).keys()).filter((key) => parsePositionKey(key)?.beliefId === beliefId).length;
    const before = answersOn(HEALTHY_BELIEFS[0].id);
    await row.getByRole('radio', { name: AGREEMENT_LABELS[1], exact: true }).check();
    await eventually(async () => answersOn(HEALTHY_BELIEFS[0].id) > before, 'Alice\'s position in the document');
    expect(pageErrors).toEqual([]);
  });

  it('shows the Measured view with movement between the rounds, with no page error', async () => {
    const { page } = alice;
    await page.getByRole('button', { name: 'Measured view' }).click();
    await eventually(async () => (await page.getByTestId('board-canvas').getAttribute('data-layout')) === 'measured', 'Measured view on');
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'poisoned-board-measured.png');
    await page.getByRole('button', { name: 'Measured view' }).click();
    expect(pageErrors).toEqual([]);
  });

  it('exports every text format from the page, with no page error', async () => {
    const { page } = alice;
    for (const item of ['Markdown summary', 'Positions (CSV)', 'Summary per belief (CSV)', 'Snapshot (JSON, re-importable)']) {
      await page.getByRole('button', { name: 'Export' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item }).click()]);
      expect(download.suggestedFilename(), item).toMatch(/\d{4}-\d\d-\d\d\./);
    }
    expect(pageErrors).toEqual([]);
  });

  // Last: new links disconnect everyone on the old participant link, Alice included.
  it('opens for the facilitator, whose "New links…" works (its POST says JSON), with no page error', async () => {
    const facilitator = await newPerson(browser, 'Fran');
    const errors: string[] = [];
    facilitator.page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
    await facilitator.page.goto(`${relay.server.url}${accessOf(boardId).links.facilitate}`);
    await facilitator.page.getByRole('textbox', { name: 'Your name' }).fill('Fran');
    await facilitator.page.getByRole('button', { name: 'Join board' }).click();
    await waitLive(facilitator.page);
    await eventually(async () => Object.keys(await listTexts(facilitator.page)).includes(HEALTHY_BELIEFS[2].id), 'the list for the facilitator');
    facilitator.page.on('dialog', (dialog) => void dialog.accept());
    await facilitator.page.getByRole('button', { name: 'Share…' }).click();
    await facilitator.page.getByRole('button', { name: 'New links…' }).click();
    await facilitator.page.getByRole('status').filter({ hasText: 'New links made' }).waitFor();
    await facilitator.context.close();
    expect(errors).toEqual([]);
  });
});
