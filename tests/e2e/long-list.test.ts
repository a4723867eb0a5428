// A long belief list is virtualised (client/board/BeliefRows.tsx): on a board of 300
// beliefs only the rows in and near view are in the document, yet the list behaves as if
// every row were there — Tab walks every row's controls in order far past the first
// screen, a screen reader hears "row n of 300", scrolling shows the right rows, a growing
// row pushes the rows below it down, a note selected on the canvas brings its row into
// view, a new belief's row takes the keyboard in view, and the narrow layout still lists
// its rows. Its code is fetched apart from the board page's, and a board whose list cannot
// be fetched still opens and says so. Real Chromium, real relay and store.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief } from '../../shared/model.ts';
import { joinBoard, launchBrowser, newPerson, type Person } from '../helpers/browser.ts';
import { boardToPage, eventually } from '../helpers/canvasProbe.ts';
import { connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const BELIEFS = 300;
/** Rows in view at 1280 × 800 plus overscan and the kept ends: far fewer than 300. */
const MAX_RENDERED = 40;

const textOf = (n: number) => `Belief ${String(n).padStart(3, '0')}`;
/** Notes (200 × 120) on a grid with room between them, so a click finds one note. */
const placeOf = (n: number) => ({ x: (n % 20) * 220, y: Math.floor(n / 20) * 160 });

let relay: TestRelay;
let browser: Browser;
let boardId: string;
let ann: Person;
let observer: ConnectedProvider;

interface RenderedRow {
  text: string;
  posinset: number;
  setsize: number;
  /** Top and bottom relative to the scroller's visible box, in px. */
  top: number;
  bottom: number;
}

interface ListView {
  rows: RenderedRow[];
  scrollTop: number;
  scrollHeight: number;
  height: number;
  /** The row the focused element is in: its aria-posinset, or null when focus is not in a row. */
  focusedAt: number | null;
}

function readView(page: Page): Promise<ListView> {
  return page.evaluate(`(() => {
    const list = document.querySelector('[data-belief-list] ol');
    const scroller = list.parentElement;
    const box = scroller.getBoundingClientRect();
    const rows = [...list.children].map((row) => {
      const rect = row.getBoundingClientRect();
      return {
        text: row.querySelector('textarea').value,
        posinset: Number(row.getAttribute('aria-posinset')),
        setsize: Number(row.getAttribute('aria-setsize')),
        top: rect.top - box.top,
        bottom: rect.bottom - box.top,
      };
    });
    const focused = document.activeElement?.closest('[data-belief-list] ol > li');
    return {
      rows,
      scrollTop: scroller.scrollTop,
      scrollHeight: scroller.scrollHeight,
      height: scroller.clientHeight,
      focusedAt: focused ? Number(focused.getAttribute('aria-posinset')) : null,
    };
  })()`) as Promise<ListView>;
}

/** The rows at least partly inside the scroller's visible box, in order. */
const visible = (view: ListView) => view.rows.filter((row) => row.bottom > 0 && row.top < view.height);

/** Each row shows the belief its position says, and the rows on screen leave no gap. */
function expectConsistent(view: ListView): void {
  for (const row of view.rows) {
    expect(row.text).toBe(textOf(row.posinset));
    expect(row.setsize).toBe(BELIEFS);
  }
  const shown = visible(view);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown[0].top).toBeLessThanOrEqual(8);
  for (let i = 1; i < shown.length; i++) {
    expect(shown[i].posinset).toBe(shown[i - 1].posinset + 1);
    // The virtualiser's 8 px between rows, give or take a pixel of rounding.
    expect(Math.abs(shown[i].top - shown[i - 1].bottom - 8)).toBeLessThanOrEqual(1);
  }
  expect(shown[shown.length - 1].bottom).toBeGreaterThanOrEqual(view.height - 9);
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('A long list', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'facilitator' });
  await waitSynced(observer.provider);
  observer.doc.transact(() => {
    for (let n = 1; n <= BELIEFS; n++) {
      addBelief(observer.doc, { text: textOf(n), ...placeOf(n), authorId: 'facilitator', createdAt: n }, 'test');
    }
  }, 'test');
  browser = await launchBrowser();
  ann = await newPerson(browser, 'Ann');
  await joinBoard(ann, relay.server.url, boardId);
  await eventually(async () => (await readView(ann.page)).rows.length > 0, 'Ann sees rows');
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('a long belief list', () => {
  it('renders only the rows in and near view, each telling its place among all 300', async () => {
    const view = await readView(ann.page);
    expect(view.rows.length).toBeLessThanOrEqual(MAX_RENDERED);
    // The first screenful, and the last row (kept for Shift+Tab from below the list).
    expect(view.rows[0].posinset).toBe(1);
    expect(view.rows.at(-1)?.posinset).toBe(BELIEFS);
    expectConsistent(view);
    // The scrollbar is that of the whole list, not of the rows rendered.
    expect(view.scrollHeight).toBeGreaterThan(BELIEFS * 100);
  });

  it('scrolling shows the right rows', async () => {
    const { page } = ann;
    for (const fraction of [0.5, 0.83, 1, 0.2]) {
      await page.evaluate(`(() => {
        const scroller = document.querySelector('[data-belief-list] ol').parentElement;
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * ${fraction};
      })()`);
      await eventually(async () => {
        const view = await readView(page);
        const shown = visible(view);
        return shown.length > 0 && shown[0].top <= 8 && shown.at(-1)!.bottom >= view.height - 9;
      }, `the rows at ${fraction * 100} % are rendered`);
      const view = await readView(page);
      expect(view.rows.length).toBeLessThanOrEqual(MAX_RENDERED);
      expectConsistent(view);
      const first = visible(view)[0].posinset;
      // Where the scroll position says: within a few rows of its share of the list.
      expect(Math.abs(first - fraction * BELIEFS)).toBeLessThanOrEqual(12);
    }
  });

  it('Tab walks every row in order far past the first screen, and Shift+Tab walks back', async () => {
    const { page } = ann;
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    await page.locator('[data-add-belief]').focus();
    const target = 40;
    let at = 0;
    let presses = 0;
    while (at < target) {
      await page.keyboard.press('Tab');
      presses++;
      const view = await readView(page);
      const now = view.focusedAt;
      // From the header, Tab may pass the order controls before the first row; once in
      // the rows it never leaves them, and never skips a row.
      if (at > 0) expect(now, `focus left the rows after row ${at}`).not.toBeNull();
      if (now !== null) {
        expect(now - at).toBeGreaterThanOrEqual(0);
        expect(now - at).toBeLessThanOrEqual(1);
        at = now;
      }
      expect(view.rows.length).toBeLessThanOrEqual(MAX_RENDERED);
      expect(presses).toBeLessThan(target * 15);
    }
    // The focused row was scrolled into view.
    await eventually(async () => {
      const view = await readView(page);
      const row = view.rows.find((r) => r.posinset === target);
      return !!row && row.bottom > 0 && row.top < view.height;
    }, `row ${target} is in view`);
    expectConsistent(await readView(page));

    // Scrolled far away with the wheel, the row holding focus stays, and Tab carries on
    // from it to the next row rather than from whatever is on screen.
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    await eventually(async () => visible(await readView(page))[0]?.posinset === 1, 'the top rows are rendered');
    expect((await readView(page)).focusedAt).toBe(target);
    for (let presses = 0; at === target; presses++) {
      expect(presses).toBeLessThan(15);
      await page.keyboard.press('Tab');
      const now = (await readView(page)).focusedAt;
      expect(now).not.toBeNull();
      at = now!;
    }
    expect(at).toBe(target + 1);

    for (let presses = 0; at > target - 3; presses++) {
      expect(presses).toBeLessThan(60);
      await page.keyboard.press('Shift+Tab');
      const now = (await readView(page)).focusedAt;
      expect(now).not.toBeNull();
      expect(at - now!).toBeGreaterThanOrEqual(0);
      expect(at - now!).toBeLessThanOrEqual(1);
      at = now!;
    }
  });

  it('Shift+Tab into the list from below lands on the last row', async () => {
    const { page } = ann;
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    // A stop right after the list in the tab order, whatever the page puts there.
    await page.evaluate(`(() => {
      const after = document.createElement('button');
      after.id = 'after-the-list';
      after.textContent = 'after';
      document.querySelector('[data-belief-list]').after(after);
      after.focus();
    })()`);
    for (let presses = 0; (await readView(page)).focusedAt === null; presses++) {
      expect(presses).toBeLessThan(10);
      await page.keyboard.press('Shift+Tab');
    }
    expect((await readView(page)).focusedAt).toBe(BELIEFS);
    await eventually(async () => {
      const view = await readView(page);
      const row = view.rows.find((r) => r.posinset === BELIEFS);
      return !!row && row.bottom > 0 && row.top < view.height;
    }, 'the last row is in view');
    expectConsistent(await readView(page));
    await page.evaluate(`document.getElementById('after-the-list').remove()`);
  });

  it('a row that grows as its text is typed moves the rows below it down', async () => {
    const { page } = ann;
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    // The window follows the scroll in a later frame: until then the rows are the old ones.
    await eventually(async () => (await readView(page)).rows[1]?.posinset === 2, 'the top of the list is rendered');
    const before = (await readView(page)).rows[1];
    const textbox = page.locator('[data-belief-list] ol > li').first().locator('textarea');
    await textbox.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' — and it goes on for a good many words, enough to wrap over several lines of the row.');
    await eventually(async () => (await readView(page)).rows[1].top > before.top + 20, 'the second row moved down');
    const view = await readView(page);
    // No overlap and no gap: the second row starts 8 px below the grown first row.
    expect(Math.abs(view.rows[1].top - view.rows[0].bottom - 8)).toBeLessThanOrEqual(1);
    // Put the text back, so the other tests read the row as numbered.
    await textbox.fill(textOf(1));
    await eventually(async () => Math.abs((await readView(page)).rows[1].top - before.top) <= 1, 'the second row moved back');
    await page.keyboard.press('Escape');
  });

  it('selecting a note on the canvas far down the list scrolls its row into view', async () => {
    const { page } = ann;
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    const n = 257;
    const middle = { x: placeOf(n).x + 100, y: placeOf(n).y + 60 };
    // On joining, Fit frames a board this large on its middle at a zoom where notes stay
    // readable (issue 14): the far note is off screen, so pan to it with the wheel first,
    // as a person would.
    const box = (await page.getByTestId('board-canvas').boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const before = await boardToPage(page, middle);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(before.x - centre.x, before.y - centre.y);
    await eventually(async () => {
      const now = await boardToPage(page, middle);
      return Math.abs(now.x - centre.x) <= 1 && Math.abs(now.y - centre.y) <= 1;
    }, `the canvas shows note ${n}`);
    await page.mouse.click(centre.x, centre.y);
    await eventually(async () => {
      const view = await readView(page);
      const row = view.rows.find((r) => r.posinset === n);
      return !!row && row.top >= 0 && row.bottom <= view.height;
    }, `row ${n} is scrolled into view`);
    expect(await page.evaluate(`document.querySelector('[data-belief-list] li[aria-current="true"] textarea')?.value`)).toBe(textOf(n));
    const view = await readView(page);
    expect(view.rows.length).toBeLessThanOrEqual(MAX_RENDERED);
    expectConsistent(view);
  });

  it('a new belief takes the keyboard in its row, scrolled into view', async () => {
    const { page } = ann;
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    await page.locator('[data-add-belief]').click();
    await eventually(async () => {
      const view = await readView(page);
      const row = view.rows.find((r) => r.posinset === BELIEFS + 1);
      return view.focusedAt === BELIEFS + 1 && !!row && row.top >= 0 && row.bottom <= view.height;
    }, 'the new row is focused and in view');
    await page.keyboard.type('Belief 301');
    await eventually(async () => (await readView(page)).rows.every((row) => row.setsize === BELIEFS + 1), 'every row counts the new one');
  });

  it('is downloaded apart from the page: while it cannot be, the board still opens and the list says so in words; "Try again" brings it', async () => {
    // The list is a chunk of its own, fetched as the board opens (client/pages/onDemandParts.tsx).
    const smallBoard = await relay.createBoard('A board whose list is late', 'belief-map');
    const bea = await newPerson(browser, 'Bea');
    const { context, page } = bea;
    const listChunks = /\/assets\/(BoardList|BeliefList)-[^/]*\.js$/;
    await context.route(listChunks, (route) => route.abort('internetdisconnected'));
    await joinBoard(bea, relay.server.url, smallBoard);
    await page.getByRole('alert').filter({ hasText: 'The belief list could not be loaded. Check your connection' }).waitFor();
    // The canvas, its toolbar and the note editor do not wait for the list.
    await page.getByRole('toolbar', { name: 'Board tools' }).getByRole('button', { name: 'Add belief' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit belief text' });
    await editor.waitFor();
    await page.keyboard.type('Written before the list came');
    expect(await editor.inputValue()).toBe('Written before the list came');
    await page.keyboard.press('Escape');

    await context.unroute(listChunks);
    await page.getByRole('button', { name: 'Try again' }).click();
    const rows = page.getByRole('complementary', { name: 'Beliefs' }).getByRole('textbox', { name: 'Belief text' });
    await eventually(async () => (await rows.count()) === 1 && (await rows.first().inputValue()) === 'Written before the list came', 'the note in the list');
    await context.close();
  });

  it('the narrow layout lists its rows too', async () => {
    const { page } = ann;
    await page.setViewportSize({ width: 600, height: 900 });
    await page.evaluate(`document.querySelector('[data-belief-list] ol').parentElement.scrollTop = 0`);
    await eventually(async () => {
      const view = await readView(page);
      return view.height > 100 && visible(view).length > 0 && visible(view).at(-1)!.bottom >= view.height - 9;
    }, 'rows fill the narrow list');
    const view = await readView(page);
    expect(view.rows.length).toBeLessThanOrEqual(MAX_RENDERED);
    expect(visible(view)[0].posinset).toBe(1);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
