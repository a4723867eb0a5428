// Rounds people can follow, and a timer that ends, the way a workshop meets them: a
// facilitator (facilitate link), three participants and a projector on the view-only link,
// each in their own browser context. In a round where each person answers a different
// subset, every page — the projector's too — shows the same count per belief and per
// person, and the projector is nobody to wait for; the facilitator sees who has gaps outside rounds too.
// In a second round everyone sees their previous answers, keeps them with one action
// (button or Shift+K), one person changes one — and the reveal draws exactly that
// belief's movement arrow. The timer says "Time is up" for a minute, then clears, a late
// joiner never sees it, and its live region speaks no more often than every 10 s.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, listBeliefs, positionsOf, readParticipants } from '../../shared/model.ts';
import { AGREEMENT_LABELS, DIRECTION_LABELS } from '../../shared/scale.ts';
import type { Belief, ScalePoint } from '../../shared/schema.ts';
import { readRoundHistory, readWorkshop, startTimer } from '../../shared/workshop.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const TEXTS = ['Teams that own outcomes ship better work.', 'Estimates make us faster.', 'Our users read the release notes.'];

/** Round 1: who answers which belief (board order) first, and with what. */
const FIRST_PASS: Record<string, (ScalePoint | null)[]> = { Ann: [2, -1, null], Ben: [null, 1, 2], Cat: [null, null, 1] };
/** The rest of round 1, so that every belief has three answers to compare with later. */
const SECOND_PASS: Record<string, (ScalePoint | null)[]> = { Ann: [null, null, 2], Ben: [-2, null, null], Cat: [1, -1, null] };

let relay: TestRelay;
let browser: Browser;
let boardId: string;
/** The facilitator's connection from Node: reads the document and sets the timer. */
let observer: ConnectedProvider;
let fay: Person;
let participants: Person[];
let everyone: Person[];
/** A view-only screen (a projector): shows the same progress, and is nobody to wait for. */
let projector: Person;
let beliefs: Belief[];

const rowsOf = (page: Page) => page.locator('[data-belief-list] ol > li');

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

async function answer(person: Person, index: number, agreement: ScalePoint): Promise<void> {
  const row = rowsOf(person.page).nth(index);
  await row.getByRole('group', { name: 'Your agreement' }).getByRole('radio', { name: AGREEMENT_LABELS[agreement], exact: true }).check();
  // A direction too: a belief nobody gave one waits in "Needs a direction", off the map, with no arrow.
  await row.getByRole('group', { name: 'Direction' }).getByRole('radio', { name: 'Lean maintain', exact: true }).check();
}

async function answerPass(pass: Record<string, (ScalePoint | null)[]>): Promise<void> {
  for (const person of participants) {
    for (const [index, agreement] of pass[person.name].entries()) if (agreement !== null) await answer(person, index, agreement);
  }
}

interface ProgressView {
  banner: string;
  people: Record<string, number>;
  rows: { sealed: string; missing: string }[];
}

/** What a page shows of the round's progress: the banner's count, each person's, each row's. */
function progressOf(page: Page): Promise<ProgressView> {
  return page.evaluate(`(() => ({
    banner: document.querySelector('.workshop-banner--round strong')?.textContent.trim() ?? '',
    people: Object.fromEntries([...document.querySelectorAll('.workshop-banner--round [data-person]')].map((item) => [item.dataset.person, Number(item.dataset.answered)])),
    rows: [...document.querySelectorAll('[data-belief-list] ol > li')].map((row) => ({
      sealed: row.querySelector('[data-figure="sealed"]')?.textContent.trim() ?? '',
      missing: row.querySelector('[data-figure="not-answered"]')?.textContent.trim() ?? '',
    })),
  }))()`) as Promise<ProgressView>;
}

