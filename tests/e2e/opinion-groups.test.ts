// Opinion groups on a real board: six people answer six beliefs in two camps — two in
// Chromium (one browser context each) through the belief list, four as headless providers
// — and every page shows the two groups, each group's answers beside the team's, and
// filters the list to the divisive beliefs or those with consensus across groups. Then
// one person changes sides, and the groups follow live.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, listBeliefs, setPosition, upsertParticipant } from '../../shared/model.ts';
import { AGREEMENT_LABELS } from '../../shared/scale.ts';
import type { ScalePoint } from '../../shared/schema.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

const BELIEFS = [
  'We should rewrite the backend.',
  'Microservices suit us.',
  'Estimates are worth their cost.',
  'We ship too slowly because of reviews.',
  'Our customers love the product.',
  'We can ignore security for now.',
];
/** The camps' answers, belief by belief: opposite on the first four, alike on the last two. */
const CAMP_A: ScalePoint[] = [2, 2, 1, -2, 2, -2];
const CAMP_B: ScalePoint[] = [-2, -1, -2, 2, 1, -1];
const DIVISIVE = BELIEFS.slice(0, 4);
const CONSENSUS = BELIEFS.slice(4);

let relay: TestRelay;
let boardId: string;
let browser: Browser;
let ann: Person;
let ben: Person;
let observer: ConnectedProvider;
const others: { id: string; name: string; camp: ScalePoint[]; provider: ConnectedProvider }[] = [];

/** The groups a page shows: each group's member names, as listed. */
function groupsShown(page: Page): Promise<string[][]> {
  return page.evaluate(`(() =>
    [...document.querySelectorAll('[data-opinion-groups] [data-group]')].map((li) =>
      li.textContent.replace(/^Group [A-Z] \\(\\d+\\): /, '').split(', ').sort()))()`) as Promise<string[][]>;
}

function textsShown(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-belief-list] ol > li textarea')].map((t) => t.value)`) as Promise<string[]>;
}

function sameGroups(shown: string[][], expected: string[][]): boolean {
  const key = (groups: string[][]) => groups.map((g) => [...g].sort().join('+')).sort().join(' | ');
  return key(shown) === key(expected);
}

async function answerInList(person: Person, answers: ScalePoint[]): Promise<void> {
  const beliefs = listBeliefs(observer.doc);
  for (const [index, text] of BELIEFS.entries()) {
    const id = beliefs.find((belief) => belief.text === text)!.id;
    const row = person.page.locator(`[data-belief-list] li[data-belief-id="${id}"]`);
    const radio = row.getByRole('radio', { name: AGREEMENT_LABELS[answers[index]], exact: true });
    // The groups' worker answers while the rows are being clicked, and the row it redraws can
    // take a click's place: click again until the choice shows, as a person would.
    await eventually(async () => {
      if (!(await radio.isChecked())) await radio.check({ timeout: 2_000 }).catch(() => undefined);
      return radio.isChecked();
    }, `${person.name}'s answer on "${text}"`);
  }
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Two camps', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'facilitator' });
  await waitSynced(observer.provider);
  BELIEFS.forEach((text, i) => addBelief(observer.doc, { text, x: -600 + i * 220, y: -200, authorId: 'facilitator', createdAt: i + 1 }, 'test'));

  // Four people answer as providers: two per camp.
  for (const [n, name] of ['Cy', 'Di', 'Ed', 'Fa'].entries()) {
    const id = `p-${name.toLowerCase()}`;
    const provider = connectProvider(relay.wsUrl, boardId, { as: id });
    await waitSynced(provider.provider);
    others.push({ id, name, camp: n < 2 ? CAMP_A : CAMP_B, provider });
  }
  await waitFor(() => others.every(({ provider }) => listBeliefs(provider.doc).length === BELIEFS.length), 10_000, 'the beliefs at every provider');
  for (const person of others) {
    const beliefs = listBeliefs(person.provider.doc);
    upsertParticipant(person.provider.doc, { id: person.id, name: person.name, color: '#1971c2' }, 'test');
    person.camp.forEach((agreement, i) => {
      const belief = beliefs.find((b) => b.text === BELIEFS[i])!;
      setPosition(person.provider.doc, belief.id, person.id, { agreement, direction: null, updatedAt: Date.now() }, 'test');
    });
  }

  browser = await launchBrowser();
  [ann, ben] = await Promise.all(['Ann', 'Ben'].map((name) => newPerson(browser, name)));
  await Promise.all([ann, ben].map((person) => joinBoard(person, relay.server.url, boardId)));
}, 90_000);

