// The room's smaller frictions (issue 14, items 6 and 11, and the phone), in real Chromium
// through the real relay, one browser context per person: every popover leaves on Escape
// and on a press outside and keeps off the middle of the map; the position picker sits
// beside its note, inside the canvas, off the other notes; the Share menu's QR code holds
// the participant link; a phone joins and answers by touch from a list-first page; the
// toolbar is one row at 1440 px and the list shows many beliefs; a view-only link is asked
// nothing it cannot use; an unknown address answers in words.
import { existsSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, readPosition } from '../../shared/model.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH, parsePositionKey, positionsMap } from '../../shared/schema.ts';
import { launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const TITLE = 'Team beliefs';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

let relay: TestRelay;
let browser: Browser;
let boardId: string;
let observer: ConnectedProvider;
let fay: Person;
/** The beliefs the observer wrote, by name, with their board places (one line each: notes of the minimum height). */
const notes: Record<string, { id: string; x: number; y: number }> = {};

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;
}

/** A note's box on the page, from the canvas's own viewport. */
async function noteBox(page: Page, note: { x: number; y: number }): Promise<Box> {
  const canvas = page.getByTestId('board-canvas');
  const box = (await canvas.boundingBox())!;
  const v = JSON.parse((await canvas.getAttribute('data-viewport')) ?? 'null') as { x: number; y: number; scale: number };
  return { x: box.x + (note.x - v.x) * v.scale, y: box.y + (note.y - v.y) * v.scale, width: NOTE_WIDTH * v.scale, height: NOTE_MIN_HEIGHT * v.scale };
}

async function joinWith(person: Person, link: string): Promise<void> {
  await person.page.goto(`${relay.server.url}${link}`);
  await person.page.getByRole('textbox', { name: 'Your name' }).fill(person.name);
  await person.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(person.page);
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard(TITLE, 'blank');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'observer' });
  await waitSynced(observer.provider);
  // A crowded corner — a note with neighbours close on its right and below — and two
  // far notes, so the fitted view leaves room only on the crowded note's other sides.
  const places: Record<string, [string, number, number]> = {
    crowded: ['Product managers write the tickets.', 0, 0],
    right: ['We pair on every change.', 260, 0],
    below: ['Retros change how we work.', 0, 180],
    far1: ['We ship small and often.', -700, -500],
    far2: ['Customers see the roadmap.', 900, 600],
  };
  for (const [name, [text, x, y]] of Object.entries(places)) {
    notes[name] = { id: addBelief(observer.doc, { text, x, y, authorId: 'observer' }, 'observer'), x, y };
  }
  for (let i = 0; i < 7; i++) addBelief(observer.doc, { text: `Belief number ${i + 1} of the list.`, x: 1400 + (i % 3) * 240, y: (i % 4) * 180, authorId: 'observer' }, 'observer');

  browser = await launchBrowser();
  fay = await newPerson(browser, 'Fay');
  await fay.page.setViewportSize({ width: 1440, height: 900 });
  // Fay's browser knows the participant link, as it does after she creates the board.
  await fay.page.goto(`${relay.server.url}/`);
  const { secrets, links } = accessOf(boardId);
  await fay.page.evaluate(
    `localStorage.setItem('beliefmap.boardKeys.v1', ${JSON.stringify(JSON.stringify({ [boardId]: { secret: secrets.facilitate, links: { edit: links.edit, view: links.view } } }))})`,
  );
  await joinWith(fay, links.facilitate);
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('popovers', () => {
  const popovers = [
    { button: 'Facilitate', panel: (page: Page) => page.getByRole('dialog', { name: 'Facilitator tools' }) },
    { button: 'Share…', panel: (page: Page) => page.getByRole('group', { name: 'Share this board' }) },
    { button: 'Export', panel: (page: Page) => page.getByRole('menu', { name: 'Export' }) },
  ];

  for (const { button, panel } of popovers) {
    it(`"${button}" closes on Escape, back on its button, and on a press outside`, async () => {
      const { page } = fay;
      const opener = page.getByRole('button', { name: button, exact: true });
      await opener.click();
      await panel(page).waitFor();
      await page.keyboard.press('Escape');
      await panel(page).waitFor({ state: 'detached' });
      expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);

      await opener.click();
      await panel(page).waitFor();
      // Never over the middle of the map.
      const canvas = (await page.getByTestId('board-canvas').boundingBox())!;
      const middle = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
      const shown = (await panel(page).boundingBox())!;
      expect(overlaps(shown, { x: middle.x - 1, y: middle.y - 1, width: 2, height: 2 })).toBe(false);
      // A press on the map outside it closes it.
      await page.mouse.click(middle.x, middle.y);
      await panel(page).waitFor({ state: 'detached' });
    });
  }

  it('one popover opened over another closes the first', async () => {
    const { page } = fay;
    await page.getByRole('button', { name: 'Share…' }).click();
    await popovers[1].panel(page).waitFor();
    await page.getByRole('button', { name: 'Facilitate' }).click();
    await popovers[0].panel(page).waitFor();
    expect(await popovers[1].panel(page).count()).toBe(0);
    await page.keyboard.press('Escape');
    await popovers[0].panel(page).waitFor({ state: 'detached' });
  });
});

