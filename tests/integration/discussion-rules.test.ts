// The rules on a belief's discussion and its actions (issue 18), against the real relay
// and store: raw clients proving who they are through the board's links write what an
// honest page writes through the model (shared/comments.ts, shared/beliefActions.ts) and
// what a forging or buggy one would; the relay accepts the first, closes the second with
// CLOSE.forbiddenChange, and a reader opened afterwards shows exactly what was accepted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { bearer, type Role } from '../../shared/access.ts';
import { actionsMap, addAction, listActions, removeAction, updateAction } from '../../shared/beliefActions.ts';
import { addComment, commentsMap, deleteComment, editComment, hiddenCommentsMap, listComments, setCommentHidden } from '../../shared/comments.ts';
import { MAX_COMMENT_TEXT } from '../../shared/limits.ts';
import { addBelief } from '../../shared/model.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { accessOf, participantSecretFor, startTestRelay, waitFor, type TestRelay } from '../helpers/relay.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

let relay: TestRelay;
let boardId: string;
let beliefId: string;
let clients: WorkshopClient[] = [];

async function as(id: string, role: Role = 'edit'): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay.wsUrl, boardId, { role, participant: { id, secret: participantSecretFor(id) } });
  clients.push(client);
  return client;
}

/** `write` is accepted: stored, the socket open, nothing refused. */
async function accepted(client: WorkshopClient, write: (doc: Y.Doc) => void): Promise<void> {
  write(client.doc);
  expect(await client.stored()).not.toBeNull();
  expect(client.closed).toBeNull();
  expect(client.last('changeRefused')).toBeUndefined();
}

/** A fresh client as `id` sends `write`: the relay closes it as no honest browser sends that, and says why. */
async function forbidden(id: string, write: (doc: Y.Doc) => void, role: Role = 'edit'): Promise<string> {
  const client = await as(id, role);
  write(client.doc);
  const closed = await Promise.race([client.whenClosed(), client.stored().then(() => null)]);
  expect(closed?.code, `not closed; refused: ${client.last('changeRefused')?.reason}`).toBe(CLOSE.forbiddenChange);
  return client.last('refused')?.reason ?? '';
}

/** What a reader opened now sees. */
async function reader(): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'view' });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  relay = await startTestRelay();
  boardId = await relay.createBoard('Discussing', 'belief-map');
  const alice = await as('alice');
  await accepted(alice, (doc) => {
    beliefId = addBelief(doc, { text: 'Estimates make us faster', x: 0, y: 0, authorId: 'alice' }, 'alice');
  });
});

afterEach(async () => {
  for (const client of clients) await client.close();
  clients = [];
  await relay.close();
});

