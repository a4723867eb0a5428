// The map as the room's shared picture (issue 14, items 1, 2, 3 and 8), in real Chromium
// through the real relay, one browser context per person: a facilitator (Maya), a
// participant (Ben) and a projector on the view-only link, on a belief-map board of 13
// beliefs at 1440 × 900. Readability and overlaps are measured from pixels: notes are
// found by their fill colour, type by its dark rows (tests/helpers/noteInk.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS, matrixLabels } from '../../client/editor/layout/matrix.ts';
import { FIT_MIN_SCALE } from '../../client/editor/layout/readability.ts';
import { RETRO_HEADER_HEIGHT, RETRO_MARGIN, RETRO_PIXEL_RATIO } from '../../client/editor/layout/retroLayout.ts';
import { placeInUnplacedTray, UNPLACED_TRAY } from '../../client/editor/layout/unplacedTray.ts';
import { noteFill } from '../../shared/colors.ts';
import { addBelief, listBeliefs, positionsOf, upsertParticipant, setPosition } from '../../shared/model.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH, type ScalePoint } from '../../shared/schema.ts';
import { ARTIFACTS_DIR, launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { fillPixelsIn, regionsOf, tallestInkRun, type PixelBox } from '../helpers/noteInk.ts';
import { decodePng, type DecodedPng } from '../helpers/png.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';
import { newSecret } from '../../shared/ids.ts';
import { readRoundHistory, readWorkshop } from '../../shared/workshop.ts';
import { mkdirSync, writeFileSync } from 'node:fs';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const SCREEN = { width: 1440, height: 900 };
const YELLOW = noteFill('yellow');
/**
 * A line of 12 px type is about 11 px from ascender to descender and 8.5 px at its
 * capitals; the 5–7 px text of the old far-out view measured 4–6 px. Every note must show
 * a line at least this tall.
 */
const READABLE_INK_PX = 8;

type Answer = [ScalePoint, ScalePoint | null];
const SAMPLE = (JSON.parse(await readFile('/work/shared/data/sample-beliefs.json', 'utf8').catch(() => '{"beliefs":[]}')) as { beliefs: string[] }).beliefs;
const TEXTS = (SAMPLE.length >= 13 ? SAMPLE : Array.from({ length: 13 }, (_, i) => `Belief number ${i + 1} about how we work`)).slice(0, 13);
/** Pixels of the movement arrows' blue (#1f5fbf at 75 % over white or a note), however blended. */
function arrowPixels(png: DecodedPng, box: PixelBox): number {
  let count = 0;
  for (let y = box.minY; y <= box.maxY; y++) {
    for (let x = box.minX; x <= box.maxX; x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]];
      if (b > 150 && b - r > 70 && b - g > 30) count++;
    }
  }
  return count;
}

/** Four people's answers per belief: nine placed on the map, two without a direction, two with too few positions. */
const ANSWERS: Answer[][] = [
  [[2, 2], [2, 1], [1, 2], [2, 2]],
  [[2, -2], [2, -1], [2, -2], [1, null]],
  [[-2, 1], [2, 2], [-2, 1], [2, 1]],
  [[-2, -1], [-1, -2], [1, -1], [2, -2]],
  [[1, 1], [1, 2], [2, 1], [1, 1]],
  [[-1, -1], [-1, -2], [-1, -1], [-2, -2]],
  [[0, 2], [2, 2], [-2, 1], [1, 2]],
  [[-2, -2], [0, -1], [2, -2], [-1, -1]],
  [[2, 0], [2, 1], [2, 0], [2, 1]],
  [[2, null], [-2, null], [1, null], [-1, null]],
  [[1, null], [1, null], [2, null]],
  [[2, 2], [1, 1]],
  [[-2, -2]],
];
const TRAY_BELIEFS = 4;

let relay: TestRelay;
let browser: Browser;
let boardId: string;
let observer: ConnectedProvider;
let people: ConnectedProvider[] = [];
let maya: Person;
let ben: Person;
let projector: Person;
const beliefIds: string[] = [];

