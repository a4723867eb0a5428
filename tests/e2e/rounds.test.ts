// A sealed round through the UI, the way a workshop runs one: a facilitator (facilitate
// link) and three participants (participant link), each in their own browser context, and
// a headless reader with an ordinary participant link that sees every byte of the shared
// document. While the round is open, counts go up on every page and nothing else does — no
// figure in any list, no value in the document; at the reveal every page shows the same
// distributions, the document's. A second round with other answers draws movement arrows
// in the Measured view, and the list shows the change in convergence.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured } from '../../client/editor/layout/measuredArrangement.ts';
import type { Point } from '../../client/editor/viewport.ts';
import { noteLayout } from '../../client/editor/layout/noteLayout.ts';
import { NOTE_FIGURES_HEIGHT, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING } from '../../client/editor/layout/noteText.ts';
import { movementBetween } from '../../client/workshop/movement.ts';
import { addBelief, listBeliefs, listPositions, positionsOf, readParticipants } from '../../shared/model.ts';
import { AGREEMENT_LABELS } from '../../shared/scale.ts';
import { NOTE_WIDTH, type Belief, type ScalePoint } from '../../shared/schema.ts';
import { noteFill } from '../../shared/colors.ts';
import { NO_FIGURES } from '../../shared/roundFigures.ts';
import { computeBeliefStats, formatConvergence, type BeliefStats } from '../../shared/stats.ts';
import { BADGE_WORDS, formatDistribution, formatMean } from '../../shared/statsText.ts';
import { readRoundHistory, readWorkshop } from '../../shared/workshop.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { boardToPage, colourAt, eventually, type ScreenPoint } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

const TEXTS = ['Teams that own outcomes ship better work.', 'Estimates make us faster.', 'Our users read the release notes.'];

/**
 * Each participant's agreement per belief (board order), round by round. Round 1 is split
 * on the first two beliefs; in round 2 the team comes together on all three, so every
 * belief moves on the matrix and its convergence rises.
 */
const ANSWERS: Record<string, ScalePoint[]>[] = [
  { Ann: [2, -2, 0], Ben: [-2, -1, 1], Cat: [1, 2, -1] },
  { Ann: [2, -2, 0], Ben: [1, -2, 0], Cat: [2, -1, 0] },
];

/** The figures a row may show while its belief is sealed: the count and who is missing. */
const SEALED_FIGURES = new Set(['sealed', 'not-answered']);

let relay: TestRelay;
let browser: Browser;
let boardId: string;
/** Reads the document with an ordinary participant link, as any participant's browser could. */
let observer: ConnectedProvider;
let fay: Person;
let participants: Person[];
let everyone: Person[];
let beliefs: Belief[];

const rowsOf = (page: Page) => page.locator('[data-belief-list] ol > li');
const pickerOf = (page: Page) => page.getByRole('group', { name: 'Your position on the selected belief' });

async function joinAsFacilitator(person: Person): Promise<void> {
  await person.page.goto(`${relay.server.url}${accessOf(boardId).links.facilitate}`);
  await person.page.getByRole('textbox', { name: 'Your name' }).fill(person.name);
  await person.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(person.page);
}