describe('comments', () => {
  it('lets people comment, reply with a mention and edit or delete their own; the facilitator hides one', async () => {
    const alice = await as('alice');
    const bob = await as('bob');
    const fiona = await as('fiona', 'facilitate');
    let first = '';
    await accepted(alice, (doc) => {
      first = addComment(doc, { beliefId, authorId: 'alice', text: 'Which estimates?' }, 'alice');
    });
    await waitFor(() => commentsMap(bob.doc).has(first), 5_000, "Alice's comment at Bob's");
    let reply = '';
    await accepted(bob, (doc) => {
      reply = addComment(doc, { beliefId, authorId: 'bob', text: 'The sprint ones', parentId: first, mentions: ['alice'] }, 'bob');
    });
    await accepted(alice, (doc) => editComment(doc, first, { text: 'Which estimates, exactly?' }, 'alice'));
    await accepted(fiona, (doc) => setCommentHidden(doc, reply, true, 'fiona', 'fiona'));

    const seen = listComments((await reader()).doc);
    expect(seen.map(({ id, authorId, parentId, text, mentions, hidden }) => ({ id, authorId, parentId, text, mentions, hidden: hidden?.by ?? null }))).toEqual([
      { id: first, authorId: 'alice', parentId: null, text: 'Which estimates, exactly?', mentions: [], hidden: null },
      { id: reply, authorId: 'bob', parentId: first, text: 'The sprint ones', mentions: ['alice'], hidden: 'fiona' },
    ]);
    expect(seen[0].editedAt).not.toBeNull();

    await waitFor(() => commentsMap(alice.doc).has(reply), 5_000, "Bob's reply at Alice's");
    await accepted(alice, (doc) => deleteComment(doc, first, 'alice'));
    expect(listComments((await reader()).doc).map((comment) => comment.id)).toEqual([reply]);
  });

  it("refuses a comment in someone else's name, and editing, deleting or hiding another's", async () => {
    const alice = await as('alice');
    let first = '';
    await accepted(alice, (doc) => {
      first = addComment(doc, { beliefId, authorId: 'alice', text: 'Mine' }, 'alice');
    });
    expect(await forbidden('mallory', (doc) => addComment(doc, { beliefId, authorId: 'alice', text: 'Alice says yes' }, 'm'))).toMatch(/author must be the participant/);
    expect(await forbidden('mallory', (doc) => editComment(doc, first, { text: 'Rewritten' }, 'm'))).toMatch(/author must be the participant/);
    // Keeping Alice as the author does not help: only she changes her words.
    expect(
      await forbidden('mallory', (doc) => commentsMap(doc).set(first, { ...commentsMap(doc).get(first)!, text: 'Rewritten' })),
    ).toMatch(/author must be the participant/);
    expect(await forbidden('mallory', (doc) => deleteComment(doc, first, 'm'))).toMatch(/may not delete a comment someone else wrote/);
    expect(await forbidden('mallory', (doc) => setCommentHidden(doc, first, true, 'mallory', 'm'))).toMatch(/may not hide/);
    // A facilitator hides, but neither rewrites nor hides in someone else's name.
    expect(await forbidden('fiona', (doc) => editComment(doc, first, { text: 'Tidied' }, 'f'), 'facilitate')).toMatch(/author must be/);
    expect(await forbidden('fiona', (doc) => setCommentHidden(doc, first, true, 'frank', 'f'), 'facilitate')).toMatch(/names the facilitator/);

    const seen = listComments((await reader()).doc);
    expect(seen.map(({ text, authorId, hidden }) => ({ text, authorId, hidden }))).toEqual([{ text: 'Mine', authorId: 'alice', hidden: null }]);
    expect(hiddenCommentsMap((await reader()).doc).size).toBe(0);
  });

  it('refuses malformed comments and replies to replies', async () => {
    const alice = await as('alice');
    let first = '';
    let reply = '';
    await accepted(alice, (doc) => {
      first = addComment(doc, { beliefId, authorId: 'alice', text: 'Root' }, 'alice');
      reply = addComment(doc, { beliefId, authorId: 'alice', text: 'Reply', parentId: first }, 'alice');
    });
    const good = { beliefId, authorId: 'bob', parentId: null, text: 'Fine', mentions: [], createdAt: 1, editedAt: null };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['too long', { ...good, text: 'x'.repeat(MAX_COMMENT_TEXT + 1) }, /1–1000 characters/],
      ['blank', { ...good, text: '   ' }, /characters without surrounding spaces/],
      ['mentions as text', { ...good, mentions: 'alice' }, /mentions at most/],
      ['the same mention twice', { ...good, mentions: ['alice', 'alice'] }, /different participants/],
      ['an extra field', { ...good, pinned: true }, /nothing else/],
      ['a time that is no time', { ...good, createdAt: -5 }, /times must be times/],
      ['a reply to a reply', { ...good, parentId: reply }, /top-level comment/],
    ];
    for (const [what, value, reason] of cases) {
      expect(await forbidden('bob', (doc) => commentsMap(doc).set(`bad-${what.replace(/\W/g, '')}`, value as never)), what).toMatch(reason);
    }
    expect(listComments((await reader()).doc)).toHaveLength(2);
  });

  it('says a comment on a belief no longer on the board was not posted, and keeps the socket', async () => {
    const bob = await as('bob');
    addComment(bob.doc, { beliefId: 'no-such-belief', authorId: 'bob', text: 'Hello?' }, 'bob');
    await bob.stored();
    await waitFor(() => bob.last('changeRefused') !== undefined, 5_000, 'the refusal');
    expect(bob.last('changeRefused')!.reason).toMatch(/comment was not posted/);
    expect(bob.closed).toBeNull();
    expect(listComments((await reader()).doc)).toEqual([]);
  });

  it('changes nothing for a view-only link', async () => {
    const watcher = await WorkshopClient.open(relay.wsUrl, boardId, { role: 'view', participant: { id: 'vera', secret: participantSecretFor('vera') } });
    clients.push(watcher);
    addComment(watcher.doc, { beliefId, authorId: 'vera', text: 'From the back row' }, 'vera');
    const bob = await as('bob');
    await accepted(bob, (doc) => addComment(doc, { beliefId, authorId: 'bob', text: 'After it' }, 'bob'));
    expect(listComments((await reader()).doc).map((comment) => comment.text)).toEqual(['After it']);
  });
});

