// "Anonymous to everyone" on a real board (docs/groups.md): a facilitator picks the
// level in Chromium, a participant in another browser context sees it said and answers
// in the list; two more people answer through the relay. The belief's distribution stays
// withheld until the third answer, then every page shows it — and no page joins a name to
// an answer: the facilitator is not told who answered what either. A comment is written by
// the relay under its author's pseudonym: "you" on the author's page, "Person n" elsewhere.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPseudonym } from '../../shared/anonymity.ts';
import { listComments } from '../../shared/comments.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { addBelief, upsertParticipant } from '../../shared/model.ts';
import { AGREEMENT_LABELS } from '../../shared/scale.ts';
import { parsePositionKey, positionsMap } from '../../shared/schema.ts';
import { accessOf, startTestRelay, type TestRelay } from '../helpers/relay.ts';
import { launchBrowser, newPerson, openDiscussion, saveScreenshot, waitLive, type Person } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

const DIST = path.resolve(process.env.BELIEFMAP_DIST ?? 'dist');
const BELIEF = 'Our planning meetings are worth their time.';

let relay: TestRelay;
let boardId: string;
let browser: Browser;
let fiona: Person;
let pat: Person;
let beliefId: string;
const headless: { id: string; name: string; client: WorkshopClient }[] = [];

async function join(person: Person, role: 'facilitate' | 'edit'): Promise<void> {
  await person.page.goto(`${relay.server.url}${accessOf(boardId).links[role]}`);
  await person.page.getByRole('textbox', { name: 'Your name' }).fill(person.name);
  await person.page.getByRole('button', { name: 'Join board' }).click();
  await waitLive(person.page);
}

/**
 * A new person whose messages to the relay can be held back and then let go, so that the
 * facilitator can change the level between the page sending something and the relay reading it.
 */
async function personWithHeldMessages(name: string): Promise<{ person: Person; hold(): void; release(): void }> {
  const person = await newPerson(browser, name);
  let holding = false;
  const held: (string | Buffer)[] = [];
  let toRelay: WebSocketRoute | null = null;
  await person.page.routeWebSocket(/\/ws\//, (socket) => {
    const server = socket.connectToServer();
    toRelay = server;
    socket.onMessage((message) => (holding ? held.push(message) : server.send(message)));
  });
  return {
    person,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const message of held.splice(0)) toRelay!.send(message);
    },
  };
}

/**
 * The belief's row as a page shows it: its figures by name, and the text of everything in
 * it that is about answers (its author and who has it selected are not).
 */