async function join(person: Person, link: string): Promise<void> {
  await person.context.pages()[0].setViewportSize(SCREEN);
  await person.page.goto(`${relay.server.url}${link}`);
  await person.page.getByRole('textbox', { name: 'Your name' }).fill(person.name);
  await person.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(person.page);
}

interface CanvasView {
  box: { x: number; y: number; width: number; height: number };
  x: number;
  y: number;
  scale: number;
}

async function canvasView(page: Page): Promise<CanvasView> {
  const canvas = page.getByTestId('board-canvas');
  const box = await canvas.boundingBox();
  const v = JSON.parse((await canvas.getAttribute('data-viewport')) ?? 'null') as { x: number; y: number; scale: number } | null;
  if (!box || !v) throw new Error('The board canvas is not on screen.');
  return { box, ...v };
}

/** The canvas as pixels, and the view it shows. */
async function canvasPixels(page: Page): Promise<{ png: DecodedPng; view: CanvasView }> {
  const view = await canvasView(page);
  const png = decodePng(await page.screenshot({ clip: view.box }));
  return { png, view };
}

/** A board box on a canvas screenshot, in its pixels. */
function onScreen(view: CanvasView, box: { minX: number; minY: number; maxX: number; maxY: number }): PixelBox {
  return {
    minX: (box.minX - view.x) * view.scale,
    minY: (box.minY - view.y) * view.scale,
    maxX: (box.maxX - view.x) * view.scale,
    maxY: (box.maxY - view.y) * view.scale,
  };
}

const labelBoxes = () => matrixLabels().map((label) => ({ text: label.text, minX: label.x, minY: label.y, maxX: label.x + label.width, maxY: label.y + label.height }));

function sameCentre(a: CanvasView, b: CanvasView): boolean {
  const centre = (v: CanvasView) => ({ x: v.x + v.box.width / 2 / v.scale, y: v.y + v.box.height / 2 / v.scale });
  const [ca, cb] = [centre(a), centre(b)];
  return Math.abs(ca.x - cb.x) < 1 && Math.abs(ca.y - cb.y) < 1 && Math.abs(a.scale - b.scale) < 1e-6;
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Team beliefs, Q3', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'observer' });
  await waitSynced(observer.provider);
  upsertParticipant(observer.doc, { id: 'observer', name: 'Observer', color: '#1971c2' }, 'observer');
  const taken: { x: number; y: number }[] = [];
  for (const text of TEXTS) {
    const at = placeInUnplacedTray(taken);
    taken.push(at);
    beliefIds.push(addBelief(observer.doc, { text, ...at, authorId: 'observer' }, 'observer'));
  }
  people = ['p-ana', 'p-bo', 'p-cy', 'p-di'].map((id) => connectProvider(relay.wsUrl, boardId, { as: id }));
  await Promise.all(people.map((person) => waitSynced(person.provider)));
  people.forEach((person, index) => {
    const id = ['p-ana', 'p-bo', 'p-cy', 'p-di'][index];
    upsertParticipant(person.doc, { id, name: ['Ana', 'Bo', 'Cy', 'Di'][index], color: '#2f9e44' }, id);
    ANSWERS.forEach((answers, belief) => {
      const answer = answers[index];
      if (answer) setPosition(person.doc, beliefIds[belief], id, { agreement: answer[0], direction: answer[1], updatedAt: Date.now() }, id);
    });
  });
  const expected = ANSWERS.reduce((sum, answers) => sum + answers.length, 0);
  await eventually(async () => beliefIds.reduce((sum, id) => sum + positionsOf(observer.doc, id).size, 0) === expected, 'every position on the relay');

  // Two sealed rounds on the first three beliefs, by three more people: the team comes
  // together between them, so each of the three moves on the map and gets an arrow.
  const facilitator = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'facilitate', participant: { id: 'p-fac', secret: newSecret() } });
  const voters = await Promise.all(['p-r1', 'p-r2', 'p-r3'].map((id) => WorkshopClient.open(relay.wsUrl, boardId, { participant: { id, secret: newSecret() } })));
  const rounds: ScalePoint[][] = [[2, -2, 1], [2, 2, 1]];
  for (const [round, agreements] of rounds.entries()) {
    facilitator.send({ kind: 'startRound', beliefIds: beliefIds.slice(0, 3), deadline: null, autoReveal: false });
    await eventually(async () => readWorkshop(observer.doc).round?.number === round + 1, `round ${round + 1} open`);
    for (const [index, voter] of voters.entries()) {
      for (const beliefId of beliefIds.slice(0, 3)) voter.send({ kind: 'seal', beliefId, agreement: agreements[index], direction: 1 });
    }
    await eventually(async () => beliefIds.slice(0, 3).every((id) => (readWorkshop(observer.doc).round?.answered[id] ?? []).length === 3), `round ${round + 1} answered`);
    facilitator.send({ kind: 'revealRound' });
    await eventually(async () => readRoundHistory(observer.doc).length === round + 1, `round ${round + 1} revealed`);
  }
  await Promise.all([facilitator, ...voters].map((client) => client.close()));

  browser = await launchBrowser();
  [maya, ben, projector] = await Promise.all(['Maya', 'Ben', 'Projector'].map((name) => newPerson(browser, name)));
  const links = accessOf(boardId).links;
  await join(maya, links.facilitate);
  await join(ben, links.edit);
  await join(projector, links.view);
}, 60_000);