describe('the position picker', () => {
  it('opens beside the selected note, inside the canvas, off its neighbours', async () => {
    const { page } = fay;
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    const crowded = await noteBox(page, notes.crowded);
    await page.mouse.click(crowded.x + crowded.width / 2, crowded.y + crowded.height / 2);
    const picker = page.getByRole('group', { name: 'Your position on the selected belief' });
    await picker.waitFor();
    const shown = (await picker.boundingBox())!;
    const canvas = (await page.getByTestId('board-canvas').boundingBox())!;
    const neighbours = [await noteBox(page, notes.right), await noteBox(page, notes.below)];
    expect(overlaps(shown, crowded)).toBe(false);
    expect(inside(shown, canvas)).toBe(true);
    for (const neighbour of neighbours) expect(overlaps(shown, neighbour)).toBe(false);
    // Beside it: the nearest edges at most a picker's height apart.
    const gapX = Math.max(shown.x - (crowded.x + crowded.width), crowded.x - (shown.x + shown.width), 0);
    const gapY = Math.max(shown.y - (crowded.y + crowded.height), crowded.y - (shown.y + shown.height), 0);
    expect(Math.max(gapX, gapY)).toBeLessThan(shown.height);
    await page.keyboard.press('Escape');
  });
});

describe('keyboard', () => {
  it('after N then Escape, Tab goes to the new belief\'s row', async () => {
    const { page } = fay;
    await page.getByTestId('board-canvas').focus();
    await page.keyboard.press('n');
    const editor = page.getByRole('textbox', { name: 'Edit belief text' });
    await editor.waitFor();
    await page.keyboard.type('Made with the keyboard.');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    await page.keyboard.press('Tab');
    const focusedRow = await page.evaluate(`document.activeElement?.closest('[data-belief-id]')?.querySelector('textarea')?.value ?? null`);
    expect(focusedRow).toBe('Made with the keyboard.');
  });
});

