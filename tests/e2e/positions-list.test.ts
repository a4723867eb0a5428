// Positions through the belief list, by keyboard only: three people record where they
// stand with Tab, arrow keys and Space; a fourth watches. Every page must show the same
// figures, the filters and sorts must follow them, and Cutler's prompt must make a note
// everyone sees. Real Chromium, real relay and store; a headless provider in this process
// reads the document.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, listBeliefs, readParticipants, readPosition, setPosition } from '../../shared/model.ts';
import { AGREEMENT_LABELS, PASS_LABEL } from '../../shared/scale.ts';
import { SCALE } from '../../shared/schema.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { connectProvider, startTestRelay, writeAs, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const AGREEMENT_ORDER = [...SCALE.map((point) => AGREEMENT_LABELS[point]), PASS_LABEL];

const CHURN = 'Customers churn because onboarding is slow.';
const ESTIMATES = 'Estimates make us faster.';
const NOTES = 'Our users read the release notes.';

let relay: TestRelay;
let boardId: string;
let browser: Browser;
let ann: Person;
let ben: Person;
let cat: Person;
let dan: Person;
let observer: ConnectedProvider;

interface RowView {
  text: string;
  figures: Record<string, string>;
  /** The checked "Your agreement" radio's name, or null. */
  agreement: string | null;
}

/** Every row of a person's list as they see it, in the order shown. */
function readList(page: Page): Promise<RowView[]> {
  return page.evaluate(`(() =>
    [...document.querySelectorAll('[data-belief-list] ol > li')].map((row) => ({
      text: row.querySelector('textarea').value,
      figures: Object.fromEntries([...row.querySelectorAll('[data-figure]')].map((dd) => [dd.dataset.figure, dd.textContent])),
      agreement: row.querySelector('fieldset input:checked')?.closest('label')?.textContent ?? null,
    })))()`) as Promise<RowView[]>;
}

async function rowOf(page: Page, text: string): Promise<RowView | undefined> {
  return (await readList(page)).find((row) => row.text === text);
}

const textsIn = async (page: Page) => (await readList(page)).map((row) => row.text);

interface FocusedRadio {
  group: string;
  belief: string;
  label: string;
  checked: boolean;
}