async function openPanel(page: Page) {
  const button = page.getByRole('button', { name: 'Facilitate' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('dialog', { name: 'Facilitator tools' });
}

interface RowView {
  text: string;
  figures: Record<string, string>;
}

/** Every row of a person's list with the figures it shows, in the order shown. */
function readList(page: Page): Promise<RowView[]> {
  return page.evaluate(`(() =>
    [...document.querySelectorAll('[data-belief-list] ol > li')].map((row) => ({
      text: row.querySelector('textarea').value,
      figures: Object.fromEntries([...row.querySelectorAll('[data-figure]')].map((el) => [el.dataset.figure, el.textContent.trim()])),
    })))()`) as Promise<RowView[]>;
}

/** The round banner's "Round N — X of Y answers in" and each person's count, or null when there is none. */
async function bannerOf(page: Page): Promise<{ round: number; answers: number; expected: number; people: Record<string, number>; text: string } | null> {
  const banner = page.locator('.workshop-banner--round');
  if ((await banner.count()) === 0) return null;
  const text = ((await banner.textContent()) ?? '').trim();
  const match = /Round (\d+) — (\d+) of (\d+) answers? in/.exec(text);
  if (!match) throw new Error(`The round banner says "${text}".`);
  const people = (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('.workshop-banner--round [data-person]')]
    .map((item) => [item.dataset.person, Number(item.dataset.answered)]))`)) as Record<string, number>;
  return { round: Number(match[1]), answers: Number(match[2]), expected: Number(match[3]), people, text };
}

/** The movement arrows' stroke (client/workshop/MovementArrows.tsx), as drawn on its own layer. */
const ARROW_RGB = [0x1f, 0x5f, 0xbf];

/**
 * How many of the page points show the arrow's colour on one of the canvas's layers. The
 * arrows are translucent and dashed, so this reads each layer's own pixels (not the
 * composited colour) and expects a hit on some of the points, not all.
 */
function arrowPixels(page: Page, points: ScreenPoint[]): Promise<number> {
  return page.evaluate(`(() => {
    const points = ${JSON.stringify(points)}, want = ${JSON.stringify(ARROW_RGB)};
    let hits = 0;
    for (const { x, y } of points) {
      for (const canvas of document.querySelectorAll('[data-testid="board-canvas"] canvas')) {
        const rect = canvas.getBoundingClientRect();
        if (rect.width === 0 || x < rect.left || y < rect.top || x >= rect.right || y >= rect.bottom) continue;
        const ratio = canvas.width / rect.width;
        const d = canvas.getContext('2d').getImageData(Math.floor((x - rect.left) * ratio), Math.floor((y - rect.top) * ratio), 1, 1).data;
        if (d[3] > 100 && want.every((value, i) => Math.abs(d[i] - value) <= 12)) hits++;
      }
    }
    return hits;
  })()`) as Promise<number>;
}

/** Where the Measured view puts each belief (top-left corners), with these figures. */
function measuredPlaces(statsOf: (id: string) => BeliefStats): Map<string, Point> {
  return arrangeMeasured(
    beliefs.map((belief) => ({ ...belief, height: noteLayout(belief.text).height, stats: statsOf(belief.id) })),
    MATRIX_BOUNDS,
  ).positions;
}

/**
 * Points of a note that only its fill covers, well inside it: zoomed out to frame the map
 * and the tray (≈ 0.27), a note is 55 px wide and its padding a couple of pixels, which a
 * bitmap's soft edge can take. Both ends of the blank band between the text and the
 * figures (a movement arrow may cross the middle), and the right-hand padding.
 */
function fillPoints(belief: Belief): Point[] {
  const { lines, height } = noteLayout(belief.text);
  const textBottom = NOTE_PADDING + lines.length * NOTE_FONT_SIZE * NOTE_LINE_HEIGHT;
  const figuresTop = height - NOTE_PADDING - NOTE_FIGURES_HEIGHT;
  const padding = { x: NOTE_WIDTH - 7, y: 30 };
  if (figuresTop - textBottom < 12) return [padding];
  const y = (textBottom + figuresTop) / 2;
  return [{ x: 2 * NOTE_PADDING, y }, { x: NOTE_WIDTH - 2 * NOTE_PADDING, y }, padding];
}

/** Every note is drawn where the Measured view puts it with these figures: its colour inside it. */
async function expectNotesAt(page: Page, statsOf: (id: string) => BeliefStats, where: string): Promise<void> {
  const places = measuredPlaces(statsOf);
  for (const belief of beliefs) {
    const at = places.get(belief.id)!;
    await eventually(async () => {
      for (const point of fillPoints(belief)) {
        const inside = await boardToPage(page, { x: at.x + point.x, y: at.y + point.y });
        if ((await colourAt(page, inside)) === noteFill(belief.color)) return true;
      }
      return false;
    }, `"${belief.text}" drawn ${where}`);
  }
}

/** Selects a note on the canvas by clicking where it is drawn. */
async function selectNote(page: Page, belief: Belief) {
  const point = await boardToPage(page, { x: belief.x + 100, y: belief.y + 30 });
  await page.mouse.click(point.x, point.y);
  await pickerOf(page).waitFor();
}

/** A participant's answers: Ben through the canvas picker, the others through the list's radios. */
async function answerAll(person: Person, agreements: ScalePoint[]): Promise<void> {
  const { page } = person;
  for (const [index, agreement] of agreements.entries()) {
    const label = AGREEMENT_LABELS[agreement];
    if (person.name === 'Ben') {
      await selectNote(page, beliefs[index]);
      await pickerOf(page).getByRole('button', { name: label, exact: true }).click();
      // Deselect, so the picker (drawn beside the note) does not cover the next note.
      await page.getByTestId('board-canvas').focus();
      await page.keyboard.press('Escape');
      await pickerOf(page).waitFor({ state: 'detached' });
    } else {
      await rowsOf(page).nth(index).getByRole('group', { name: 'Your agreement' }).getByRole('radio', { name: label, exact: true }).check();
    }
  }
}

/** What every page must show for a belief after a reveal, computed from the observer's document. */
function expectedFigures(belief: Belief): Record<string, string> {
  const stats = computeBeliefStats(positionsOf(observer.doc, belief.id).values());
  return {
    n: String(stats.n),
    pass: String(stats.passCount),
    mean: stats.mean === null ? 'none' : formatMean(stats.mean),
    convergence: stats.convergence === null ? BADGE_WORDS['too-few'] : `${formatConvergence(stats.convergence)} ${BADGE_WORDS[stats.badge]}`,
    polarized: stats.polarized ? 'yes' : 'no',
    distribution: formatDistribution(stats.distribution),
  };
}

/**
 * While a round is open: every page's list shows each belief's answer count and nothing
 * derived from a value; the banner counts the same on every page; the document holds no
 * position beyond `allowedPositions` (those revealed by earlier rounds, unchanged).
 */
async function expectSealed(round: number, answeredPerBelief: number, finished: string[], allowedPositions: string): Promise<void> {
  for (const person of everyone) {
    await eventually(async () => {
      const rows = await readList(person.page);
      return rows.length === beliefs.length && rows.every((row) => row.figures.sealed === `sealed — ${answeredPerBelief} of ${participants.length} answered`);
    }, `${person.name}'s list shows "sealed — ${answeredPerBelief} of ${participants.length} answered" on every belief`).catch(async (error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(await readList(person.page))}`);
    });
    for (const row of await readList(person.page)) {
      const shown = Object.keys(row.figures).filter((figure) => !SEALED_FIGURES.has(figure));
      expect(shown, `${person.name} sees figures of "${row.text}" during round ${round}`).toEqual([]);
      // Who has not answered this belief, by name: exactly the participants still to come.
      for (const other of participants) {
        expect(row.figures['not-answered'] ?? '', `${person.name}'s row "${row.text}" names ${other.name}?`).toSatisfy(
          (missing: string) => missing.includes(other.name) !== finished.includes(other.name),
        );
      }
    }
    const answers = finished.length * beliefs.length;
    await eventually(async () => (await bannerOf(person.page))?.answers === answers, `${person.name}'s banner counts ${answers} answers`);
    const banner = (await bannerOf(person.page))!;
    expect(banner.round).toBe(round);
    expect(banner.expected).toBe(participants.length * beliefs.length);
    // Each participant's own count: all beliefs once they have finished, none before.
    expect(banner.people).toEqual(Object.fromEntries(participants.map((other) => [other.name, finished.includes(other.name) ? beliefs.length : 0])));
  }
  const banners = await Promise.all(everyone.map((person) => bannerOf(person.page)));
  expect(new Set(banners.map((banner) => JSON.stringify([banner?.answers, banner?.expected, banner?.people]))).size).toBe(1);
  // The document itself, once it has the same counts: who answered, and no sealed value.
  await eventually(
    async () => beliefs.every((belief) => (readWorkshop(observer.doc).round?.answered[belief.id]?.length ?? 0) === answeredPerBelief),
    `the observer's document counts ${answeredPerBelief} answers per belief`,
  );
  expect(JSON.stringify(listPositions(observer.doc))).toBe(allowedPositions);
}