function rowOf(page: Page): Promise<{ figures: Record<string, string>; text: string } | null> {
  return page.evaluate(`(() => {
    const row = [...document.querySelectorAll('[data-belief-list] ol > li')].find((li) => li.querySelector('textarea')?.value === ${JSON.stringify(BELIEF)});
    if (!row) return null;
    return {
      figures: Object.fromEntries([...row.querySelectorAll('[data-figure]')].map((dd) => [dd.dataset.figure, dd.textContent])),
      text: [...row.querySelectorAll('.belief-figures, fieldset, [data-group-figures]')].map((part) => part.textContent).join(' '),
    };
  })()`) as Promise<{ figures: Record<string, string>; text: string } | null>;
}

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The client is not built in ${DIST}: run "npm run build" first (npm test does it).`);
  }
  relay = await startTestRelay({ staticDir: DIST });
  boardId = await relay.createBoard('Anonymous answers', 'belief-map');
  browser = await launchBrowser();
  [fiona, pat] = await Promise.all(['Fiona', 'Pat'].map((name) => newPerson(browser, name)));
  await join(fiona, 'facilitate');
  await join(pat, 'edit');
  for (const name of ['Cy', 'Di']) {
    const id = newId();
    const client = await WorkshopClient.open(relay.wsUrl, boardId, { participant: { id, secret: newSecret() } });
    upsertParticipant(client.doc, { id, name, color: '#1971c2' }, 'test');
    headless.push({ id, name, client });
  }
  beliefId = addBelief(headless[0].client.doc, { text: BELIEF, x: 0, y: 0, authorId: headless[0].id }, 'test');
  await headless[0].client.stored();
}, 90_000);

afterAll(async () => {
  for (const { client } of headless) await client.close();
  await browser?.close();
  await relay?.close();
});

describe('anonymous to everyone', () => {
  it('the facilitator picks it, a participant answers, and everyone sees the distribution but no names', async () => {
    // The facilitator picks the level in the facilitator's tools.
    await fiona.page.getByRole('button', { name: 'Facilitate' }).click();
    const panel = fiona.page.getByRole('dialog', { name: 'Facilitator tools' });
    const everyone = panel.getByRole('button', { name: 'Anonymous to everyone' });
    await everyone.click();
    await eventually(async () => (await everyone.getAttribute('aria-pressed')) === 'true', 'the level to show as chosen');
    // Everyone is told, in words.
    for (const page of [pat.page, fiona.page]) await page.getByText('Answers and comments are anonymous to everyone. A belief\'s answers are shown from 3 answers.').waitFor();

    // Pat answers in the list; the relay holds it: one answer is no distribution.
    await eventually(async () => (await rowOf(pat.page)) !== null, 'the belief to reach Pat');
    const row = pat.page.locator('[data-belief-list] ol > li').filter({ has: pat.page.locator('textarea') }).first();
    const agree = row.getByRole('radio', { name: AGREEMENT_LABELS[2], exact: true });
    await agree.check();
    headless[0].client.send({ kind: 'answer', beliefId, agreement: -1, direction: null });
    await headless[0].client.stored();
    // Two answers: Pat's own choice stays shown to Pat, and nobody's page has a distribution.
    await eventually(async () => agree.isChecked(), "Pat's own answer to stay shown");
    for (const page of [pat.page, fiona.page]) {
      await eventually(async () => (await rowOf(page))?.figures.withheld === '2 answers — shown from 3', 'the count of answers, and when they show');
      expect((await rowOf(page))!.figures.distribution, 'no distribution from two answers').toBeUndefined();
    }
    expect(positionsMap(headless[1].client.doc).size, 'the two answers are held by the relay, not in the document').toBe(0);

    // The third answer releases all three at once.
    headless[1].client.send({ kind: 'answer', beliefId, agreement: 2, direction: null });
    for (const page of [fiona.page, pat.page]) {
      await eventually(async () => (await rowOf(page))?.figures.distribution === '−2:0 −1:1 0:0 +1:0 +2:2', 'the distribution of three answers');
      const shown = (await rowOf(page))!;
      expect(shown.figures.n).toBe('3');
      for (const name of ['Fiona', 'Pat', 'Cy', 'Di']) expect(shown.text, `no name beside the answers on ${page === pat.page ? "Pat's" : "Fiona's"} page`).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(await agree.isChecked(), "Pat still sees her own answer, found under her pseudonym").toBe(true);

    // The facilitator is not told who answered what either.
    await fiona.page.getByText('Who has answered is not shown: answers are anonymous to everyone.').waitFor();
    expect(await fiona.page.getByText(/Cy: \d+ of/).count(), "no per-person progress beside the anonymous answers").toBe(0);
    const keys = Array.from(positionsMap(headless[1].client.doc).keys()).map((key) => parsePositionKey(key)!.participantId);
    expect(keys).toHaveLength(3);
    expect(keys.every((id) => /^anon-\d+-/.test(id)), `answers under pseudonyms: ${keys.join(', ')}`).toBe(true);
    await saveScreenshot(fiona.page, 'anonymity-everyone.png');
  });

  it('a comment shows as "you" to its author and as "Person n" to everyone else, the facilitator included', async () => {
    const rowIn = (page: Page) => page.locator('[data-belief-list] ol > li').filter({ has: page.locator('textarea') }).first();
    const thread = await openDiscussion(pat.page, rowIn(pat.page));
    // Pat answered already: her comments go under the same "Person n" as her answers, and she is told so before writing.
    await eventually(async () => /^Comments are anonymous: others see you as Person \d+, the facilitator too\.$/.test((await thread.locator('[data-anonymous-comments]').textContent()) ?? ''), 'the thread to say comments are anonymous');
    await thread.locator('.comment-composer textarea').first().fill('Only when they end with a decision');
    await thread.getByRole('button', { name: 'Comment', exact: true }).click();
    // Written by the relay under Pat's pseudonym, found as hers: hers to edit.
    const mine = thread.getByRole('article', { name: 'Comment by you' });
    await mine.waitFor();
    expect(await mine.getByRole('button', { name: 'Edit' }).count()).toBe(1);

    const shown = (await openDiscussion(fiona.page, rowIn(fiona.page))).locator('article.comment');
    await eventually(async () => /^Comment by Person \d+$/.test((await shown.first().getAttribute('aria-label')) ?? ''), 'the comment under "Person n" on the facilitator\'s page');
    expect(await shown.first().textContent()).not.toMatch(/\bPat\b/);
    expect(await shown.first().getByRole('button', { name: 'Edit' }).count(), 'not the facilitator\'s to edit').toBe(0);
    expect(await shown.first().getByRole('button', { name: 'Hide' }).count(), 'the facilitator still hides it').toBe(1);
    const authors = listComments(headless[1].client.doc).map((comment) => comment.authorId);
    expect(authors.length === 1 && isPseudonym(authors[0]), `the comment's author is a pseudonym: ${authors.join(', ')}`).toBe(true);
    await saveScreenshot(fiona.page, 'anonymity-comment.png');
  });
});

/** Opens the discussion of the first belief in the person's list, once it says comments are anonymous. */
async function openAnonymousThread(person: Person) {
  const row = person.page.locator('[data-belief-list] ol > li').filter({ has: person.page.locator('textarea') }).first();
  const thread = await openDiscussion(person.page, row);
  await thread.locator('[data-anonymous-comments]').waitFor();
  return thread;
}