describe('"Write a belief"', () => {
  it('offers a prompt for a team practice besides Cutler\'s competitor prompt', async () => {
    const { page } = fay;
    await page.getByRole('button', { name: 'Write a belief' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write a belief' });
    await dialog.getByRole('radio', { name: 'About a team practice' }).check();
    await dialog.getByRole('textbox', { name: 'Our practice of' }).fill('pairing on every change');
    await dialog.getByRole('textbox', { name: 'When it comes to' }).fill('catching mistakes early');
    await dialog.getByRole('button', { name: 'Add belief' }).click();
    const sentence = 'Our practice of pairing on every change helps us when it comes to catching mistakes early. We should keep doing it.';
    await eventually(
      async () => (await page.getByRole('complementary', { name: 'Beliefs' }).getByRole('textbox', { name: 'Belief text' }).evaluateAll((boxes) => boxes.map((box) => (box as HTMLTextAreaElement).value))).includes(sentence),
      'the practice belief is listed',
    );
  });
});

describe('the Share menu\'s QR code', () => {
  it('encodes the participant link', async () => {
    const { page } = fay;
    await page.getByRole('button', { name: 'Share…' }).click();
    await page.getByRole('button', { name: 'QR code for phones' }).click();
    const code = page.getByRole('img', { name: 'QR code of the participant link' });
    await code.waitFor();
    const size = Number(await code.getAttribute('data-qr-size'));
    const quiet = Number(await code.getAttribute('data-qr-quiet-zone'));
    const d = (await code.locator('path').getAttribute('d')) ?? '';
    // Every dark module the page drew, read back from its path.
    const drawn = new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map(([, x, y]) => `${Number(x) - quiet},${Number(y) - quiet}`));
    const expected = QRCode.create(`${relay.server.url}${accessOf(boardId).links.edit}`, { errorCorrectionLevel: 'M' }).modules;
    expect(size).toBe(expected.size);
    const dark = new Set<string>();
    for (let y = 0; y < expected.size; y++) for (let x = 0; x < expected.size; x++) if (expected.get(y, x)) dark.add(`${x},${y}`);
    expect(drawn.size).toBe(dark.size);
    expect([...drawn].every((cell) => dark.has(cell))).toBe(true);
    await saveScreenshot(page, 'share-qr.png');
    await page.keyboard.press('Escape');
  });
});

describe('at 1440 × 900', () => {
  it('the toolbar fits one row', async () => {
    // Fay is the facilitator: her toolbar has the most buttons.
    const groups = (await fay.page.evaluate(
      `[...document.querySelectorAll('[role="toolbar"] > *')].map((group) => { const r = group.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; })`,
    )) as { top: number; bottom: number }[];
    console.log('toolbar groups', groups);
    await saveScreenshot(fay.page, 'board-1440.png');
    // One row: every group spans the same line (each starts above where every other ends).
    expect(Math.max(...groups.map((g) => g.top))).toBeLessThan(Math.min(...groups.map((g) => g.bottom)));
  });

  it('the list shows many beliefs at once', async () => {
    const list = fay.page.getByRole('complementary', { name: 'Beliefs' });
    const listBox = (await list.locator('.belief-list__rows').boundingBox())!;
    const rows = await list.locator('[data-belief-id]').evaluateAll((elements) => elements.map((row) => row.getBoundingClientRect().height));
    console.log('row heights', rows, 'list height', listBox.height);
    const fullyShown = await list.locator('[data-belief-id]').evaluateAll(
      (elements, bottom) => elements.filter((row) => row.getBoundingClientRect().bottom <= bottom).length,
      listBox.y + listBox.height,
    );
    await saveScreenshot(fay.page, 'list-1440.png');
    // A one-line belief's row (most of these) was about 400 px tall before; a long belief's grows with its text.
    const median = [...rows].sort((x, y) => x - y)[Math.floor(rows.length / 2)];
    expect(median).toBeLessThan(170);
    expect(fullyShown).toBeGreaterThanOrEqual(4);
  });
});

describe('a phone', () => {
  it('joins, reads each belief and answers one by touch in a list-first layout', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    try {
      await page.goto(`${relay.server.url}${accessOf(boardId).links.edit}`);
      // The join screen names the board.
      await page.getByRole('heading', { name: `Join “${TITLE}”` }).waitFor();
      await page.getByRole('textbox', { name: 'Your name' }).tap();
      await page.getByRole('textbox', { name: 'Your name' }).fill('Maya');
      await page.getByRole('button', { name: 'Join board' }).tap();
      await waitLive(page);

      // The list, not the canvas: each belief's text within the screen's width.
      expect(await page.getByTestId('board-canvas').isVisible()).toBe(false);
      const list = page.getByRole('complementary', { name: 'Beliefs' });
      const texts = list.getByRole('textbox', { name: 'Belief text' });
      await eventually(async () => (await texts.count()) > 0, 'the beliefs are listed');
      const first = (await texts.first().boundingBox())!;
      expect(first.x).toBeGreaterThanOrEqual(0);
      expect(first.x + first.width).toBeLessThanOrEqual(390);

      // The opinion groups' summary comes with the groups' worker, after the rows, and
      // pushes them down: a tap measured before it lands on another row's chip.
      await list.locator('[data-opinion-groups]').waitFor();
      const row = list.locator('[data-belief-id]').first();
      const beliefId = (await row.getAttribute('data-belief-id'))!;
      // The chip a thumb taps: the label around the "Agree" radio.
      const agree = row.getByRole('group', { name: 'Your agreement' }).locator('label', { has: page.getByRole('radio', { name: 'Agree', exact: true }) });
      const target = (await agree.boundingBox())!;
      expect(target.height).toBeGreaterThanOrEqual(44);
      await agree.tap();
      // The relay's copy, as everyone else will see it: Maya agrees (+1) with that belief.
      const answerer = () => [...positionsMap(observer.doc).keys()].map(parsePositionKey).find((key) => key?.beliefId === beliefId)?.participantId;
      await eventually(async () => answerer() !== undefined, 'the observer receives Maya\'s position');
      expect(readPosition(observer.doc, beliefId, answerer()!)?.agreement).toBe(1);
      expect(await row.getByRole('radio', { name: 'Agree', exact: true }).isChecked()).toBe(true);
      await saveScreenshot(page, 'phone-list.png');
    } finally {
      await context.close();
    }
  });
});

describe('a view-only link', () => {
  it('is told it will watch, and shows no answers it cannot give', async () => {
    const viewer = await newPerson(browser, 'Audience');
    try {
      const { page } = viewer;
      await page.goto(`${relay.server.url}${accessOf(boardId).links.view}`);
      await page.getByRole('heading', { name: `Watch “${TITLE}”` }).waitFor();
      expect(await page.getByText(/next to your notes/).count()).toBe(0);
      await page.getByRole('textbox', { name: 'Your name' }).fill('Audience');
      await page.getByRole('button', { name: 'Join board' }).click();
      await waitLive(page);
      const list = page.getByRole('complementary', { name: 'Beliefs' });
      await eventually(async () => (await list.getByRole('textbox', { name: 'Belief text' }).count()) > 0, 'the viewer sees the beliefs');
      expect(await list.getByRole('radio').count()).toBe(0);
      expect(await list.getByText(/You have answered/).count()).toBe(0);
      expect(await list.getByRole('button', { name: 'Delete belief' }).count()).toBe(0);
    } finally {
      await viewer.context.close();
    }
  });
});

describe('an address with nothing behind it', () => {
  it('says so in words, with a way home', async () => {
    const { page } = fay;
    const response = await page.goto(`${relay.server.url}/boards/xyz`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'There is nothing at this address' }).waitFor();
    await page.getByRole('link', { name: 'Go to the Beliefmap home page' }).click();
    await page.waitForURL(`${relay.server.url}/`);
  });
});