/**
 * One round from start to reveal; `whileSealed` runs once everyone has answered, before the
 * reveal. Returns when every page shows the revealed figures.
 */
async function runRound(round: number, whileSealed?: () => Promise<void>): Promise<void> {
  const before = JSON.stringify(listPositions(observer.doc));
  const panel = await openPanel(fay.page);
  await panel.getByRole('button', { name: `Start round ${round} on all beliefs` }).click();
  await panel.getByRole('button', { name: `Reveal round ${round}` }).waitFor();
  await fay.page.keyboard.press('Escape');

  await expectSealed(round, 0, [], before);
  const finished: string[] = [];
  for (const person of participants) {
    await answerAll(person, ANSWERS[round - 1][person.name]);
    finished.push(person.name);
    await expectSealed(round, finished.length, finished, before);
  }
  await whileSealed?.();

  await (await openPanel(fay.page)).getByRole('button', { name: `Reveal round ${round}` }).click();
  await fay.page.keyboard.press('Escape');
  await eventually(async () => readRoundHistory(observer.doc).length === round, `round ${round} revealed into the document`);
  const record = readRoundHistory(observer.doc)[round - 1];
  expect(record.positions).toHaveLength(participants.length * beliefs.length);

  // Every answer is in the document now, and every page shows the figures it gives.
  const ids = new Map([...readParticipants(observer.doc)].map(([id, { name }]) => [name, id]));
  for (const person of participants) {
    for (const [index, belief] of beliefs.entries()) {
      expect(positionsOf(observer.doc, belief.id).get(ids.get(person.name)!)?.agreement).toBe(ANSWERS[round - 1][person.name][index]);
    }
  }
  const expected = new Map(beliefs.map((belief) => [belief.text, expectedFigures(belief)]));
  for (const person of everyone) {
    await eventually(async () => {
      const rows = await readList(person.page);
      return (
        rows.length === beliefs.length &&
        rows.every((row) => Object.entries(expected.get(row.text)!).every(([figure, value]) => row.figures[figure] === value))
      );
    }, `${person.name}'s list shows the revealed figures of round ${round}`);
    expect(await bannerOf(person.page)).toBeNull();
  }
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Sealed rounds', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'facilitator' });
  await waitSynced(observer.provider);
  TEXTS.forEach((text, i) =>
    addBelief(observer.doc, { text, x: -500 + i * 300, y: -200 + i * 150, authorId: 'facilitator', createdAt: i + 1 }, 'setup'),
  );
  beliefs = listBeliefs(observer.doc);
  browser = await launchBrowser();
  [fay, ...participants] = await Promise.all(['Fay', 'Ann', 'Ben', 'Cat'].map((name) => newPerson(browser, name)));
  everyone = [fay, ...participants];
  await Promise.all([joinAsFacilitator(fay), ...participants.map((person) => joinBoard(person, relay.server.url, boardId))]);
  for (const person of everyone) {
    await eventually(async () => (await readList(person.page)).length === beliefs.length, `${person.name} sees the beliefs`);
  }
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('a sealed round, run by a facilitator with three participants', () => {
  it('counts answers without values while open, and reveals the same distributions everywhere', async () => {
    expect(listPositions(observer.doc)).toEqual([]);
    await runRound(1);
  });

  it('a second round draws each belief\'s movement and the change in convergence', async () => {
    // Fay sorts her list by convergence: during round 2 the beliefs in it must not sort by round 1's figures.
    await fay.page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Most convergent first' });
    await eventually(
      async () => (await readList(fay.page)).map((row) => row.text)[0] === TEXTS[2],
      'after round 1, Fay\'s list puts the most convergent belief first',
    );
    const cat = participants[2].page;
    await runRound(2, async () => {
      // Round 1's positions are still on the board, but no view may use them now. The list's
      // sort: "most convergent first" keeps board order while every belief is in the round.
      expect((await readList(fay.page)).map((row) => row.text)).toEqual(TEXTS);
      // The Measured view: every belief waits in the "Needs positions" tray.
      await cat.getByRole('button', { name: 'Measured view' }).click();
      await cat.getByRole('button', { name: 'Zoom to fit' }).click();
      await expectNotesAt(cat, () => NO_FIGURES, 'in the tray');
      for (const belief of beliefs) expect(measuredPlaces(() => NO_FIGURES).get(belief.id)!.y).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    });
    // At the reveal the notes leave the tray for their places by round 2's figures.
    await cat.getByRole('button', { name: 'Zoom to fit' }).click();
    await expectNotesAt(cat, (id) => computeBeliefStats(positionsOf(observer.doc, id).values()), 'on the map');

    const page = participants[0].page;
    await page.setViewportSize({ width: 1600, height: 1100 });
    await page.getByRole('button', { name: 'Measured view' }).click();
    const canvas = page.getByTestId('board-canvas');
    await eventually(async () => Number(await canvas.getAttribute('data-movement-arrows')) > 0, 'movement arrows drawn in the Measured view');
    const arrows = Number(await canvas.getAttribute('data-movement-arrows'));
    // Every belief's convergence rose from round 1 to round 2, so each moved on the map.
    expect(arrows).toBe(beliefs.length);
    for (const row of await readList(page)) {
      expect(row.figures['convergence-change'], `change shown for "${row.text}"`).toMatch(/^convergence \d\.\d\d → \d\.\d\d \(\+\d\.\d\d\)$/);
    }
    // The picture: no selection or picker over the map, the whole map in view.
    await canvas.focus();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.waitForTimeout(300);
    // Drawn, as eyes see them: each arrow's colour along the line from round 1's place to round 2's.
    const history = readRoundHistory(observer.doc);
    const movements = movementBetween(
      listBeliefs(observer.doc).map((belief) => ({ id: belief.id, x: belief.x, y: belief.y, height: noteLayout(belief.text).height })),
      history[0],
      history[1],
      MATRIX_BOUNDS,
    );
    expect(movements).toHaveLength(beliefs.length);
    for (const { id, from, to } of movements) {
      const samples: ScreenPoint[] = [];
      for (let t = 0.1; t <= 0.9; t += 0.02) samples.push(await boardToPage(page, { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }));
      expect(await arrowPixels(page, samples), `the arrow of ${id} is drawn`).toBeGreaterThan(0);
    }
    const file = await saveScreenshot(page, 'rounds-movement.png');
    expect(existsSync(file)).toBe(true);
  });
});