describe('actions', () => {
  it('lets its author, the person it is for and a facilitator change it; nobody else', async () => {
    const alice = await as('alice');
    let action = '';
    await accepted(alice, (doc) => {
      action = addAction(doc, { beliefId, authorId: 'alice', text: 'Run an experiment', ownerId: 'bob', due: '2027-01-15' }, 'alice');
    });
    const bob = await as('bob');
    await accepted(bob, (doc) => updateAction(doc, action, { status: 'done' }, 'bob'));
    expect(await forbidden('carol', (doc) => updateAction(doc, action, { status: 'open' }, 'c'))).toMatch(/neither theirs nor for them/);
    expect(await forbidden('carol', (doc) => removeAction(doc, action, 'c'))).toMatch(/neither theirs nor for them/);
    expect(await forbidden('carol', (doc) => addAction(doc, { beliefId, authorId: 'alice', text: 'Forged' }, 'c'))).toMatch(/author must be the participant/);
    // Bob may mark it done, not make it his own.
    expect(await forbidden('bob', (doc) => actionsMap(doc).set(action, { ...actionsMap(doc).get(action)!, authorId: 'bob' }))).toMatch(/keeps its belief, its author/);

    let read = listActions((await reader()).doc);
    expect(read.map(({ text, ownerId, due, status, authorId }) => ({ text, ownerId, due, status, authorId }))).toEqual([
      { text: 'Run an experiment', ownerId: 'bob', due: '2027-01-15', status: 'done', authorId: 'alice' },
    ]);
    const fiona = await as('fiona', 'facilitate');
    await accepted(fiona, (doc) => removeAction(doc, action, 'fiona'));
    read = listActions((await reader()).doc);
    expect(read).toEqual([]);
  });

  it('refuses malformed actions', async () => {
    const good = { beliefId, text: 'Schedule a discussion', ownerId: null, ownerName: '', due: null, status: 'open', authorId: 'bob', createdAt: 1, updatedAt: 1 };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['a day that does not exist', { ...good, due: '2027-02-30' }, /must be a date/],
      ['a time as the date', { ...good, due: 1767225600000 }, /must be a date/],
      ['a status of its own', { ...good, status: 'maybe' }, /open or done/],
      ['both a participant and a name', { ...good, ownerId: 'alice', ownerName: 'Al' }, /not both/],
      ['no words', { ...good, text: '' }, /say what/],
      ['a missing field', { beliefId, text: 'x', status: 'open' }, /nothing else/],
    ];
    for (const [what, value, reason] of cases) {
      expect(await forbidden('bob', (doc) => actionsMap(doc).set(`bad-${what.replace(/\W/g, '')}`, value as never)), what).toMatch(reason);
    }
    const bob = await as('bob');
    await accepted(bob, (doc) => addAction(doc, { beliefId, authorId: 'bob', text: 'Ask the data team', ownerName: 'Dana (data)' }, 'bob'));
    expect(listActions((await reader()).doc).map((action) => action.ownerName)).toEqual(['Dana (data)']);
  });
});

describe('the retro exports over HTTP', () => {
  it('export.md?since= opens with what changed since then; actions.csv lists the actions; a date that is no date is refused', async () => {
    const alice = await as('alice');
    const before = new Date(Date.now() - 60_000).toISOString();
    await accepted(alice, (doc) => {
      addComment(doc, { beliefId, authorId: 'alice', text: 'Let us measure it' }, 'alice');
      addAction(doc, { beliefId, authorId: 'alice', text: 'Run an experiment', ownerName: 'Dana' }, 'alice');
    });
    const get = (file: string) => fetch(`${relay.server.url}/api/boards/${boardId}/${file}`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } });
    const md = await get(`export.md?since=${encodeURIComponent(before)}`);
    expect(md.status).toBe(200);
    const text = await md.text();
    expect(text).toContain(`## What changed since ${before.slice(0, 16).replace('T', ' ')} UTC`);
    expect(text).toMatch(/\*\*Comments\*\* \(1\):\n- On “Estimates make us faster”, .*: Let us measure it/);
    expect(text).toContain('- [ ] Action: Run an experiment — Dana');
    expect(await (await get('export.md')).text()).not.toContain('What changed since');
    const csv = await (await get('actions.csv')).text();
    expect(csv.split('\r\n')[1]).toMatch(/"Run an experiment","Dana","",,open,/);
    const bad = await get('export.md?since=last%20week');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/must be a date/);
  });
});