afterAll(async () => {
  for (const person of others) person.provider.destroy();
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('opinion groups', () => {
  it('two camps answering show as two groups on every page, each with its own people', async () => {
    await answerInList(ann, CAMP_A);
    await answerInList(ben, CAMP_B);
    await eventually(
      async () => sameGroups(await groupsShown(ann.page), [['you', 'Cy', 'Di'], ['Ben', 'Ed', 'Fa']]),
      'Ann sees herself with Cy and Di, and Ben with Ed and Fa',
    );
    await eventually(async () => sameGroups(await groupsShown(ben.page), [['Ann', 'Cy', 'Di'], ['you', 'Ed', 'Fa']]), 'Ben sees the same two groups');
    expect(await ann.page.locator('[data-opinion-groups]').getAttribute('data-opinion-groups')).toBe('2');
    await ann.page.getByText('4 divisive, 2 with consensus across groups.').waitFor();
    await saveScreenshot(ann.page, 'opinion-groups.png');
  });

  it('each row shows the groups\' answers beside the team\'s, and whether they divide or agree', async () => {
    const rowFigures = (text: string) =>
      ann.page.evaluate(`(() => {
        const row = [...document.querySelectorAll('[data-belief-list] ol > li')].find((li) => li.querySelector('textarea').value === ${JSON.stringify(text)});
        const figures = row?.querySelector('[data-group-figures]');
        return figures ? { flag: figures.dataset.groupFigures, rows: [...figures.querySelectorAll('tbody tr')].map((tr) => tr.textContent) } : null;
      })()`) as Promise<{ flag: string; rows: string[] } | null>;
    // "We should rewrite the backend.": camp A +2 ×3, camp B −2 ×3; the team has both.
    await eventually(async () => (await rowFigures(BELIEFS[0]))?.flag === 'divisive', 'the first belief is divisive');
    const figures = (await rowFigures(BELIEFS[0]))!;
    expect(figures.rows.slice(0, 2).sort()).toEqual(['Group A000033', 'Group B300003'].sort());
    expect(figures.rows[2]).toBe('Team300036');
    expect((await rowFigures(BELIEFS[4]))?.flag).toBe('consensus');
  });

  it('the list narrows to the divisive beliefs, or to those with consensus across groups', async () => {
    const filter = ann.page.locator('[data-group-filter]');
    await filter.selectOption('divisive');
    await eventually(async () => JSON.stringify(await textsShown(ann.page)) === JSON.stringify(DIVISIVE), 'only the divisive beliefs');
    await filter.selectOption('consensus');
    await eventually(async () => JSON.stringify(await textsShown(ann.page)) === JSON.stringify(CONSENSUS), 'only the consensus beliefs');
    await filter.selectOption('all');
    await eventually(async () => (await textsShown(ann.page)).length === BELIEFS.length, 'every belief again');
  });

  it('when one person changes sides, that person moves and the others stay', async () => {
    const cy = others[0];
    const beliefs = listBeliefs(cy.provider.doc);
    cy.provider.doc.transact(() => {
      CAMP_B.forEach((agreement, i) => {
        const belief = beliefs.find((b) => b.text === BELIEFS[i])!;
        setPosition(cy.provider.doc, belief.id, cy.id, { agreement, direction: null, updatedAt: Date.now() }, 'test');
      });
    }, 'test');
    await eventually(
      async () => sameGroups(await groupsShown(ann.page), [['you', 'Di'], ['Ben', 'Cy', 'Ed', 'Fa']]),
      'Cy shows in Ben\'s group on Ann\'s page',
    );
  });
});
