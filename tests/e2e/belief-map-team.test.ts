// A team of four maps beliefs on Cutler's matrix: two record their positions on the canvas
// (picker buttons, number keys), two through the list's radios. Every page must show the
// same figures, equal to what the relay's document says, and the Measured view must put
// each belief in the quadrant its numbers call for. Real Chromium, real relay and store.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS, quadrantBounds } from '../../client/editor/layout/matrix.ts';
import { arrangeMeasured } from '../../client/editor/layout/measuredArrangement.ts';
import { noteLayout } from '../../client/editor/layout/noteLayout.ts';
import { noteFill } from '../../shared/colors.ts';
import { addBelief, listBeliefs, positionsOf } from '../../shared/model.ts';
import { quadrantOf } from '../../shared/quadrants.ts';
import type { Belief } from '../../shared/schema.ts';
import { computeBeliefStats, formatConvergence } from '../../shared/stats.ts';
import { BADGE_WORDS, formatDistribution, formatMean } from '../../shared/statsText.ts';
import { joinBoard, launchBrowser, newPerson, saveScreenshot, type Person } from '../helpers/browser.ts';
import { boardToPage, colourAt, eventually } from '../helpers/canvasProbe.ts';
import { connectProvider, startTestRelay, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');

let relay: TestRelay;
let browser: Browser;
let team: Person[];
let observer: ConnectedProvider;
let agreed: Belief;
let split: Belief;

const pickerOf = (page: Page) => page.getByRole('group', { name: 'Your position on the selected belief' });
const rowsOf = (page: Page) => page.locator('[data-belief-list] ol > li');

/** Selects a note on the canvas by clicking where it is drawn. */
async function selectNote(page: Page, belief: Belief) {
  const point = await boardToPage(page, { x: belief.x + 100, y: belief.y + 30 });
  await page.mouse.click(point.x, point.y);
  await pickerOf(page).waitFor();
}

/** The figures a page's list shows for the belief in row `index`. */
function listFigures(page: Page, index: number): Promise<Record<string, string>> {
  return page.evaluate(`(() => {
    const row = document.querySelectorAll('[data-belief-list] ol > li')[${index}];
    return Object.fromEntries([...row.querySelectorAll('[data-figure]')].map((dd) => [dd.dataset.figure, dd.textContent.trim()]));
  })()`) as Promise<Record<string, string>>;
}

/** What every page must show for a belief, computed from the relay's document. */
function expectedFigures(belief: Belief) {
  const stats = computeBeliefStats(positionsOf(observer.doc, belief.id).values());
  return {
    stats,
    n: String(stats.n),
    convergence: stats.convergence === null ? BADGE_WORDS['too-few'] : `${formatConvergence(stats.convergence)} ${BADGE_WORDS[stats.badge]}`,
    mean: stats.mean === null ? 'none' : formatMean(stats.mean),
    polarized: stats.polarized ? 'yes' : 'no',
    distribution: formatDistribution(stats.distribution),
  };
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  const boardId = await relay.createBoard('Team beliefs', 'belief-map');
  observer = connectProvider(relay.wsUrl, boardId, { as: 'facilitator' });
  await waitSynced(observer.provider);
  // Written before anyone arrives, the team's own placement: one right of centre, one left.
  addBelief(observer.doc, { text: 'Teams that own outcomes ship better work.', x: 300, y: -400, authorId: 'facilitator' }, 'setup');
  addBelief(observer.doc, { text: 'Estimates make us faster.', x: -700, y: 200, authorId: 'facilitator' }, 'setup');
  [agreed, split] = listBeliefs(observer.doc);
  browser = await launchBrowser();
  team = await Promise.all(['Ann', 'Ben', 'Cat', 'Dan'].map((name) => newPerson(browser, name)));
  await Promise.all(team.map((person) => joinBoard(person, relay.server.url, boardId)));
});

afterAll(async () => {
  observer?.destroy();
  await browser?.close();
  await relay?.close();
});

