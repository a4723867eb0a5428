// The board's History in real Chromium (docs/history.md): beliefs are written, one is
// deleted; the facilitator opens History, scrubs the timeline with the keyboard back to the
// moment the deleted belief was added, sees the map as it was then (that belief on it, the
// later one not yet), and restores the deleted belief from there — the live board, and
// another person's copy through the relay, get it back.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, deleteBeliefs, isBeliefLive, listBeliefs, moveBeliefs } from '../../shared/model.ts';
import { launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, writeAs, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let relay: TestRelay;
let browser: Browser;
let facilitator: Person;
let watcher: ConnectedProvider;
let boardId: string;
let deletedId = '';

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('The client is not built: run "npm run build" first (npm test does it).');
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Looking back', 'belief-map');
  const write = (change: Parameters<typeof writeAs>[3]) => writeAs(relay.wsUrl, boardId, 'p1', change);
  await write((doc) => addBelief(doc, { text: 'Kept all along', x: 100, y: -300, authorId: 'p1' }, 'p1'));
  await write((doc) => {
    deletedId = addBelief(doc, { text: 'Deleted later', x: 400, y: -300, authorId: 'p1' }, 'p1');
  });
  await write((doc) => addBelief(doc, { text: 'Added last', x: 100, y: 200, authorId: 'p1' }, 'p1'));
  await write((doc) => deleteBeliefs(doc, [deletedId], 'p1', 'p1'));
  await write((doc) => moveBeliefs(doc, [{ id: listBeliefs(doc).find((belief) => belief.text === 'Kept all along')!.id, x: 700, y: 300 }], 'p1'));
  watcher = connectProvider(relay.wsUrl, boardId, { as: 'watcher' });
  await waitSynced(watcher.provider);
  browser = await launchBrowser();
  facilitator = await newPerson(browser, 'Fran');
  await facilitator.page.goto(`${relay.server.url}${accessOf(boardId).links.facilitate}`);
  await facilitator.page.getByRole('textbox', { name: 'Your name' }).fill('Fran');
  await facilitator.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(facilitator.page);
});

afterAll(async () => {
  watcher?.destroy();
  await browser?.close();
  await relay?.close();
});

const slider = (page: Page) => page.getByRole('slider', { name: 'Moment' });
const momentMap = (page: Page) => page.getByTestId('history-map-now');
const shownBeliefs = async (page: Page) => Number(await momentMap(page).getAttribute('data-beliefs'));
const listTexts = (page: Page) => momentMap(page).getByRole('textbox', { name: 'Belief text' });

describe('history', () => {
  it('scrubs back to an earlier map and restores a belief deleted since', async () => {
    const { page } = facilitator;
    // H opens it (the top bar's "History" says so), and the timeline takes the keyboard.
    await page.keyboard.press('h');
    await slider(page).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'History' }).getAttribute('aria-pressed')).toBe('true');
    // It opens on the last moment: the board as it is, the deleted belief off the map.
    expect(await shownBeliefs(page)).toBe(2);

    await eventually(async () => page.evaluate(`document.activeElement?.getAttribute('type') === 'range'`) as Promise<boolean>, 'the slider focused');
    await page.keyboard.press('Home');
    await eventually(async () => (await slider(page).getAttribute('aria-valuetext'))?.startsWith('Moment 1 of') === true, 'the first moment');
    expect(await shownBeliefs(page)).toBe(0);
    // Step on with the arrow key to the moment "Deleted later" was added.
    for (let step = 0; step < 20; step++) {
      if ((await slider(page).getAttribute('aria-valuetext'))?.includes('Added “Deleted later”')) break;
      await page.keyboard.press('ArrowRight');
    }
    const said = (await slider(page).getAttribute('aria-valuetext')) ?? '';
    expect(said).toMatch(/^Moment \d+ of \d+: .*\d.* — Added “Deleted later”$/);
    await eventually(async () => (await shownBeliefs(page)) === 2, 'the map as it was then');
    const texts = await listTexts(page).evaluateAll((boxes) => boxes.map((box) => (box as HTMLTextAreaElement).value));
    expect(texts.sort()).toEqual(['Deleted later', 'Kept all along']);
    // Read-only: the moment's list offers nothing to change.
    expect(await listTexts(page).first().isDisabled()).toBe(true);
    await saveScreenshot(page, 'history-moment.png');

    const deletedSince = page.getByRole('region', { name: 'Deleted since this moment' });
    await deletedSince.getByText('Deleted later').waitFor();
    await deletedSince.getByRole('button', { name: 'Restore' }).click();
    await eventually(async () => isBeliefLive(watcher.doc, deletedId), 'the restored belief reaches the others through the relay');
    await deletedSince.waitFor({ state: 'detached' });

    // Replay at 10× from the first moment: it runs on to the last by itself, then stops.
    const [, total] = /of (\d+)/.exec(said)!;
    const here = (await slider(page).getAttribute('aria-valuetext'))!;
    await slider(page).focus();
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Replay at 10×' }).click();
    await eventually(async () => (await slider(page).getAttribute('aria-valuetext'))?.startsWith(`Moment ${total} of ${total}:`) === true, 'the replay reaches the last moment');
    await page.getByRole('button', { name: 'Replay at 10×' }).waitFor();
    // Back to the moment "Deleted later" was added.
    await slider(page).focus();
    for (let step = 0; step < 50 && (await slider(page).getAttribute('aria-valuetext')) !== here; step++) await page.keyboard.press('ArrowLeft');
    expect(await slider(page).getAttribute('aria-valuetext')).toBe(here);

    // Compare this moment with the last: two maps, the moved belief's arrow on the later one.
    await page.getByRole('button', { name: 'Compare with this moment' }).click();
    await slider(page).focus();
    await page.keyboard.press('End');
    await page.getByTestId('history-map-then').waitFor();
    await eventually(async () => (await momentMap(page).getByTestId('board-canvas').getAttribute('data-movement-arrows')) === '1', 'one movement arrow: the moved belief');
    expect(await page.getByTestId('history-map-then').getAttribute('data-beliefs')).toBe('2');
    // The history is the board as it was when History opened: the restore comes after its last moment.
    expect(await shownBeliefs(page)).toBe(2);
    await saveScreenshot(page, 'history-compare.png');
    await page.getByRole('button', { name: 'Stop comparing' }).click();

    // The restore is a moment of its own, once the newer changes are loaded.
    await page.getByRole('button', { name: 'Load newer changes' }).click();
    await eventually(
      async () => (await slider(page).getAttribute('aria-valuetext').catch(() => null))?.endsWith('Restored “Deleted later”') === true,
      'the restore as the last moment',
    );
    expect(await shownBeliefs(page)).toBe(3);

    // Escape goes back to the live board.
    await slider(page).focus();
    await page.keyboard.press('Escape');
    await slider(page).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'History' }).getAttribute('aria-pressed')).toBe('false');
    const liveTexts = page.getByRole('complementary', { name: 'Beliefs' }).getByRole('textbox', { name: 'Belief text' });
    await eventually(async () => (await liveTexts.count()) === 3, 'the live list with the restored belief');
    expect(listBeliefs(watcher.doc).map((belief) => belief.text).sort()).toEqual(['Added last', 'Deleted later', 'Kept all along']);
  });
});
