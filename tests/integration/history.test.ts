// The board's history through the real relay and store (docs/history.md): a seeded
// workshop — beliefs added, rewritten, moved, deleted and restored, positions recorded, a
// sealed round opened and revealed, everyone leaving so the board is compacted, and back —
// is read again from the history endpoints, and the map rebuilt at five moments must hold
// exactly the beliefs and positions the board held then. And the endpoints' access rules
// and paging. A failing run prints its seed: rerun with SEED=<seed>.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as prng from 'lib0/prng';
import { LeveldbPersistence } from 'y-leveldb';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bearer } from '../../shared/access.ts';
import { isPseudonym, readAnonymity, setAnonymityLevel } from '../../shared/anonymity.ts';
import { BoardHistory } from '../../shared/history/boardHistory.ts';
import { addComment, deleteComment, editComment } from '../../shared/comments.ts';
import type { HistoryLogPage, HistoryMomentsPage } from '../../shared/history/historyApi.ts';
import { timelineEvents } from '../../shared/history/momentEvents.ts';
import { newBoardId, newId, newSecret } from '../../shared/ids.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { addBelief, createBoard, deleteBeliefs, listBeliefs, listDeletedBeliefs, listPositions, moveBeliefs, restoreBeliefs, setBeliefText, setPosition } from '../../shared/model.ts';
import { SCALE } from '../../shared/schema.ts';
import { readWorkshop } from '../../shared/workshop.ts';
import { loadHistory } from '../../client/state/historyLoader.ts';
import { accessOf, startTestRelay, waitFor, type TestRelay } from '../helpers/relay.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
const STEPS = 60;
const CHECKPOINTS = 5;

let relay: TestRelay | null = null;
let clients: WorkshopClient[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients = [];
  await relay?.close();
  relay = null;
});

/** The board as the map shows it: every belief (live or deleted) with its place and text, and every position. */
function boardState(doc: Y.Doc) {
  return {
    beliefs: listBeliefs(doc).map(({ id, text, x, y }) => ({ id, text, x, y })),
    deleted: listDeletedBeliefs(doc).map(({ id }) => id).sort(),
    positions: listPositions(doc)
      .map(({ beliefId, participantId, agreement, direction }) => ({ beliefId, participantId, agreement, direction }))
      .sort((a, b) => `${a.beliefId}:${a.participantId}`.localeCompare(`${b.beliefId}:${b.participantId}`)),
  };
}

interface Person {
  id: string;
  secret: string;
  client: WorkshopClient;
}

async function open(boardId: string, role: 'facilitate' | 'edit' | 'view', participant?: { id: string; secret: string }): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay!.wsUrl, boardId, { role, participant });
  clients.push(client);
  return client;
}

