// Positions on the canvas, for two people in real Chromium through the real relay: the
// picker beside a selected note (buttons and keys 1–5, 0), the figures each note shows
// (read from the hover card), and the Measured view, checked against the numbers a third,
// headless participant reads from the relay's document; and a colleague's pointer, with
// their name on a tag of their colour.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS, quadrantBounds } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured } from '../../client/editor/layout/measuredArrangement.ts';
import { noteLayout } from '../../client/editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY } from '../../client/editor/layout/noteText.ts';
import { noteFill } from '../../shared/colors.ts';
import { addBelief, listBeliefs, positionsOf, readParticipants, readPosition, setPosition } from '../../shared/model.ts';
import { quadrantOf } from '../../shared/quadrants.ts';
import type { Belief, PositionRecord } from '../../shared/schema.ts';
import { computeBeliefStats, formatConvergence } from '../../shared/stats.ts';
import { BADGE_WORDS, formatMean } from '../../shared/statsText.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, type Person } from '../helpers/browser.ts';
import { boardToPage, colourAt, eventually } from '../helpers/canvasProbe.ts';
import { connectProvider, startTestRelay, writeAs, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const OBSERVER = 'observer';

let relay: TestRelay;
let boardId: string;
let browser: Browser;
let alice: Person;
let bob: Person;
let observer: ConnectedProvider;
let mapped: Belief;
let waiting: Belief;

const canvasOf = (person: Person) => person.page.getByTestId('board-canvas');
const pickerOf = (person: Person) => person.page.getByRole('group', { name: 'Your position on the selected belief' });
const choice = (person: Person, name: string) => pickerOf(person).getByRole('button', { name, exact: true });

function participantId(person: Person): string {
  const entry = [...readParticipants(observer.doc)].find(([, record]) => record.name === person.name);
  if (!entry) throw new Error(`${person.name} has no participant record on the relay.`);
  return entry[0];
}

/** The person's position on the mapped belief, as the relay's document holds it. */
function positionOnRelay(person: Person): PositionRecord | null {
  return readPosition(observer.doc, mapped.id, participantId(person));
}

function expectPositionOnRelay(person: Person, agreement: PositionRecord['agreement'] | null, direction: PositionRecord['direction'] = null) {
  const what = `${person.name}'s position on the relay becomes ${agreement ?? 'none'} / ${direction ?? 'no direction'}`;
  return eventually(async () => {
    const position = positionOnRelay(person);
    return agreement === null ? position === null : position?.agreement === agreement && position.direction === direction;
  }, what);
}

function statsOnRelay(beliefId: string) {
  return computeBeliefStats(positionsOf(observer.doc, beliefId).values());
}

/** Clicks a point inside the note whose top-left corner is drawn at `at` (board units). */
async function clickNote(person: Person, at: { x: number; y: number }) {
  const point = await boardToPage(person.page, { x: at.x + 100, y: at.y + 30 });
  await person.page.mouse.click(point.x, point.y);
}

/** Rests the pointer on the note drawn at `at` until its figures card opens. */
async function hoverCard(person: Person, at: { x: number; y: number }): Promise<Locator> {
  const point = await boardToPage(person.page, { x: at.x + 60, y: at.y + 50 });
  await person.page.mouse.move(point.x - 20, point.y - 10);
  await person.page.mouse.move(point.x, point.y, { steps: 3 });
  const card = person.page.getByRole('tooltip');
  await card.waitFor({ timeout: 5_000 });
  return card;
}

async function figure(card: Locator, name: string): Promise<string> {
  return ((await card.locator(`[data-figure="${name}"]`).textContent()) ?? '').trim();
}

/** Waits until the card shows what the relay's positions say about the mapped belief. */
async function expectCardMatchesRelay(card: Locator, what: string) {
  await eventually(async () => {
    const stats = statsOnRelay(mapped.id);
    const convergence =
      stats.convergence === null ? BADGE_WORDS['too-few'] : `${formatConvergence(stats.convergence)} ${BADGE_WORDS[stats.badge]}`;
    return (
      (await figure(card, 'n')) === String(stats.n) &&
      (await figure(card, 'pass')) === String(stats.passCount) &&
      (await figure(card, 'mean')) === (stats.mean === null ? 'none' : formatMean(stats.mean)) &&
      (await figure(card, 'convergence')) === convergence &&
      (await figure(card, 'polarized')) === (stats.polarized ? 'yes' : 'no')
    );
  }, what);
}

/** A point in a note's top-right padding, where no text or figure is drawn. */
const paddingPoint = (at: { x: number; y: number }) => ({ x: at.x + 193, y: at.y + 30 });

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Positions', 'blank');
  observer = connectProvider(relay.wsUrl, boardId, { as: OBSERVER });
  await waitSynced(observer.provider);
  // The beliefs are there before anyone opens the board, so both canvases open framing them.
  addBelief(observer.doc, { text: 'Estimates make us faster.', x: 60, y: -200, authorId: OBSERVER }, OBSERVER);
  addBelief(observer.doc, { text: 'Our users read the release notes.', x: -300, y: 40, authorId: OBSERVER }, OBSERVER);
  [mapped, waiting] = listBeliefs(observer.doc);
  browser = await launchBrowser();
  alice = await newPerson(browser, 'Alice');
  bob = await newPerson(browser, 'Bob');
  await Promise.all([joinBoard(alice, relay.server.url, boardId), joinBoard(bob, relay.server.url, boardId)]);
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('positions on the canvas', () => {
  it('Alice records her position with the picker\'s buttons and with the keys 1–5 and 0', async () => {
    const inside = await boardToPage(alice.page, paddingPoint(mapped));
    await eventually(async () => (await colourAt(alice.page, inside)) === noteFill('yellow'), 'the note drawn on Alice\'s canvas');
    await clickNote(alice, mapped);
    await pickerOf(alice).waitFor();

    await choice(alice, 'Agree').click();
    await expectPositionOnRelay(alice, 1);
    expect(await choice(alice, 'Agree').getAttribute('aria-pressed')).toBe('true');
    expect(await choice(alice, 'Agree').getAttribute('title')).toBe('Agree (4)');

    const keys = [['5', 2], ['0', 'pass'], ['1', -2], ['2', -1], ['3', 0], ['4', 1]] as const;
    for (const [key, agreement] of keys) {
      await alice.page.keyboard.press(key);
      await expectPositionOnRelay(alice, agreement);
    }
    await eventually(async () => (await choice(alice, 'Agree').getAttribute('aria-pressed')) === 'true', 'the picker shows Agree pressed');
    expect(await choice(alice, 'Neutral').getAttribute('aria-pressed')).toBe('false');

    // A direction keeps the agreement; "Clear my position" takes both back.
    await choice(alice, 'Challenge / shift').click();
    await expectPositionOnRelay(alice, 1, -2);
    await choice(alice, 'Clear my position').click();
    await expectPositionOnRelay(alice, null);
    expect(await choice(alice, 'Challenge / shift').isDisabled()).toBe(true);

    await alice.page.keyboard.press('5');
    await expectPositionOnRelay(alice, 2);
    await choice(alice, 'Challenge / shift').click();
    await expectPositionOnRelay(alice, 2, -2);
    // Out of the way: her cursor would be drawn on Bob's canvas.
    await alice.page.mouse.move(5, 5);
  });

  it('Bob sees Alice\'s position in the note\'s figures, live', async () => {
    const card = await hoverCard(bob, mapped);
    await expectCardMatchesRelay(card, 'Bob\'s card shows one position');
    expect(await figure(card, 'n')).toBe('1');
    expect(await figure(card, 'convergence')).toBe('too few positions');
    expect(await card.textContent()).toContain('You none yet');

    // Alice changes her mind while Bob's card is open.
    await clickNote(alice, mapped);
    await alice.page.keyboard.press('4');
    await expectPositionOnRelay(alice, 1, -2);
    await expectCardMatchesRelay(card, 'Bob\'s card follows Alice\'s change');
    expect(await figure(card, 'mean')).toBe('1.00');
    await alice.page.keyboard.press('5');
    await expectPositionOnRelay(alice, 2, -2);
    await alice.page.mouse.move(5, 5);
  });

  it('with three positions the note shows the measured figures', async () => {
    await clickNote(bob, mapped);
    await pickerOf(bob).waitFor();
    await bob.page.keyboard.press('5');
    await expectPositionOnRelay(bob, 2);
    await writeAs(relay.wsUrl, boardId, 'carol', (doc) => setPosition(doc, mapped.id, 'carol', { agreement: 1, direction: -1 }, OBSERVER));

    const card = await hoverCard(bob, mapped);
    await expectCardMatchesRelay(card, 'Bob\'s card shows all three positions');
    const stats = statsOnRelay(mapped.id);
    expect(stats).toMatchObject({ n: 3, badge: 'converged', polarized: false });
    expect(await figure(card, 'convergence')).toBe(`${formatConvergence(stats.convergence!)} converged`);
    expect(await figure(card, 'mean')).toBe(formatMean(5 / 3));
    expect(await card.textContent()).toContain('You Strongly agree (+2)');
  });

  it('the Measured view places the note in the quadrant its numbers say, and sends the other to the tray', async () => {
    // Room for the whole map at a zoom where notes are drawn in full, for the screenshot.
    await bob.page.setViewportSize({ width: 1600, height: 1100 });
    const toggle = bob.page.getByRole('button', { name: 'Measured view' });
    await toggle.click();
    await eventually(async () => (await canvasOf(bob).getAttribute('data-layout')) === 'measured', 'Bob\'s canvas is in the Measured view');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    const stats = statsOnRelay(mapped.id);
    const quadrant = quadrantOf(stats.convergence!, stats.meanDirection!);
    // Converged, and the two who gave a direction want to challenge it.
    expect(quadrant).toBe('agree-stale');

    const beliefs = listBeliefs(observer.doc);
    const arrangement = arrangeMeasured(
      beliefs.map((b) => ({ ...b, height: noteLayout(b.text).height, stats: statsOnRelay(b.id) })),
      MATRIX_BOUNDS,
    );
    const onMap = arrangement.positions.get(mapped.id)!;
    const area = quadrantBounds(quadrant);
    const centre = { x: onMap.x + 100, y: onMap.y + noteLayout(mapped.text).height / 2 };
    expect(centre.x > area.minX && centre.x < area.maxX && centre.y > area.minY && centre.y < area.maxY).toBe(true);

    const atMeasured = await boardToPage(bob.page, paddingPoint(onMap));
    await eventually(async () => (await colourAt(bob.page, atMeasured)) === noteFill('yellow'), 'the note drawn at its measured place');
    const atOwnPlace = await boardToPage(bob.page, paddingPoint(mapped));
    expect(await colourAt(bob.page, atOwnPlace)).not.toBe(noteFill('yellow'));
    const inTray = arrangement.positions.get(waiting.id)!;
    expect(inTray.y).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    expect(await colourAt(bob.page, await boardToPage(bob.page, paddingPoint(inTray)))).toBe(noteFill('yellow'));

    // Hit testing and the picker follow the note to where it is drawn; dragging moves nothing.
    await bob.page.mouse.click(5, 5);
    await clickNote(bob, onMap);
    await pickerOf(bob).waitFor();
    expect(await choice(bob, 'Strongly agree').getAttribute('aria-pressed')).toBe('true');
    const grab = await boardToPage(bob.page, { x: onMap.x + 100, y: onMap.y + 30 });
    await bob.page.mouse.move(grab.x, grab.y);
    await bob.page.mouse.down();
    for (let step = 1; step <= 8; step++) await bob.page.mouse.move(grab.x + step * 20, grab.y + step * 10);
    await bob.page.mouse.up();
    expect(listBeliefs(observer.doc).find((b) => b.id === mapped.id)).toMatchObject({ x: mapped.x, y: mapped.y });
    expect(await colourAt(bob.page, atMeasured)).toBe(noteFill('yellow'));

    const file = await saveScreenshot(bob.page, 'measured-map.png');
    expect(existsSync(file)).toBe(true);

    // M glides back to everyone's own placement.
    await canvasOf(bob).focus();
    await bob.page.keyboard.press('m');
    await eventually(async () => (await canvasOf(bob).getAttribute('data-layout')) === 'free', 'Bob\'s canvas back in the free layout');
    const ownPlace = await boardToPage(bob.page, paddingPoint(mapped));
    await eventually(async () => (await colourAt(bob.page, ownPlace)) === noteFill('yellow'), 'the note back at its own place');
  });

  it('the Measured view draws the matrix\'s two axes across the map, through its centre', async () => {
    const { page } = alice;
    const axis = '#868e96';
    /** Whether an axis pixel is within 3 px of `point`, across the line (a 2 px line covers whole pixels wherever it falls). */
    const axisNear = async (point: { x: number; y: number }, across: 'x' | 'y') => {
      for (let offset = -3; offset <= 3; offset++) {
        const probe = across === 'x' ? { x: Math.round(point.x) + offset, y: point.y } : { x: point.x, y: Math.round(point.y) + offset };
        if ((await colourAt(page, probe)) === axis) return true;
      }
      return false;
    };
    /** Along an axis, some of these board points are off the notes the Measured view placed. */
    const axisAlong = async (points: { x: number; y: number }[], across: 'x' | 'y') => {
      for (const point of points) if (await axisNear(await boardToPage(page, point), across)) return true;
      return false;
    };
    await page.getByRole('button', { name: 'Measured view' }).click();
    await eventually(async () => (await canvasOf(alice).getAttribute('data-layout')) === 'measured', 'Alice\'s canvas is in the Measured view');
    try {
      const { minX, minY, maxX, maxY } = MATRIX_BOUNDS;
      const steps = [0.1, 0.25, 0.4, 0.6, 0.75, 0.9];
      await eventually(() => axisAlong(steps.map((f) => ({ x: 0, y: minY + (maxY - minY) * f })), 'x'), 'the vertical axis');
      expect(await axisAlong(steps.map((f) => ({ x: minX + (maxX - minX) * f, y: 0 })), 'y')).toBe(true);
      // Only there: not a quarter of the way across.
      expect(await axisAlong(steps.map((f) => ({ x: minX / 2, y: minY + (maxY - minY) * f })), 'x')).toBe(false);
    } finally {
      await page.getByRole('button', { name: 'Measured view' }).click();
      await eventually(async () => (await canvasOf(alice).getAttribute('data-layout')) === 'free', 'Alice\'s canvas back in the free layout');
    }
  });

  it('a colleague\'s pointer carries their name on a tag of their colour, as wide as the name', async () => {
    const { page } = alice;
    const colour = '#5f3dc4';
    // Where Alice's canvas shows the board point the colleague points at, 200 × 150 px into it.
    const box = (await canvasOf(alice).boundingBox())!;
    // A camera still moving (the layout the test before left) would carry the pointer elsewhere.
    let seen = '';
    await eventually(async () => {
      const now = (await canvasOf(alice).getAttribute('data-viewport')) ?? '';
      const still = now !== '' && now === seen;
      seen = now;
      return still;
    }, 'Alice\'s camera to be still');
    const viewport = JSON.parse(seen) as { x: number; y: number; scale: number };
    const at = { x: box.x + 200, y: box.y + 150 };
    observer.provider.awareness.setLocalState({
      user: { id: 'p-pointer', name: 'Wilhelmina Okonkwo-Barnes', color: colour },
      cursor: { x: viewport.x + 200 / viewport.scale, y: viewport.y + 150 / viewport.scale },
    });
    try {
      // The tag is drawn at (12, 20) screen px from the pointer's tip, 4 px of padding round the name.
      await eventually(async () => (await colourAt(page, { x: at.x + 18, y: at.y + 22 })) === colour, 'the name tag in the colleague\'s colour');
      // The pointer itself, filled in their colour just below its tip.
      expect(await colourAt(page, { x: at.x + 2.5, y: at.y + 9 })).toBe(colour);
      const row = (y: number) =>
        page.evaluate(`(() => {
          const found = [];
          for (let x = ${Math.round(at.x)}; x < ${Math.round(at.x) + 400}; x++) {
            let top = null;
            for (const canvas of document.querySelectorAll('[data-testid="board-canvas"] canvas')) {
              const rect = canvas.getBoundingClientRect();
              if (rect.width === 0 || x < rect.left || ${y} < rect.top || x >= rect.right || ${y} >= rect.bottom) continue;
              const ratio = canvas.width / rect.width;
              const d = canvas.getContext('2d').getImageData(Math.floor((x - rect.left) * ratio), Math.floor((${y} - rect.top) * ratio), 1, 1).data;
              if (d[3] > 200) top = [d[0], d[1], d[2]];
            }
            found.push(top);
          }
          return found;
        })()`) as Promise<([number, number, number] | null)[]>;
      const hex = (rgb: [number, number, number] | null) => (rgb ? '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('') : null);
      // Above the letters: the tag's extent.
      const above = await row(Math.round(at.y + 22));
      const tagStart = above.findIndex((rgb) => hex(rgb) === colour);
      // The end of that run of the tag's colour, not the last such pixel in the row: anything
      // else drawn in the colleague's colour further along is not the tag.
      let tagEnd = tagStart;
      while (tagEnd + 1 < above.length && hex(above[tagEnd + 1]) === colour) tagEnd++;
      // Through the letters: the white of the name.
      const through = await row(Math.round(at.y + 30));
      // White letters, smoothed into the tag's colour at their edges: far more green than the tag's 0x3d.
      const isLetter = (rgb: [number, number, number] | null) => !!rgb && rgb[1] > 0x80;
      const inTag = through.slice(0, tagEnd + 1);
      const nameStart = inTag.findIndex(isLetter);
      const nameEnd = inTag.findLastIndex(isLetter);
      // The name's width as the browser sets it in the canvas's font, plus 4 px of padding each side.
      const nameWidth = (await page.evaluate(`(() => {
        const context = document.createElement('canvas').getContext('2d');
        context.font = '12px ' + ${JSON.stringify(CANVAS_FONT_FAMILY)};
        return context.measureText('Wilhelmina Okonkwo-Barnes').width;
      })()`)) as number;
      expect(tagStart).toBeGreaterThanOrEqual(11);
      expect(tagStart).toBeLessThanOrEqual(14);
      // Give or take the rounded corners' and the smoothed edges' pixels.
      expect(Math.abs(tagEnd - tagStart + 1 - (nameWidth + 8))).toBeLessThanOrEqual(3);
      // The name sits inside it, its first and last letters a padding (and a glyph's side bearing) from its ends.
      expect(nameStart - tagStart).toBeGreaterThanOrEqual(3);
      expect(nameStart - tagStart).toBeLessThanOrEqual(7);
      expect(tagEnd - nameEnd).toBeGreaterThanOrEqual(3);
      expect(tagEnd - nameEnd).toBeLessThanOrEqual(7);
    } finally {
      observer.provider.awareness.setLocalState(null);
    }
  });
});