describe('a comment the relay refuses', () => {
  it('comes back into its box with the reason in words: nothing typed is lost', async () => {
    // Quinn's anonymous comment is held back while the facilitator names comments again.
    const { person: quinn, hold, release } = await personWithHeldMessages('Quinn');
    await join(quinn, 'edit');
    const thread = await openAnonymousThread(quinn);
    const box = thread.locator('.comment-composer textarea').first();
    const words = 'We decide less in them than we think';
    await box.fill(words);
    hold();
    await thread.getByRole('button', { name: 'Comment', exact: true }).click();
    await eventually(async () => (await box.inputValue()) === '', 'the box to empty once the comment is sent');

    await fiona.page.keyboard.press('Escape');
    await fiona.page.getByRole('button', { name: 'Facilitate' }).click();
    const named = fiona.page.getByRole('dialog', { name: 'Facilitator tools' }).getByRole('button', { name: 'Named', exact: true });
    await named.click();
    await eventually(async () => (await named.getAttribute('aria-pressed')) === 'true', 'the level to show as named');
    await eventually(async () => (await thread.locator('[data-anonymous-comments]').count()) === 0, "Quinn's page to learn that comments are named");

    release();
    await eventually(async () => (await box.inputValue()) === words, 'the refused words back in the box');
    await thread.getByRole('alert').filter({ hasText: 'Comments on this board are named now: write your comment again.' }).waitFor();
    expect(listComments(headless[1].client.doc).some((comment) => comment.text === words), 'the refused comment was not written').toBe(false);

    // Posted again, named now: written once.
    await thread.getByRole('button', { name: 'Comment', exact: true }).click();
    await eventually(async () => listComments(headless[1].client.doc).filter((comment) => comment.text === words).length === 1, 'the comment written once, as Quinn');
    expect(await box.inputValue()).toBe('');
    await quinn.context.close();
  });
});

describe('my anonymous comment once the board is named again', () => {
  it('stays mine to edit and delete: an edit sent as the level changed is kept, and later ones too', async () => {
    // Anonymous again (the test before ended on Named).
    await fiona.page.keyboard.press('Escape');
    await fiona.page.getByRole('button', { name: 'Facilitate' }).click();
    const panel = fiona.page.getByRole('dialog', { name: 'Facilitator tools' });
    const everyone = panel.getByRole('button', { name: 'Anonymous to everyone' });
    await everyone.click();
    await eventually(async () => (await everyone.getAttribute('aria-pressed')) === 'true', 'the level to show as anonymous again');

    // Rae's edit of her anonymous comment is held back while the facilitator names comments again.
    const { person: rae, hold, release } = await personWithHeldMessages('Rae');
    await join(rae, 'edit');
    const thread = await openAnonymousThread(rae);
    await thread.locator('.comment-composer textarea').first().fill('Half of them could be an email');
    await thread.getByRole('button', { name: 'Comment', exact: true }).click();
    const mine = thread.getByRole('article', { name: 'Comment by you' });
    await mine.waitFor();
    const stored = () => listComments(headless[1].client.doc).find((comment) => comment.text.startsWith('Half of them'));
    await eventually(async () => stored() !== undefined, 'the comment to reach the others');
    const pseudonym = stored()!.authorId;
    expect(isPseudonym(pseudonym), `written under a pseudonym: ${pseudonym}`).toBe(true);

    await mine.getByRole('button', { name: 'Edit' }).click();
    const editBox = thread.getByRole('textbox', { name: 'Edit your comment' });
    const words = 'Half of them could be an email, the rest a decision';
    await editBox.fill(words);
    hold();
    await thread.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await editBox.count()) === 0, 'the edit box to close once the edit is sent');

    const named = panel.getByRole('button', { name: 'Named', exact: true });
    await named.click();
    await eventually(async () => (await named.getAttribute('aria-pressed')) === 'true', 'the level to show as named');
    await eventually(async () => (await thread.locator('[data-anonymous-comments]').count()) === 0, "Rae's page to learn that comments are named");

    // The edit reaches the relay after the switch: the comment is still under Rae's
    // pseudonym (a more open level reveals nothing), so the relay writes it there.
    release();
    await eventually(async () => stored()?.text === words, 'the edit written, still under the pseudonym');
    expect(stored()!.authorId).toBe(pseudonym);

    // Named now, it is still hers to edit and delete; nothing is refused.
    await mine.getByRole('button', { name: 'Edit' }).click();
    await editBox.fill('Half of them could be an email.');
    await thread.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => stored()?.text === 'Half of them could be an email.', 'a later edit written');
    expect(stored()!.authorId).toBe(pseudonym);
    rae.page.once('dialog', (dialog) => void dialog.accept());
    await mine.getByRole('button', { name: 'Delete' }).click();
    await eventually(async () => stored() === undefined, 'the comment deleted');
    expect(await thread.getByRole('alert').count(), 'nothing refused').toBe(0);
    await rae.context.close();
  });
});