function historyGet(boardId: string, path: string, secret?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${relay!.server.url}/api/boards/${boardId}/${path}`, { ...init, headers: secret ? { Authorization: bearer(secret) } : {} });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('history', () => {
  it(`rebuilds the map at five moments of a seeded workshop as it was then (seed ${seed})`, async () => {
    console.log('history seed', seed);
    const gen = prng.create(seed);
    relay = await startTestRelay({ idleUnloadMs: 100, staticDir: null });
    const boardId = await relay.createBoard('History', 'belief-map');
    const identities = [0, 1, 2].map(() => ({ id: newId(), secret: newSecret() }));
    const connectAll = async (): Promise<{ people: Person[]; observer: WorkshopClient; facilitator: WorkshopClient }> => {
      const people = await Promise.all(identities.map(async (who) => ({ ...who, client: await open(boardId, 'edit', who) })));
      const facilitator = await open(boardId, 'facilitate', { id: newId(), secret: newSecret() });
      const observer = await open(boardId, 'view');
      return { people, observer, facilitator };
    };
    let { people, observer, facilitator } = await connectAll();
    const settle = async (writer: WorkshopClient) => {
      await writer.stored();
      await waitFor(() => JSON.stringify(boardState(observer.doc)) === JSON.stringify(boardState(writer.doc)), 5_000, 'the observer to see the change');
    };

    const checkpointSteps = new Set<number>();
    while (checkpointSteps.size < CHECKPOINTS) checkpointSteps.add(prng.int32(gen, 3, STEPS - 1));
    const roundAt = prng.int32(gen, 10, STEPS - 15);
    const compactAt = prng.int32(gen, roundAt + 5, STEPS - 5);
    const checkpoints: { at: number; step: number; state: ReturnType<typeof boardState> }[] = [];

    for (let step = 0; step < STEPS; step++) {
      if (step === compactAt) {
        // Everyone leaves: the room unloads and compacts the log; history must survive it.
        await Promise.all(clients.map((client) => client.close()));
        clients = [];
        await sleep(400);
        ({ people, observer, facilitator } = await connectAll());
        await waitFor(() => listBeliefs(observer.doc).length + listDeletedBeliefs(observer.doc).length > 0, 5_000, 'the board again');
      }
      if (step === roundAt) {
        const beliefIds = listBeliefs(observer.doc).map(({ id }) => id);
        facilitator.send({ kind: 'startRound', beliefIds: null, deadline: null, autoReveal: false });
        await waitFor(() => readWorkshop(observer.doc).round?.status === 'open', 5_000, 'the round to open');
        for (const person of people) {
          for (const beliefId of beliefIds) person.client.send({ kind: 'seal', beliefId, agreement: prng.oneOf(gen, [...SCALE]), direction: prng.oneOf(gen, [...SCALE]) });
        }
        await waitFor(
          () => Object.values(readWorkshop(observer.doc).round?.answered ?? {}).reduce((sum, ids) => sum + ids.length, 0) === beliefIds.length * people.length,
          5_000,
          'every sealed answer counted',
        );
        // A moment while the round is open: the sealed answers are nowhere in it.
        await sleep(5);
        checkpoints.push({ at: Date.now(), step: -1, state: boardState(observer.doc) });
        await sleep(5);
        facilitator.send({ kind: 'revealRound' });
        await waitFor(() => readWorkshop(observer.doc).round?.status === 'revealed', 5_000, 'the reveal');
      }
      const person = prng.oneOf(gen, people);
      const { doc } = person.client;
      const live = listBeliefs(doc);
      const mine = live.filter((belief) => belief.authorId === person.id);
      const roll = prng.int32(gen, 0, 99);
      const target = live.length > 0 ? prng.oneOf(gen, live) : null;
      if (!target || roll < 25) {
        addBelief(doc, { text: prng.word(gen, 3, 20), x: prng.int32(gen, -800, 800), y: prng.int32(gen, -800, 800), authorId: person.id }, 'local');
      } else if (roll < 55) {
        setPosition(doc, target.id, person.id, { agreement: prng.oneOf(gen, [...SCALE]), direction: prng.oneOf(gen, [...SCALE]) }, 'local');
      } else if (roll < 70) {
        moveBeliefs(doc, [{ id: target.id, x: target.x + prng.int32(gen, -200, 200), y: target.y + prng.int32(gen, -200, 200) }], 'local');
      } else if (roll < 82) {
        setBeliefText(doc, target.id, `${target.text} ${prng.word(gen, 2, 8)}`, 'local');
      } else if (roll < 92 && mine.length > 0) {
        deleteBeliefs(doc, [prng.oneOf(gen, mine).id], person.id, 'local');
      } else {
        const deleted = listDeletedBeliefs(doc).filter((belief) => belief.authorId === person.id);
        if (deleted.length > 0) restoreBeliefs(doc, [deleted[0].id], 'local');
        else addBelief(doc, { text: prng.word(gen, 3, 20), x: 0, y: 0, authorId: person.id }, 'local');
      }
      await settle(person.client);
      if (checkpointSteps.has(step)) {
        await sleep(5);
        checkpoints.push({ at: Date.now(), step, state: boardState(observer.doc) });
        await sleep(5);
      }
    }

    const history = new BoardHistory();
    // Small pages, so the test goes through the paging as a long board would.
    await loadHistory({ origin: relay.server.url, boardId, secret: accessOf(boardId).secrets.view }, history, undefined, { momentsPerPage: 7 });
    expect(history.moments.length).toBeGreaterThan(STEPS);
    // The log was compacted when everyone left; the moments were not.
    const log = await historyGet(boardId, 'history/log', accessOf(boardId).secrets.view);
    expect(((await log.json()) as HistoryLogPage).entries.length).toBeLessThan(history.moments.length - compactAt);
    expect(checkpoints.length).toBe(CHECKPOINTS + 1);
    for (const checkpoint of checkpoints) {
      const index = history.indexAt(checkpoint.at);
      expect(index, `a moment before step ${checkpoint.step}`).toBeGreaterThanOrEqual(0);
      const past = history.docAt(index);
      expect(boardState(past), `the map after step ${checkpoint.step}`).toEqual(checkpoint.state);
      past.destroy();
    }
    // The last moment is the board as it is now.
    expect(boardState(history.docAt(history.moments.length - 1))).toEqual(boardState(observer.doc));

    // The timeline names what happened: the reveal, and beliefs added.
    const events = timelineEvents(history.doc, history.moments).flat();
    expect(events.filter((event) => event.kind === 'round-revealed')).toEqual([{ kind: 'round-revealed', round: 1 }]);
    expect(events.filter((event) => event.kind === 'round-opened')).toEqual([{ kind: 'round-opened', round: 1 }]);
    const added = new Set(events.flatMap((event) => (event.kind === 'added' ? [event.beliefId] : [])));
    expect(added).toEqual(new Set([...listBeliefs(observer.doc), ...listDeletedBeliefs(observer.doc)].map(({ id }) => id)));
  });

  it('answers any of the board\'s links, nobody else, a page at a time', async () => {
    relay = await startTestRelay({ staticDir: null });
    const boardId = await relay.createBoard('Access');
    const author = { id: newId(), secret: newSecret() };
    const writer = await open(boardId, 'edit', author);
    for (let i = 0; i < 5; i++) {
      addBelief(writer.doc, { text: `Belief ${i}`, x: i * 250, y: 0, authorId: author.id }, 'local');
      await writer.stored();
    }
    const { secrets } = accessOf(boardId);

    expect((await historyGet(boardId, 'history')).status).toBe(401);
    expect((await historyGet(boardId, 'history/log')).status).toBe(401);
    expect((await historyGet(boardId, 'history', newSecret())).status).toBe(401);
    expect((await historyGet(newBoardId(), 'history', secrets.view)).status).toBe(404);
    expect((await historyGet('not-a-board', 'history', secrets.view)).status).toBe(400);
    expect((await historyGet(boardId, 'history?limit=0', secrets.view)).status).toBe(400);
    expect((await historyGet(boardId, 'history?after=-3', secrets.view)).status).toBe(400);
    expect((await historyGet(boardId, 'history', secrets.view, { method: 'POST' })).status).toBe(405);

    const whole = (await (await historyGet(boardId, 'history', secrets.view)).json()) as HistoryMomentsPage;
    // The board's creation and each stored belief.
    expect(whole.moments.length).toBe(6);
    expect(whole.next).toBeNull();
    for (const role of ['facilitate', 'edit'] as const) {
      expect(((await (await historyGet(boardId, 'history', secrets[role])).json()) as HistoryMomentsPage).moments).toEqual(whole.moments);
    }
    // Pages of two, each starting after the last one's end, add up to the whole.
    const paged: HistoryMomentsPage['moments'] = [];
    let after: number | null = null;
    let pages = 0;
    do {
      const query: string = after === null ? 'history?limit=2' : `history?limit=2&after=${after}`;
      const page = (await (await historyGet(boardId, query, secrets.view)).json()) as HistoryMomentsPage;
      paged.push(...page.moments);
      after = page.next;
      pages++;
    } while (after !== null);
    expect(paged).toEqual(whole.moments);
    expect(pages).toBe(4);
    expect(whole.moments.map((moment) => moment.at)).toEqual([...whole.moments.map((moment) => moment.at)].sort((a, b) => a - b));

    // The log after a moment holds only what came after it.
    const log = (await (await historyGet(boardId, `history/log?after=${whole.moments[3].seq}`, secrets.view)).json()) as HistoryLogPage;
    expect(log.entries.map((entry) => entry.seq)).toEqual(whole.moments.slice(4).map((moment) => moment.seq));
    expect(log.next).toBeNull();
  });

  it('gives a board stored before moments were kept its state then as its first moment', async () => {
    // Written the way earlier versions wrote boards: y-leveldb's own layout, no moments.
    const dir = await mkdtemp(path.join(tmpdir(), 'beliefmap-old-board-'));
    const id = newBoardId();
    const createdAt = Date.now() - 86_400_000;
    const old = new Y.Doc();
    createBoard(old, { title: 'Older than history' });
    const first = addBelief(old, { text: 'Kept from before', x: 0, y: 0, authorId: 'p' }, 'local');
    setBeliefText(old, first, 'Rewritten before', 'local');
    const persistence = new LeveldbPersistence(dir);
    await persistence.storeUpdate(id, Y.encodeStateAsUpdate(old));
    await persistence.setMeta(id, 'createdAt', createdAt);
    await persistence.destroy();

    const store = await LeveldbStore.open(dir);
    try {
      const loaded = (await store.loadBoard(id))!;
      const later = new Y.Doc();
      Y.applyUpdate(later, loaded.state);
      const updates: Uint8Array[] = [];
      later.on('update', (update: Uint8Array) => updates.push(update));
      addBelief(later, { text: 'Added since', x: 300, y: 0, authorId: 'p' }, 'local');
      await store.appendUpdate(id, updates[0]);
      const moments = await store.momentsSince(id, -1, 10);
      expect(moments.map((moment) => moment.at)[0]).toBe(createdAt);
      expect(moments).toHaveLength(2);
      const history = new BoardHistory();
      history.addMoments(moments);
      for (const entry of await store.updatesSince(id, -1)) history.addLog(entry.update);
      expect(listBeliefs(history.docAt(0)).map((belief) => belief.text)).toEqual(['Rewritten before']);
      expect(listBeliefs(history.docAt(1)).map((belief) => belief.text).sort()).toEqual(['Added since', 'Rewritten before']);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('no longer holds a deleted comment, the words an edit replaced, or a removed participant’s answers, at any moment', async () => {
    relay = await startTestRelay({ staticDir: null });
    const boardId = await relay.createBoard('Second thoughts');
    const fiona = { id: newId(), secret: newSecret() };
    const ana = { id: newId(), secret: newSecret() };
    const carl = { id: newId(), secret: newSecret() };
    const facilitator = await open(boardId, 'facilitate', fiona);
    const member = await open(boardId, 'edit', ana);
    const leaver = await open(boardId, 'edit', carl);
    const beliefId = addBelief(facilitator.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.id }, 'local');
    await facilitator.stored();
    await waitFor(() => member.doc.getMap('beliefs').has(beliefId) && leaver.doc.getMap('beliefs').has(beliefId), 5_000, 'the belief everywhere');
    const regretted = addComment(member.doc, { beliefId, authorId: ana.id, text: 'Carl never tests anything' }, 'local');
    await member.stored();
    editComment(member.doc, regretted, { text: 'We could test more' }, 'local');
    const gone = addComment(member.doc, { beliefId, authorId: ana.id, text: 'Delete me: the password is hunter2' }, 'local');
    await member.stored();
    deleteComment(member.doc, gone, 'local');
    await member.stored();
    setPosition(leaver.doc, beliefId, carl.id, { agreement: -2, direction: -2 }, 'local');
    setPosition(member.doc, beliefId, ana.id, { agreement: 1, direction: 1 }, 'local');
    await Promise.all([leaver.stored(), member.stored()]);
    facilitator.send({ kind: 'removeParticipant', participantId: carl.id });
    await waitFor(() => !listPositions(facilitator.doc).some((position) => position.participantId === carl.id), 5_000, 'Carl’s answers removed');

    // Every link's history, every moment, and the raw log it is built from.
    const { secrets } = accessOf(boardId);
    const page = (await (await historyGet(boardId, 'history/log', secrets.view)).json()) as HistoryLogPage;
    const served = JSON.stringify(page.entries.map(({ update }) => JSON.stringify(Y.decodeUpdate(Buffer.from(update, 'base64')).structs.map((struct) => (struct instanceof Y.Item ? struct.content.getContent() : null)))));
    expect(served).not.toMatch(/hunter2|never tests/);
    expect(served).toMatch(/We could test more/);
    const history = new BoardHistory();
    await loadHistory({ origin: relay.server.url, boardId, secret: secrets.view }, history);
    for (let index = 0; index < history.moments.length; index++) {
      const past = history.docAt(index);
      expect(listPositions(past).filter((position) => position.participantId === carl.id), `moment ${index}`).toEqual([]);
      expect(JSON.stringify(past.getMap('comments').toJSON()), `moment ${index}`).not.toMatch(/hunter2|never tests/);
      past.destroy();
    }
    // Ana's answer and her comment as it reads now are in the history to the end.
    const last = history.docAt(history.moments.length - 1);
    expect(listPositions(last).map((position) => position.participantId)).toEqual([ana.id]);
    expect(JSON.stringify(last.getMap('comments').toJSON())).toMatch(/We could test more/);
    last.destroy();
  });

  it('is refused to every link once the board\'s answers are anonymous, and after it goes back to named', async () => {
    relay = await startTestRelay({ staticDir: null });
    const boardId = await relay.createBoard('Anonymous later');
    const fiona = { id: newId(), secret: newSecret() };
    const ana = { id: newId(), secret: newSecret() };
    const facilitator = await open(boardId, 'facilitate', fiona);
    const member = await open(boardId, 'edit', ana);
    const beliefId = addBelief(facilitator.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: fiona.id }, 'local');
    await facilitator.stored();
    await waitFor(() => member.doc.getMap('beliefs').has(beliefId), 5_000, 'the belief at Ana');
    setPosition(member.doc, beliefId, ana.id, { agreement: 2, direction: 1 }, 'local');
    await member.stored();
    const { secrets } = accessOf(boardId);
    // Named: Ana's answer is hers on the board, and in its history.
    expect((await historyGet(boardId, 'history', secrets.view)).status).toBe(200);

    // The switch moves her answer under a pseudonym; the log still holds it under her id.
    setAnonymityLevel(facilitator.doc, 'everyone', 'local');
    await facilitator.stored();
    await waitFor(() => listPositions(facilitator.doc).every((position) => isPseudonym(position.participantId)), 5_000, 'the answer under a pseudonym');
    for (const role of ['view', 'edit', 'facilitate'] as const) {
      for (const path of ['history', 'history/log']) {
        const response = await historyGet(boardId, path, secrets[role]);
        expect(response.status, `${role} ${path}`).toBe(403);
        expect(((await response.json()) as { error: string }).error).toMatch(/anonymous/);
      }
    }
    // Back to named: the pseudonymous answer stays, and so does the refusal.
    setAnonymityLevel(facilitator.doc, 'named', 'local');
    await facilitator.stored();
    await waitFor(() => readAnonymity(member.doc).level === 'named', 5_000, 'the named level at Ana');
    expect((await historyGet(boardId, 'history/log', secrets.facilitate)).status).toBe(403);
  });
});