describe('a team of four maps beliefs on the matrix', () => {
  it('records positions through the canvas picker, number keys and list radios', async () => {
    const [ann, ben, cat, dan] = team.map((person) => person.page);
    // Ann: the picker's buttons, with a direction.
    await selectNote(ann, agreed);
    await pickerOf(ann).getByRole('button', { name: 'Strongly agree', exact: true }).click();
    await pickerOf(ann).getByRole('button', { name: 'Maintain / support', exact: true }).click();
    await selectNote(ann, split);
    await pickerOf(ann).getByRole('button', { name: 'Strongly disagree', exact: true }).click();
    // Ben: number keys while a note is selected.
    await selectNote(ben, agreed);
    await ben.keyboard.press('5');
    await selectNote(ben, split);
    await ben.keyboard.press('5');
    // Cat and Dan: the list's radio groups.
    const radio = (page: Page, row: number, group: string, name: string) =>
      rowsOf(page).nth(row).getByRole('group', { name: group }).getByRole('radio', { name, exact: true });
    await radio(cat, 0, 'Your agreement', 'Agree').check();
    await radio(cat, 0, 'Direction', 'Lean maintain').check();
    await radio(cat, 1, 'Your agreement', 'Strongly agree').check();
    await radio(cat, 1, 'Direction', 'Lean challenge').check();
    await radio(dan, 0, 'Your agreement', 'Agree').check();
    await radio(dan, 1, 'Your agreement', 'Strongly disagree').check();

    await eventually(async () => positionsOf(observer.doc, agreed.id).size === 4 && positionsOf(observer.doc, split.id).size === 4, 'all eight positions on the relay');
  });

  it('shows every page the same distribution, badge and numbers, equal to the relay\'s', async () => {
    const expected = [expectedFigures(agreed), expectedFigures(split)];
    // The hand-computed figures of PRODUCT.md: a 50/50 split of +1 and +2 converges (0.81);
    // half at −2 and half at +2 is the widest split there is, and two camps.
    expect(expected[0].stats).toMatchObject({ n: 4, badge: 'converged', polarized: false });
    expect(expected[0].convergence).toBe('0.81 converged');
    expect(expected[1].stats).toMatchObject({ n: 4, convergence: 0, badge: 'diverged', polarized: true });
    for (const person of team) {
      for (const [row, want] of expected.entries()) {
        await eventually(async () => {
          const shown = await listFigures(person.page, row);
          return (
            shown.n === want.n &&
            shown.convergence === want.convergence &&
            shown.mean === want.mean &&
            shown.polarized === want.polarized &&
            shown.distribution === want.distribution
          );
        }, `${person.name}'s list shows the relay's figures for row ${row}`);
      }
    }
  });

  it('the Measured view puts each belief in the quadrant its numbers say', async () => {
    const page = team[3].page;
    await page.setViewportSize({ width: 1600, height: 1100 });
    await page.getByRole('button', { name: 'Measured view' }).click();
    await eventually(async () => (await page.getByTestId('board-canvas').getAttribute('data-layout')) === 'measured', 'Measured view on');

    const beliefs = listBeliefs(observer.doc);
    const statsOf = (b: Belief) => computeBeliefStats(positionsOf(observer.doc, b.id).values());
    const arrangement = arrangeMeasured(
      beliefs.map((b) => ({ ...b, height: noteLayout(b.text).height, stats: statsOf(b) })),
      MATRIX_BOUNDS,
    );
    const expectations = [
      // Converged, and the two who gave a direction want to keep it.
      { belief: agreed, quadrant: 'agree-good' },
      // Split into camps; the one who gave a direction wants to challenge it.
      { belief: split, quadrant: 'must-resolve' },
    ] as const;
    for (const { belief, quadrant } of expectations) {
      const stats = statsOf(belief);
      expect(quadrantOf(stats.convergence!, stats.meanDirection!)).toBe(quadrant);
      const onMap = arrangement.positions.get(belief.id)!;
      const area = quadrantBounds(quadrant);
      const centre = { x: onMap.x + 100, y: onMap.y + noteLayout(belief.text).height / 2 };
      expect(centre.x > area.minX && centre.x < area.maxX && centre.y > area.minY && centre.y < area.maxY).toBe(true);
      // Drawn there: the note's colour in its top-right padding, where no text is.
      const inside = await boardToPage(page, { x: onMap.x + 193, y: onMap.y + 30 });
      await eventually(async () => (await colourAt(page, inside)) === noteFill('yellow'), `"${belief.text}" drawn in ${quadrant}`);
    }
    const file = await saveScreenshot(page, 'belief-map-team.png');
    expect(existsSync(file)).toBe(true);
  });
});