async function expectEveryPageShows(expected: ProgressView, what: string): Promise<void> {
  for (const person of [...everyone, projector]) {
    await eventually(
      async () => JSON.stringify(await progressOf(person.page)) === JSON.stringify(expected),
      `${person.name}'s page shows ${what}`,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(await progressOf(person.page))}`);
    });
  }
}

async function reveal(round: number): Promise<void> {
  await (await openPanel(fay.page)).getByRole('button', { name: `Reveal round ${round}` }).click();
  await fay.page.keyboard.press('Escape');
  await eventually(async () => readRoundHistory(observer.doc).length === round, `round ${round} revealed into the document`);
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Rounds people can follow', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'observer', secret: accessOf(boardId).secrets.facilitate });
  await waitSynced(observer.provider);
  TEXTS.forEach((text, i) =>
    addBelief(observer.doc, { text, x: -500 + i * 300, y: -200 + i * 150, authorId: 'observer', createdAt: i + 1 }, 'setup'),
  );
  beliefs = listBeliefs(observer.doc);
  browser = await launchBrowser();
  [fay, ...participants] = await Promise.all(['Fay', 'Ann', 'Ben', 'Cat'].map((name) => newPerson(browser, name)));
  everyone = [fay, ...participants];
  await Promise.all([joinAsFacilitator(fay), ...participants.map((person) => joinBoard(person, relay.server.url, boardId))]);
  projector = await newPerson(browser, 'Projector');
  await projector.page.goto(`${relay.server.url}${accessOf(boardId).links.view}`);
  await projector.page.getByRole('textbox', { name: 'Your name' }).fill(projector.name);
  await projector.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(projector.page);
  for (const person of [...everyone, projector]) {
    await eventually(async () => (await rowsOf(person.page).count()) === beliefs.length, `${person.name} sees the beliefs`);
  }
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('rounds people can follow', () => {
  it('shows the facilitator who has answered what outside rounds, and one person\'s gaps', async () => {
    await answer(participants[0], 0, 1);
    await answer(participants[0], 1, 1);
    await answer(participants[1], 2, -1);
    const people = fay.page.getByRole('list', { name: 'Beliefs answered, by person' });
    await eventually(
      async () => (await people.getByText('Ann: 2 of 3').count()) === 1 && (await people.getByText('Ben: 1 of 3').count()) === 1,
      'Fay sees Ann 2 of 3 and Ben 1 of 3',
    );
    expect(await people.getByText('Cat: 0 of 3').count()).toBe(1);
    // A participant has no such list.
    expect(await participants[0].page.getByRole('list', { name: 'Beliefs answered, by person' }).count()).toBe(0);

    await people.getByRole('button', { name: "Show Ann's gaps" }).click();
    await eventually(async () => (await rowsOf(fay.page).count()) === 1, 'Fay\'s list narrows to Ann\'s one gap');
    expect(await rowsOf(fay.page).first().locator('textarea').inputValue()).toBe(TEXTS[2]);
    // Ann fills it: the gap closes on Fay's list as it happens.
    await answer(participants[0], 2, 0);
    await fay.page.getByText('No beliefs match these filters.').waitFor();
    await people.getByRole('button', { name: 'Show all beliefs' }).click();
    await eventually(async () => (await rowsOf(fay.page).count()) === beliefs.length, 'Fay sees every belief again');
  });

  it('counts per belief and per person, the same on every page, when each answers a different subset', async () => {
    const panel = await openPanel(fay.page);
    await panel.getByRole('button', { name: 'Start round 1 on all beliefs' }).click();
    await panel.getByRole('button', { name: 'Reveal round 1' }).waitFor();
    // Nothing revealed before: no arrows to promise, and the facilitator is told why.
    expect(await panel.getByText('Movement arrows start with the next round').count()).toBe(1);
    await fay.page.keyboard.press('Escape');

    await expectEveryPageShows(
      {
        banner: 'Round 1 — 0 of 9 answers in',
        people: { Ann: 0, Ben: 0, Cat: 0 },
        rows: beliefs.map(() => ({ sealed: 'sealed — 0 of 3 answered', missing: 'Not yet: Ann, Ben and Cat' })),
      },
      'an empty round',
    );
    await answerPass(FIRST_PASS);
    // Nobody has answered every belief; each belief and each person still shows how far it is.
    await expectEveryPageShows(
      {
        banner: 'Round 1 — 5 of 9 answers in',
        people: { Ann: 2, Ben: 2, Cat: 1 },
        rows: [
          { sealed: 'sealed — 1 of 3 answered', missing: 'Not yet: Ben and Cat' },
          { sealed: 'sealed — 2 of 3 answered', missing: 'Not yet: Cat' },
          { sealed: 'sealed — 2 of 3 answered', missing: 'Not yet: Ann' },
        ],
      },
      'five answers, each person a different subset',
    );
    // The document agrees, and holds who answered, not what.
    const answered = readWorkshop(observer.doc).round!.answered;
    expect(beliefs.map((belief) => answered[belief.id]?.length ?? 0)).toEqual([1, 2, 2]);
    // The facilitator's people list counts sealed answers by the round's public status.
    const people = fay.page.getByRole('list', { name: 'Beliefs answered, by person' });
    await eventually(async () => (await people.getByText('Cat: 1 of 3').count()) === 1, 'Fay\'s list counts Cat\'s one sealed answer');
    await saveScreenshot(fay.page, 'round-progress.png');

    await answerPass(SECOND_PASS);
    await expectEveryPageShows(
      { banner: 'Round 1 — 9 of 9 answers in', people: { Ann: 3, Ben: 3, Cat: 3 }, rows: beliefs.map(() => ({ sealed: 'sealed — 3 of 3 answered', missing: '' })) },
      'every answer in',
    );
    await reveal(1);
  });

  it('shows each person their last answers, keeps them with one action, and a reveal then draws the arrow of what moved', async () => {
    const firstRound = readRoundHistory(observer.doc)[0];
    const panel = await openPanel(fay.page);
    await panel.getByRole('button', { name: 'Start round 2 on all beliefs' }).click();
    await panel.getByRole('button', { name: 'Reveal round 2' }).waitFor();
    await fay.page.keyboard.press('Escape');

    // Each person sees their round-1 answer under each belief, and nothing is sealed yet.
    const ids = new Map([...readParticipants(observer.doc)].map(([id, { name }]) => [name, id]));
    for (const person of participants) {
      for (const [index, belief] of beliefs.entries()) {
        const mine = firstRound.positions.find((position) => position.beliefId === belief.id && position.participantId === ids.get(person.name))!;
        const direction = mine.direction === null || mine.direction === undefined ? '' : `, ${DIRECTION_LABELS[mine.direction as ScalePoint]}`;
        const label = `${AGREEMENT_LABELS[mine.agreement as ScalePoint]}${direction}`;
        await eventually(
          async () => ((await rowsOf(person.page).nth(index).locator('[data-previous-answer]').textContent()) ?? '').trim() === `last round: ${label}`,
          `${person.name} sees "last round: ${label}" on belief ${index + 1}`,
        );
        expect(await rowsOf(person.page).nth(index).getByRole('radio', { checked: true }).count()).toBe(0);
      }
    }

    // Ann keeps hers with the banner's button, Cat with Shift+K, Ben keeps his and then changes his mind on the first belief.
    const [ann, ben, cat] = participants;
    await ann.page.getByRole('button', { name: 'Keep my answers' }).click();
    await cat.page.getByTestId('board-canvas').focus();
    await cat.page.keyboard.press('Shift+K');
    // Ben changes the first at once, while the relay's answers to his three kept ones are
    // still arriving: none of them may undo the change (workshopChannel.ts, `unconfirmed`).
    await ben.page.getByRole('button', { name: 'Keep my answers' }).click();
    await answer(ben, 0, 0);
    await expectEveryPageShows(
      { banner: 'Round 2 — 9 of 9 answers in', people: { Ann: 3, Ben: 3, Cat: 3 }, rows: beliefs.map(() => ({ sealed: 'sealed — 3 of 3 answered', missing: '' })) },
      'every answer kept or given',
    );
    // Everyone's answers are in: the button has nothing left to keep.
    expect(await ann.page.getByRole('button', { name: 'Keep my answers' }).isDisabled()).toBe(true);
    // Before revealing, the facilitator is told that every belief can get an arrow.
    const forecast = (await openPanel(fay.page)).locator('[data-movement-forecast]');
    await eventually(async () => (await forecast.getAttribute('data-movement-forecast')) === '3', 'the forecast promises three arrows');
    expect(await forecast.textContent()).toContain('3 of 3 beliefs can get one');
    await fay.page.keyboard.press('Escape');
    await reveal(2);

    // The kept answers are the same as round 1's; Ben's change is the only difference.
    const secondRound = readRoundHistory(observer.doc)[1];
    const key = (p: { beliefId: string; participantId: string; agreement: unknown }) => `${p.beliefId}/${p.participantId}/${p.agreement}`;
    const changed = secondRound.positions.map(key).filter((entry) => !firstRound.positions.map(key).includes(entry));
    expect(changed).toEqual([`${beliefs[0].id}/${ids.get('Ben')}/0`]);
    expect(positionsOf(observer.doc, beliefs[0].id).get(ids.get('Ben')!)?.agreement).toBe(0);

    // One belief moved, with the same three people on both sides: one arrow.
    await ann.page.getByRole('button', { name: 'Measured view' }).click();
    const canvas = ann.page.getByTestId('board-canvas');
    await eventually(async () => Number(await canvas.getAttribute('data-movement-arrows')) > 0, 'a movement arrow drawn in the Measured view');
    expect(Number(await canvas.getAttribute('data-movement-arrows'))).toBe(1);
    await saveScreenshot(ann.page, 'round-progress-kept.png');
  });
});

describe('the timer', () => {
  /** When each text appeared in the page's timer live region, from now on. */
  async function watchAnnouncements(page: Page): Promise<void> {
    await page.evaluate(`(() => {
      window.__announcements = [];
      const seen = () => {
        const region = document.querySelector('[data-timer-announcement]');
        const text = region?.textContent ?? '';
        const last = window.__announcements[window.__announcements.length - 1];
        if (text && (!last || last.text !== text)) window.__announcements.push({ text, at: performance.now() });
      };
      new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
      seen();
    })()`);
  }

  it('says time is up, speaks at most every 10 s in the display\'s words, and clears after a minute, for late joiners too', async () => {
    const [ann] = participants;
    await watchAnnouncements(ann.page);
    // A 4-second timer: "4 seconds left." at the start, and "Time is up." held back to 10 s after.
    startTimer(observer.doc, 4_000, Date.now(), 'test');
    const timer = ann.page.getByRole('timer', { name: 'Workshop timer' });
    await timer.waitFor();
    await ann.page.locator('.workshop-timer', { hasText: 'Time is up' }).waitFor({ timeout: 8_000 });
    await eventually(
      async () => ((await ann.page.evaluate('window.__announcements.map((a) => a.text)')) as string[]).includes('Time is up.'),
      'Ann\'s live region says time is up',
      15_000,
    );
    const spoken = (await ann.page.evaluate('window.__announcements')) as { text: string; at: number }[];
    expect(spoken[0].text).toMatch(/^[34] seconds left\.$/);
    expect(spoken.at(-1)!.text).toBe('Time is up.');
    for (let i = 1; i < spoken.length; i++) expect(spoken[i].at - spoken[i - 1].at, `${spoken[i].text} after ${spoken[i - 1].text}`).toBeGreaterThanOrEqual(9_900);
    // Every page says it, in words and not only in red.
    for (const person of everyone) await person.page.locator('.workshop-timer[data-state="done"]', { hasText: 'Time is up' }).waitFor();

    // A timer that ran out 57 seconds ago: "Time is up" for three more seconds, then gone everywhere.
    startTimer(observer.doc, 1_000, Date.now() - 58_000, 'test');
    await eventually(async () => (await timer.textContent()) === '00:00' && (await ann.page.locator('.workshop-timer', { hasText: 'Time is up' }).count()) === 1, 'Ann sees the old timer up');
    for (const person of everyone) {
      await eventually(async () => (await person.page.locator('.workshop-timer').count()) === 0, `${person.name}'s timer clears a minute after the end`, 8_000);
    }
    expect(readWorkshop(observer.doc).timer).not.toBeNull();

    // Someone joining now, with the ended timer still in the document, never sees it.
    const dee = await newPerson(browser, 'Dee');
    await joinBoard(dee, relay.server.url, boardId);
    await dee.page.waitForTimeout(1_500);
    expect(await dee.page.locator('.workshop-timer').count()).toBe(0);
    await dee.context.close();
  });

  it('speaks what the display shows when the facilitator starts a timer', async () => {
    const [, ben] = participants;
    await watchAnnouncements(ben.page);
    const panel = await openPanel(fay.page);
    await panel.getByRole('spinbutton', { name: 'Minutes' }).fill('2');
    await panel.getByRole('button', { name: 'Start timer' }).click();
    await fay.page.keyboard.press('Escape');
    // The first words about time left: the ended timer's words may be cleared from the live region first.
    const timeLeft = async () => ((await ben.page.evaluate('window.__announcements')) as { text: string }[]).find((said) => /\d+ (minute|second)/.test(said.text));
    await eventually(async () => (await timeLeft()) !== undefined, 'Ben hears the new timer', 15_000);
    const first = (await timeLeft())!;
    const display = ((await ben.page.getByRole('timer', { name: 'Workshop timer' }).textContent()) ?? '').split(':').map(Number);
    const spokenSeconds = Number(/(\d+) minutes?/.exec(first.text)?.[1] ?? 0) * 60 + Number(/(\d+) seconds?/.exec(first.text)?.[1] ?? 0);
    // Made from the same second the display showed then; read a moment later, the display may be a second on.
    expect(spokenSeconds - (display[0] * 60 + display[1])).toBeGreaterThanOrEqual(0);
    expect(spokenSeconds - (display[0] * 60 + display[1])).toBeLessThanOrEqual(2);
    expect(spokenSeconds).toBeGreaterThan(110);
  });
});