function focusedRadio(page: Page): Promise<FocusedRadio | null> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio') return null;
    return {
      group: el.closest('fieldset')?.querySelector('legend')?.textContent ?? '',
      belief: el.closest('li')?.querySelector('textarea')?.value ?? '',
      label: el.closest('label')?.textContent ?? '',
      checked: el.checked,
    };
  })()`) as Promise<FocusedRadio | null>;
}

/** Presses Tab until a radio of `group` in the row of `belief` has focus. */
async function tabTo(page: Page, group: string, belief: string): Promise<FocusedRadio> {
  for (let presses = 0; presses < 100; presses++) {
    await page.keyboard.press('Tab');
    const at = await focusedRadio(page);
    if (at && at.group === group && at.belief === belief) return at;
  }
  throw new Error(`Tab never reached the "${group}" radios of "${belief}".`);
}

/** Records an agreement with the keyboard alone: Tab into the group, arrows to the point, Space. */
async function answer(person: Person, belief: string, label: string): Promise<void> {
  const { page } = person;
  const at = await tabTo(page, 'Your agreement', belief);
  const steps = AGREEMENT_ORDER.indexOf(label) - AGREEMENT_ORDER.indexOf(at.label);
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
  await page.keyboard.press('Space');
  const now = await focusedRadio(page);
  expect(now).toEqual({ group: 'Your agreement', belief, label, checked: true });
}

function participantId(name: string): string {
  const entry = [...readParticipants(observer.doc)].find(([, record]) => record.name === name);
  if (!entry) throw new Error(`${name} has no participant record.`);
  return entry[0];
}

function beliefId(text: string): string {
  const belief = listBeliefs(observer.doc).find((b) => b.text === text);
  if (!belief) throw new Error(`No belief "${text}".`);
  return belief.id;
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Positions', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'facilitator' });
  await waitSynced(observer.provider);
  [CHURN, ESTIMATES, NOTES].forEach((text, i) =>
    addBelief(observer.doc, { text, x: -300 + i * 260, y: -200, authorId: 'facilitator', createdAt: i + 1 }, 'test'),
  );
  browser = await launchBrowser();
  [ann, ben, cat, dan] = await Promise.all(['Ann', 'Ben', 'Cat', 'Dan'].map((name) => newPerson(browser, name)));
  await Promise.all([ann, ben, cat, dan].map((person) => joinBoard(person, relay.server.url, boardId)));
  for (const person of [ann, ben, cat, dan]) {
    await eventually(async () => (await textsIn(person.page)).length === 3, `${person.name} sees the three beliefs`);
  }
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('positions in the belief list', () => {
  it('three people record their positions with the keyboard alone', async () => {
    await Promise.all([
      (async () => {
        await answer(ann, CHURN, 'Strongly agree');
        // A direction too: the next Tab stop is the Direction group; ArrowLeft wraps to its last point.
        const direction = await tabTo(ann.page, 'Direction', CHURN);
        expect(direction.label).toBe('Challenge / shift');
        await ann.page.keyboard.press('ArrowLeft');
        expect(await focusedRadio(ann.page)).toMatchObject({ label: 'Maintain / support', checked: true });
        await answer(ann, ESTIMATES, 'Strongly disagree');
        await answer(ann, NOTES, 'Neutral');
      })(),
      (async () => {
        await answer(ben, CHURN, 'Strongly agree');
        await answer(ben, ESTIMATES, 'Strongly agree');
        await answer(ben, NOTES, 'Pass');
      })(),
      (async () => {
        await answer(cat, CHURN, 'Agree');
        await answer(cat, ESTIMATES, 'Disagree');
      })(),
    ]);

    const annId = participantId('Ann');
    await eventually(async () => readPosition(observer.doc, beliefId(NOTES), participantId('Ben'))?.agreement === 'pass', 'the relay has Ben\'s pass');
    expect(readPosition(observer.doc, beliefId(CHURN), annId)).toMatchObject({ agreement: 2, direction: 2 });
    expect(readPosition(observer.doc, beliefId(ESTIMATES), participantId('Cat'))).toMatchObject({ agreement: -1, direction: null });
  });

  it('all four see the same figures, and the ones the statistics say', async () => {
    const expected: Record<string, Record<string, string>> = {
      // +2, +2, +1: μ = 5/3, 1 + ⅔·log2(1 − ⅓/4) + ⅓·log2(1 − ⅔/4) = 0.83.
      [CHURN]: { n: '3', pass: '0', mean: '1.67', convergence: '0.83 converged', polarized: 'no', distribution: '−2:0 −1:0 0:0 +1:1 +2:2' },
      // −2, +2, −1: μ = −⅓, convergence 0.23; one voice agreeing is not a camp, so not polarized.
      [ESTIMATES]: { n: '3', pass: '0', mean: '−0.33', convergence: '0.23 diverged', polarized: 'no', distribution: '−2:1 −1:1 0:0 +1:0 +2:1' },
      [NOTES]: { n: '1', pass: '1', mean: '0.00', convergence: 'too few positions', polarized: 'no', distribution: '−2:0 −1:0 0:1 +1:0 +2:0' },
    };
    for (const person of [ann, ben, cat, dan]) {
      await eventually(async () => {
        const rows = await readList(person.page);
        return rows.length === 3 && rows.every((row) => JSON.stringify(row.figures) === JSON.stringify(expected[row.text]));
      }, `${person.name}'s list shows the expected figures`);
    }
    // Each sees their own answers checked, and Dan, who answered nothing, sees none.
    expect((await rowOf(cat.page, ESTIMATES))?.agreement).toBe('Disagree');
    expect((await rowOf(ben.page, NOTES))?.agreement).toBe('Pass');
    expect((await readList(dan.page)).map((row) => row.agreement)).toEqual([null, null, null]);
  });

  it('"I have not answered yet" shows each person the beliefs they have not answered', async () => {
    for (const person of [dan, cat]) {
      await person.page.getByRole('checkbox', { name: 'I have not answered yet' }).check();
    }
    await eventually(async () => JSON.stringify(await textsIn(dan.page)) === JSON.stringify([CHURN, ESTIMATES, NOTES]), 'Dan sees all three');
    await dan.page.getByText('Showing 3 of 3').waitFor();
    await eventually(async () => JSON.stringify(await textsIn(cat.page)) === JSON.stringify([NOTES]), 'Cat sees only the one she skipped');
    await cat.page.getByText('Showing 1 of 3').waitFor();

    // Cat answers it: the row stays under her keyboard until she leaves the list, then goes.
    await answer(cat, NOTES, 'Pass');
    await cat.page.getByText('The order catches up when you leave the list.').waitFor();
    expect(await textsIn(cat.page)).toEqual([NOTES]);
    const focusInRows = () => cat.page.evaluate(`!!document.activeElement?.closest('[data-belief-list] ol')`);
    for (let presses = 0; presses < 10 && (await focusInRows()); presses++) await cat.page.keyboard.press('Shift+Tab');
    expect(await focusInRows()).toBe(false);
    await cat.page.getByText('No beliefs match these filters.').waitFor();
    await cat.page.getByText('Showing 0 of 3').waitFor();

    for (const person of [dan, cat]) {
      await person.page.getByRole('checkbox', { name: 'I have not answered yet' }).uncheck();
    }
  });

  it('sorts and filters by the statistics', async () => {
    const sort = dan.page.getByRole('combobox', { name: 'Sort' });
    await sort.selectOption({ label: 'Most divergent first' });
    // 0.23, then 0.83, then the belief with too few positions.
    await eventually(async () => JSON.stringify(await textsIn(dan.page)) === JSON.stringify([ESTIMATES, CHURN, NOTES]), 'most divergent first');
    await sort.selectOption({ label: 'Most convergent first' });
    await eventually(async () => JSON.stringify(await textsIn(dan.page)) === JSON.stringify([CHURN, ESTIMATES, NOTES]), 'most convergent first');
    await dan.page.getByRole('checkbox', { name: 'Polarized only' }).check();
    await dan.page.getByText('No beliefs match these filters.').waitFor();
    // A second voice agreeing makes two camps far apart: −2, −1 against +2, +2 (docs/statistics.md).
    await writeAs(relay.wsUrl, boardId, 'visitor-3', (doc) => setPosition(doc, beliefId(ESTIMATES), 'visitor-3', { agreement: 2 }, 'test'));
    await eventually(async () => JSON.stringify(await textsIn(dan.page)) === JSON.stringify([ESTIMATES]), 'polarized only');
    await dan.page.getByRole('checkbox', { name: 'Polarized only' }).uncheck();
    await sort.selectOption({ label: 'Most divergent first' });

    // New positions re-sort the watcher's list as they arrive: 0, +2, +2 (and two passes)
    // on the notes belief give μ = 4/3 and 1 + ⅓·log2(1 − (4/3)/4) + ⅔·log2(1 − (2/3)/4) = 0.63.
    for (const visitor of ['visitor-1', 'visitor-2']) await writeAs(relay.wsUrl, boardId, visitor, (doc) => setPosition(doc, beliefId(NOTES), visitor, { agreement: 2 }, 'test'));
    await eventually(
      async () => JSON.stringify(await textsIn(dan.page)) === JSON.stringify([ESTIMATES, NOTES, CHURN]),
      'the notes belief moves between the other two',
    );
    expect((await rowOf(dan.page, NOTES))?.figures).toMatchObject({ n: '3', pass: '2', convergence: '0.63 mixed', polarized: 'no' });
  });

  it('shows my position live when it changes elsewhere, and clears it', async () => {
    // Ann's other tab proves her id with the secret her browser keeps.
    const annSecret = await ann.page.evaluate(() => localStorage.getItem('beliefmap.participantSecret.v1'));
    await writeAs(relay.wsUrl, boardId, participantId('Ann'), (doc) => setPosition(doc, beliefId(NOTES), participantId('Ann'), { agreement: 1 }, 'another tab'), { participantSecret: annSecret! });
    await eventually(async () => (await rowOf(ann.page, NOTES))?.agreement === 'Agree', 'Ann\'s radio follows her other tab');
    // Ann's list is in board order, so the notes belief is her third row.
    expect((await textsIn(ann.page))[2]).toBe(NOTES);
    const rows = ann.page.getByRole('complementary', { name: 'Beliefs' }).getByRole('listitem');
    await rows.nth(2).getByRole('button', { name: 'Clear my position' }).click();
    await eventually(async () => readPosition(observer.doc, beliefId(NOTES), participantId('Ann')) === null, 'Ann\'s position is cleared');
    expect((await rowOf(ann.page, NOTES))?.agreement).toBeNull();
  });

  it('"Write a belief" turns Cutler\'s prompt into a note everyone sees', async () => {
    const { page } = dan;
    await page.getByRole('button', { name: 'Write a belief' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write a belief' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Add belief' }).click();
    await dialog.getByText('Say who you are comparing yourselves to', { exact: false }).waitFor();
    await dialog.getByText('Say which ability this is about', { exact: false }).waitFor();

    await dialog.getByRole('textbox', { name: 'Compared to' }).fill('Acme');
    await dialog.getByRole('combobox', { name: 'Who we consider to be' }).selectOption({ label: 'a potential disruptor' });
    await dialog.getByRole('combobox', { name: 'We are' }).selectOption({ label: 'lagging' });
    await dialog.getByRole('textbox', { name: 'When it comes to our ability to' }).fill('ship a fix the same day');
    await dialog.getByRole('combobox', { name: 'Our response' }).selectOption({ label: 'We must work to improve.' });
    const sentence =
      'Compared to Acme (who we consider to be a potential disruptor), we are lagging when it comes to our ' +
      'ability to ship a fix the same day. We must work to improve.';
    expect(await dialog.locator('[data-belief-preview]').textContent()).toBe(sentence);
    await saveScreenshot(page, 'write-a-belief.png');
    await dialog.getByRole('button', { name: 'Add belief' }).click();
    await dialog.waitFor({ state: 'detached' });

    for (const person of [ann, ben, cat, dan]) {
      await eventually(async () => (await textsIn(person.page)).includes(sentence), `${person.name} sees the written belief`);
    }
    expect(listBeliefs(observer.doc).map((b) => b.text)).toContain(sentence);
    await saveScreenshot(ann.page, 'positions-list.png');
  });
});
