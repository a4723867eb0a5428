// Exports in real Chromium: a PNG of the whole board (decoded here: its size, and the
// notes' colours really drawn), a Markdown summary from the Export menu, and a JSON
// snapshot imported through the home page into a new board that shows the same beliefs.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteFill } from '../../shared/colors.ts';
import { addBelief, setPosition, upsertParticipant } from '../../shared/model.ts';
import type { BoardSnapshot } from '../../shared/snapshot/format.ts';
import { ARTIFACTS_DIR, joinBoard, launchBrowser, newPerson, waitLive, type Person } from '../helpers/browser.ts';
import { countColour, decodePng } from '../helpers/png.ts';
import { connectProvider, startTestRelay, writeAs, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const NOTES = [
  { text: 'We ship small, often', color: 'pink', x: 300, y: -500 },
  { text: 'Pricing needs a rethink', color: 'blue', x: -900, y: 300 },
  // Far outside any first view: the picture of the whole board must still hold it.
  { text: 'Far away, still in the picture', color: 'green', x: 4200, y: 2600 },
] as const;

let relay: TestRelay;
let browser: Browser;
let alice: Person;
let writer: ConnectedProvider;
let boardId: string;

/** Runs `action` and returns the file the page downloads because of it. */
async function downloadOf(page: Page, action: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]) as [Download, void];
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(file) };
}

async function openExportMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menu', { name: 'Export' }).waitFor();
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Export e2e', 'belief-map');
  writer = connectProvider(relay.wsUrl, boardId, { as: 'p0' });
  await waitSynced(writer.provider);
  // A millisecond apart, in this order: added in one loop they can share a millisecond, and
  // then the board orders them by their random ids (the snapshot assertion below failed so).
  const start = Date.now();
  const ids = NOTES.map((note, index) => addBelief(writer.doc, { ...note, authorId: 'p0', createdAt: start + index }, 'writer'));
  // Each person records their own positions: the relay takes nobody's answer from anyone else.
  for (const [index, name] of ['Ana', 'Bo', 'Chen'].entries()) {
    await writeAs(relay.wsUrl, boardId, `p${index}`, (doc) => {
      upsertParticipant(doc, { id: `p${index}`, name, color: '#1971c2' }, 'writer');
      for (const id of ids) setPosition(doc, id, `p${index}`, { agreement: 2, direction: 1 }, 'writer');
    });
  }
  browser = await launchBrowser();
  alice = await newPerson(browser, 'Alice');
  await joinBoard(alice, relay.server.url, boardId);
});

afterAll(async () => {
  writer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('export from the browser', () => {
  it('downloads a PNG of the whole board with every note drawn', async () => {
    const { page } = alice;
    await openExportMenu(page);
    await page.getByRole('menuitem', { name: 'Picture (PNG)…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export a picture' });
    await dialog.getByRole('radio', { name: 'Whole board' }).check();
    await dialog.getByRole('radio', { name: '1×' }).check();
    await dialog.getByRole('radio', { name: 'White' }).check();
    const size = (await dialog.getByTestId('png-size').textContent()) ?? '';
    const [, width, height] = /^(\d+) × (\d+) pixels$/.exec(size) ?? [];
    expect(Number(width), size).toBeGreaterThan(4000);

    const started = Date.now();
    const png = await downloadOf(page, () => dialog.getByRole('button', { name: 'Download PNG' }).click());
    console.log(`PNG ${width}×${height}: ${png.bytes.length} bytes in ${Date.now() - started} ms`);
    expect(png.name).toMatch(/^Export e2e \d{4}-\d\d-\d\d\.png$/);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(path.join(ARTIFACTS_DIR, 'export-whole-board.png'), png.bytes);

    const decoded = decodePng(png.bytes);
    expect([decoded.width, decoded.height]).toEqual([Number(width), Number(height)]);
    for (const note of NOTES) {
      const pixels = countColour(decoded, noteFill(note.color));
      console.log(`${note.color} note (${noteFill(note.color)}): ${pixels} pixels`);
      // A 200-unit-wide note at 1× covers well over 10,000 pixels of its fill.
      expect(pixels, `${note.color} note drawn`).toBeGreaterThan(10_000);
    }
    expect(countColour(decoded, '#ffffff')).toBeGreaterThan(decoded.width * decoded.height * 0.3);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('downloads a Markdown summary from the keyboard', async () => {
    const { page } = alice;
    await page.getByRole('button', { name: 'Export' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Markdown summary');
    const summary = await downloadOf(page, () => page.keyboard.press('Enter'));
    expect(summary.name).toMatch(/^Export e2e \d{4}-\d\d-\d\d\.md$/);
    const text = summary.bytes.toString('utf8');
    expect(text).toContain('# Export e2e');
    expect(text).toContain('## We agree, and that is good!');
    expect(text).toContain('- Far away, still in the picture\n  - n = 3');
    // Escape returns focus to the menu button.
    await page.getByRole('button', { name: 'Export' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Export');
  });

  it('imports a JSON snapshot through the home page into a new board with the same beliefs', async () => {
    await openExportMenu(alice.page);
    const json = await downloadOf(alice.page, () => alice.page.getByRole('menuitem', { name: 'Snapshot (JSON, re-importable)' }).click());
    const snapshot = JSON.parse(json.bytes.toString('utf8')) as BoardSnapshot;
    expect(snapshot.beliefs.map((belief) => belief.text)).toEqual(NOTES.map((note) => note.text));

    const carol = await newPerson(browser, 'Carol');
    const { page } = carol;
    await page.goto(relay.server.url);
    // A foreign file is named as wrong and opens nothing.
    await page.getByLabel('Snapshot file (.json)').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"type":"excalidraw"}') });
    await page.getByRole('alert').filter({ hasText: 'This is not a Beliefmap snapshot' }).waitFor();

    await page.getByLabel('Snapshot file (.json)').setInputFiles({ name: json.name, mimeType: 'application/json', buffer: json.bytes });
    await waitFor(() => /\/b\/[A-Za-z0-9_-]{22}$/.test(new URL(page.url()).pathname), 10_000, 'the new board to open');
    const newId = new URL(page.url()).pathname.split('/').pop();
    expect(newId).not.toBe(boardId);
    await page.getByRole('textbox', { name: 'Your name' }).fill(carol.name);
    await page.getByRole('button', { name: 'Join board' }).click();
    await waitLive(page);
    const texts = page.getByRole('complementary', { name: 'Beliefs' }).getByRole('textbox', { name: 'Belief text' });
    await waitFor(async () => (await texts.count()) === NOTES.length, 10_000, 'the imported beliefs in the list');
    const shown = await Promise.all(NOTES.map((_, i) => texts.nth(i).inputValue()));
    expect(shown).toEqual(NOTES.map((note) => note.text));
    await carol.context.close();
  });

  it('says so in words when the export menu cannot be downloaded, and loads it on "Try again"', async () => {
    // The menu's code is its own chunk, fetched on the first opening (client/export/onDemandParts.tsx).
    const dana = await newPerson(browser, 'Dana');
    const { context, page } = dana;
    const menuChunk = /\/assets\/ExportMenuList-[^/]*\.js$/;
    await context.route(menuChunk, (route) => route.abort('internetdisconnected'));
    await joinBoard(dana, relay.server.url, boardId);

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('alert').filter({ hasText: 'The export menu could not be loaded. Check your connection' }).waitFor();

    await context.unroute(menuChunk);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('menuitem', { name: 'Markdown summary' }).waitFor();
    await context.close();
  });
});