afterAll(async () => {
  for (const person of people) person.destroy();
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('the map as the room\'s shared picture', () => {
  it('Fit on 13 beliefs at 1440 × 900 in the Measured view leaves every note\'s text or label readable', async () => {
    const { page } = maya;
    await page.getByTestId('board-canvas').focus();
    await page.keyboard.press('m');
    await eventually(async () => (await page.getByTestId('board-canvas').getAttribute('data-layout')) === 'measured', 'Maya\'s Measured view');
    await page.keyboard.press('Shift+Digit1');
    // The notes glide to their places and the stage redraws sharp once the camera rests.
    // Two captures in a row with the notes in the same places: a busy machine can catch them mid-glide.
    let measured: { png: DecodedPng; view: CanvasView } | null = null;
    let previous = '';
    await eventually(async () => {
      measured = await canvasPixels(page);
      const regions = regionsOf(measured.png, YELLOW);
      const places = JSON.stringify(regions);
      const settled = regions.length === 13 && places === previous;
      previous = places;
      return settled;
    }, 'all 13 notes on Maya\'s screen, apart and at rest', 15_000);
    const { png, view } = measured!;
    expect(view.scale).toBeGreaterThanOrEqual(FIT_MIN_SCALE);
    const notes = regionsOf(png, YELLOW);
    const heights = notes.map((box) => tallestInkRun(png, box, 0.7));
    console.log(`Fit at 1440×900: zoom ${view.scale.toFixed(3)}; tallest line of type per note (px): ${heights.join(', ')}`);
    for (const [index, height] of heights.entries()) expect(height, `note ${index} at ${JSON.stringify(notes[index])}`).toBeGreaterThanOrEqual(READABLE_INK_PX);

    // No note covers a caption or an axis label: not one pixel of a note's colour in their boxes.
    for (const label of labelBoxes()) expect(fillPixelsIn(png, onScreen(view, label), YELLOW), label.text).toBe(0);
    // And the captions are drawn there, dark: type in every caption's box.
    for (const label of labelBoxes()) {
      const box = onScreen(view, label);
      if (box.minX >= 0 && box.maxX <= png.width && box.minY >= 0 && box.maxY <= png.height) {
        expect(tallestInkRun(png, { minX: Math.floor(box.minX), minY: Math.floor(box.minY), maxX: Math.ceil(box.maxX), maxY: Math.ceil(box.maxY) }), label.text).toBeGreaterThanOrEqual(READABLE_INK_PX);
      }
    }
    // The trays below the map hold the four beliefs it cannot place.
    const below = notes.filter((box) => box.minY > (MATRIX_BOUNDS.maxY - view.y) * view.scale);
    expect(below).toHaveLength(TRAY_BELIEFS);
    await saveScreenshot(page, 'measured-fit-1440x900.png');
  });

  it('a presented Measured view reaches a following participant and the projector, who can still answer', async () => {
    // Ben is in the free layout, somewhere else.
    expect(await ben.page.getByTestId('board-canvas').getAttribute('data-layout')).toBe('free');
    const panel = maya.page.getByRole('dialog', { name: 'Facilitator tools' });
    await maya.page.getByRole('button', { name: 'Facilitate' }).click();
    await panel.getByRole('button', { name: 'Present' }).click();
    expect(await panel.getByRole('button', { name: 'Present' }).getAttribute('aria-pressed')).toBe('true');
    await maya.page.keyboard.press('Escape');
    await maya.page.getByText('You are presenting').waitFor();

    for (const person of [ben, projector]) {
      await person.page.getByText('Following Maya').waitFor();
      await eventually(async () => (await person.page.getByTestId('board-canvas').getAttribute('data-layout')) === 'measured', `${person.name} sees the Measured view`);
      await eventually(async () => sameCentre(await canvasView(person.page), await canvasView(maya.page)), `${person.name}'s camera follows Maya's`);
    }

    // Ben answers a belief in the list while following: his answer is stored and he still follows.
    const before = positionsOf(observer.doc, beliefIds[0]).size;
    const row = ben.page.locator('[data-belief-list] ol > li').filter({ hasText: TEXTS[0] });
    await row.getByRole('group', { name: 'Your agreement' }).getByRole('radio', { name: 'Agree', exact: true }).check();
    await eventually(async () => positionsOf(observer.doc, beliefIds[0]).size === before + 1, 'Ben\'s answer on the relay');
    expect(await ben.page.getByText('Following Maya').count()).toBe(1);

    // Maya zooms in: both follow.
    await maya.page.getByTestId('board-canvas').focus();
    await maya.page.keyboard.press('+');
    for (const person of [ben, projector]) {
      await eventually(async () => sameCentre(await canvasView(person.page), await canvasView(maya.page)), `${person.name} follows Maya's zoom`);
    }
    await maya.page.keyboard.press('Shift+Digit1');
    await eventually(async () => sameCentre(await canvasView(projector.page), await canvasView(maya.page)), 'the projector follows Maya back to the whole map');
    await new Promise((resolve) => setTimeout(resolve, 800));
    const file = await saveScreenshot(projector.page, 'presented-map.png');
    expect(existsSync(file)).toBe(true);

    // Ben steps out, and back in.
    await ben.page.getByRole('button', { name: 'Stop following Maya' }).click();
    await ben.page.getByText('Maya is presenting').waitFor();
    await ben.page.getByRole('button', { name: 'Follow Maya' }).click();
    await ben.page.getByText('Following Maya').waitFor();

    // Maya stops presenting: nobody follows her any more.
    await maya.page.getByRole('button', { name: 'Stop presenting' }).click();
    for (const person of [ben, projector]) {
      await eventually(async () => (await person.page.getByText(/Following Maya|Maya is presenting/).count()) === 0, `${person.name} no longer follows`);
    }
  });

  it('"Export for retro" downloads the Measured picture with title, legend and trays, no note over a caption', async () => {
    const { page } = ben;
    // Ben exports from the free layout: the picture is the Measured map all the same.
    await page.getByTestId('board-canvas').focus();
    if ((await page.getByTestId('board-canvas').getAttribute('data-layout')) === 'measured') await page.keyboard.press('m');
    await eventually(async () => (await page.getByTestId('board-canvas').getAttribute('data-layout')) === 'free', 'Ben back in the free layout');
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = (await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export for retro (PNG)' }).click(),
    ])) as [Download, void];
    expect(download.suggestedFilename()).toMatch(/^Team beliefs, Q3 \d{4}-\d\d-\d\d\.retro\.png$/);
    const bytes = await readFile((await download.path())!);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(path.join(ARTIFACTS_DIR, 'retro.png'), bytes);
    const png = decodePng(bytes);
    // Nothing overflowed the matrix with 13 beliefs: the page is the matrix plus its margins.
    expect(png.width).toBe((MATRIX_BOUNDS.maxX - MATRIX_BOUNDS.minX + 2 * RETRO_MARGIN) * RETRO_PIXEL_RATIO);
    const origin = { x: MATRIX_BOUNDS.minX - RETRO_MARGIN, y: MATRIX_BOUNDS.minY - 2 * RETRO_MARGIN - RETRO_HEADER_HEIGHT };
    const toPng = (box: { minX: number; minY: number; maxX: number; maxY: number }): PixelBox => ({
      minX: Math.floor((box.minX - origin.x) * RETRO_PIXEL_RATIO),
      minY: Math.floor((box.minY - origin.y) * RETRO_PIXEL_RATIO),
      maxX: Math.ceil((box.maxX - origin.x) * RETRO_PIXEL_RATIO),
      maxY: Math.ceil((box.maxY - origin.y) * RETRO_PIXEL_RATIO),
    });
    const notes = regionsOf(png, YELLOW);
    expect(notes).toHaveLength(13);
    for (const label of labelBoxes()) {
      expect(fillPixelsIn(png, toPng(label), YELLOW), label.text).toBe(0);
      expect(tallestInkRun(png, toPng(label)), `"${label.text}" is drawn`).toBeGreaterThanOrEqual(12);
    }
    // The movement arrows of the two rounds, on the map: their blue between the header and the trays.
    const mapBand: PixelBox = { minX: 0, minY: toPng(MATRIX_BOUNDS).minY, maxX: png.width - 1, maxY: toPng(MATRIX_BOUNDS).maxY };
    expect(arrowPixels(png, mapBand)).toBeGreaterThan(200);
    // Every note's text in full, 16 px type: its tallest line of ink.
    for (const box of notes) expect(tallestInkRun(png, box, 0.7)).toBeGreaterThanOrEqual(12);
    // The trays: the four beliefs the map cannot place, below the matrix.
    const matrixBottom = toPng(MATRIX_BOUNDS).maxY;
    expect(notes.filter((box) => box.minY > matrixBottom)).toHaveLength(TRAY_BELIEFS);
    // A title above the map and a legend below everything: type in both bands.
    const header: PixelBox = { minX: 0, minY: 0, maxX: png.width - 1, maxY: toPng(MATRIX_BOUNDS).minY - 1 };
    expect(tallestInkRun(png, header)).toBeGreaterThanOrEqual(30);
    const lowestNote = Math.max(...notes.map((box) => box.maxY));
    const legend: PixelBox = { minX: 0, minY: lowestNote + 1, maxX: png.width - 1, maxY: png.height - 1 };
    expect(tallestInkRun(png, legend)).toBeGreaterThanOrEqual(14);
    console.log(`Retro PNG: ${png.width} × ${png.height} px, ${notes.length} notes, ${notes.filter((box) => box.minY > matrixBottom).length} in the trays`);
  });

  it('a new note on the belief-map board lands in the "Unplaced" tray beside the map, clear of the others', async () => {
    const { page } = ben;
    await page.getByTestId('board-canvas').focus();
    await page.keyboard.press('n');
    await page.keyboard.type('We demo every Friday');
    await page.keyboard.press('Escape');
    const added = () => listBeliefs(observer.doc).find((belief) => belief.text === 'We demo every Friday');
    await eventually(async () => added() !== undefined, 'the new belief on the relay');
    const belief = added()!;
    expect(belief.x).toBeGreaterThanOrEqual(UNPLACED_TRAY.minX);
    expect(belief.x + NOTE_WIDTH).toBeLessThanOrEqual(UNPLACED_TRAY.maxX);
    expect(belief.x).toBeGreaterThan(MATRIX_BOUNDS.maxX);
    for (const other of listBeliefs(observer.doc)) {
      if (other.id !== belief.id) expect(Math.abs(other.x - belief.x) >= NOTE_WIDTH || Math.abs(other.y - belief.y) >= NOTE_MIN_HEIGHT, other.text).toBe(true);
    }
    await saveScreenshot(page, 'unplaced-tray.png');
  });
});
