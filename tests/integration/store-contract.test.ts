// What every store promises the relay (server/store/boardStore.ts), checked the same way
// against the embedded LevelDB store and against PostgreSQL (a real server started by the
// test): boards exist only once created; appends are numbered in order and read back in
// order, whole, after compaction too; what the relay keeps beside a board round-trips;
// decisions on one board run one at a time; and nothing appended before close is lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardId, newId } from '../../shared/ids.ts';
import { addBelief, beliefCount, createBoard, listBeliefs, readBoardMeta } from '../../shared/model.ts';
import type { BoardStore } from '../../server/store/boardStore.ts';
import { BoardHistory } from '../../shared/history/boardHistory.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { PgStore } from '../../server/store/pgStore.ts';
import { emptyRoster, rosterToStored } from '../../server/access/rosterState.ts';
import { emptySealedState, sealedToStored } from '../../server/rounds/sealedState.ts';
import { startPostgres, type PostgresServer } from '../helpers/services.ts';

let postgres: PostgresServer;
const dirs: string[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.destroy();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Kind {
  name: string;
  /** A new, empty store, and a way to open the same one again after it is closed. */
  open(): Promise<{ store: BoardStore; reopen(): Promise<BoardStore> }>;
}

const KINDS: Kind[] = [
  {
    name: 'LevelDB',
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'beliefmap-contract-'));
      dirs.push(dir);
      return { store: await LeveldbStore.open(dir), reopen: () => LeveldbStore.open(dir) };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const url = await postgres.createDatabase();
      return { store: await PgStore.open(url), reopen: () => PgStore.open(url) };
    },
  },
];

function boardState(title: string): Uint8Array {
  const doc = new Y.Doc();
  createBoard(doc, { title });
  return Y.encodeStateAsUpdate(doc);
}

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** `count` updates, each adding one belief to `doc`. */
function beliefUpdates(doc: Y.Doc, count: number): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array) => updates.push(update);
  doc.on('update', collect);
  for (let i = 0; i < count; i++) addBelief(doc, { text: `belief ${i}`, x: i, y: 0, authorId: 'p' }, 'test');
  doc.off('update', collect);
  return updates;
}

describe.each(KINDS)('the $name store', (kind) => {
  it('knows only boards that were created, and loads one whole', async () => {
    const { store } = await kind.open();
    try {
      const id = newBoardId();
      expect(await store.hasBoard(id)).toBe(false);
      expect(await store.loadBoard(id)).toBeNull();
      // The secrets come first; the board exists only once created.
      await store.saveAccess(id, { facilitate: 'a'.repeat(64), edit: 'b'.repeat(64), view: 'c'.repeat(64) });
      expect(await store.hasBoard(id)).toBe(false);
      await store.createBoard(id, boardState('Hello'));
      expect(await store.hasBoard(id)).toBe(true);
      const loaded = (await store.loadBoard(id))!;
      expect(readBoardMeta(docOf(loaded.state)).title).toBe('Hello');
      expect(await store.loadAccess(id)).toMatchObject({ edit: 'b'.repeat(64) });
    } finally {
      await store.close();
    }
  });

  it('numbers appends in order, reads them back after any number, and keeps them through compaction', async () => {
    const { store } = await kind.open();
    try {
      const id = newBoardId();
      await store.createBoard(id, boardState('Log'));
      const { seq: first, state } = (await store.loadBoard(id))!;
      const doc = docOf(state);
      const seqs: number[] = [];
      // One per turn, so each is its own entry with its own number.
      for (const update of beliefUpdates(doc, 5)) seqs.push(await store.appendUpdate(id, update));
      expect(seqs).toEqual([first + 1, first + 2, first + 3, first + 4, first + 5]);
      const since = await store.updatesSince(id, seqs[1]);
      expect(since.map((entry) => entry.seq)).toEqual(seqs.slice(2));
      const partial = docOf(state);
      for (const entry of await store.updatesSince(id, first)) Y.applyUpdate(partial, entry.update);
      expect(beliefCount(partial)).toBe(5);

      await store.compact(id);
      const after = (await store.loadBoard(id))!;
      expect(beliefCount(docOf(after.state))).toBe(5);
      // A reader that had seen up to the second still gets everything after it (merged).
      const caughtUp = docOf(state);
      for (const entry of await store.updatesSince(id, seqs[1])) Y.applyUpdate(caughtUp, entry.update);
      expect(beliefCount(caughtUp)).toBe(5);
      const next = await store.appendUpdate(id, beliefUpdates(doc, 1)[0]);
      expect(next).toBeGreaterThan(seqs.at(-1)!);
      expect(beliefCount(docOf((await store.loadBoard(id))!.state))).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('keeps a copy of a board only for its last entry, serves it until anything is stored after it, through compaction and reopening', async () => {
    const { store, reopen } = await kind.open();
    let reopened: BoardStore | null = null;
    try {
      const id = newBoardId();
      await store.createBoard(id, boardState('Copied'));
      const { seq, state } = (await store.loadBoard(id))!;
      const doc = docOf(state);
      const copy = (label: string) => new TextEncoder().encode(`copy ${label}`);
      /** What loadBoardCopy gives, checked against hasBoardCopy. */
      const served = async (reader: BoardStore = store) => {
        const kept = await reader.loadBoardCopy(id);
        expect(await reader.hasBoardCopy(id), 'hasBoardCopy agrees with loadBoardCopy').toBe(kept !== null);
        return kept;
      };
      expect(await served(), 'none kept yet').toBeNull();
      expect(await store.saveBoardCopy(id, seq - 1, copy('behind')), 'a copy behind the log').toBe(false);
      expect(await store.saveBoardCopy(newBoardId(), 0, copy('nowhere')), 'a board never created').toBe(false);
      expect(await served()).toBeNull();
      expect(await store.saveBoardCopy(id, seq, copy('first'))).toBe(true);
      expect(await served()).toEqual(copy('first'));

      // Anything stored after it: no longer served, and a copy for the old number is refused.
      const [one, two] = beliefUpdates(doc, 2);
      const next = await store.appendUpdate(id, one);
      expect(await served(), 'an update stored after the copy').toBeNull();
      expect(await store.saveBoardCopy(id, seq, copy('stale'))).toBe(false);
      expect(await store.saveBoardCopy(id, next, copy('second'))).toBe(true);
      expect(await served()).toEqual(copy('second'));

      // Compaction changes no content: the copy still matches the log.
      await store.appendUpdate(id, two);
      const latest = (await store.loadBoard(id))!.seq;
      expect(await store.saveBoardCopy(id, latest, copy('third'))).toBe(true);
      await store.compact(id);
      expect(await served(), 'after compaction').toEqual(copy('third'));
      await store.close();
      reopened = await reopen();
      expect(await served(reopened), 'after reopening').toEqual(copy('third'));
      await reopened.appendUpdate(id, beliefUpdates(doc, 1)[0]);
      expect(await served(reopened), 'after an append once reopened').toBeNull();
      // And read from the log alone, by a store that has not written it.
      await reopened.close();
      reopened = await reopen();
      expect(await served(reopened), 'reopened once more, after that append').toBeNull();
    } finally {
      await (reopened ?? store).close();
    }
  });

  it('keeps a moment per stored batch, numbered as its entry, through compaction and reopening', async () => {
    const { store, reopen } = await kind.open();
    let reopened: BoardStore | null = null;
    try {
      const id = newBoardId();
      const before = Date.now();
      await store.createBoard(id, boardState('Moments'));
      const { seq: first, state } = (await store.loadBoard(id))!;
      const doc = docOf(state);
      const seqs = [first];
      for (const update of beliefUpdates(doc, 3)) seqs.push(await store.appendUpdate(id, update));
      await store.compact(id);
      await store.close();
      reopened = await reopen();
      const moments = await reopened.momentsSince(id, -1, 100);
      expect(moments.map((moment) => moment.seq)).toEqual(seqs);
      expect(moments.every((moment, i) => moment.at >= before && moment.at <= Date.now() && (i === 0 || moment.at >= moments[i - 1].at))).toBe(true);
      expect((await reopened.momentsSince(id, seqs[1], 1)).map((moment) => moment.seq)).toEqual([seqs[2]]);
      // The compacted log and the moments give the board after each batch.
      const history = new BoardHistory();
      history.addMoments(moments);
      for (const entry of await reopened.updatesSince(id, -1)) history.addLog(entry.update);
      expect(moments.map((_, i) => listBeliefs(history.docAt(i)).length)).toEqual([0, 1, 2, 3]);
    } finally {
      await (reopened ?? store).close();
    }
  });

  it('writes what several boards get in one turn together, each numbered on its own', async () => {
    const { store } = await kind.open();
    try {
      const ids = [newBoardId(), newBoardId()];
      for (const id of ids) await store.createBoard(id, boardState(id));
      const docs = await Promise.all(ids.map(async (id) => docOf((await store.loadBoard(id))!.state)));
      const turn = ids.flatMap((id, i) => beliefUpdates(docs[i], 3).map((update) => store.appendUpdate(id, update)));
      const seqs = await Promise.all(turn);
      // Merged per board into one entry: the three of a board share its number.
      expect(new Set(seqs.slice(0, 3)).size).toBe(1);
      expect(new Set(seqs.slice(3)).size).toBe(1);
      for (const id of ids) expect(beliefCount(docOf((await store.loadBoard(id))!.state))).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('writes what arrives while a batch is being written as one next batch (group commit)', async () => {
    const { store } = await kind.open();
    try {
      const id = newBoardId();
      await store.createBoard(id, boardState('Group commit'));
      const doc = docOf((await store.loadBoard(id))!.state);
      const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
      let observed = false;
      // The first batch must still be writing when the other two arrive, a turn apart; a
      // store that finished it within two turns proves nothing, so that is tried again.
      for (let attempt = 0; attempt < 20 && !observed; attempt++) {
        const [a, b, c] = beliefUpdates(doc, 3);
        let firstWritten = false;
        const first = store.appendUpdate(id, a).then((seq) => {
          firstWritten = true;
          return seq;
        });
        await nextTurn();
        const second = store.appendUpdate(id, b);
        await nextTurn();
        const third = store.appendUpdate(id, c);
        const whileWriting = !firstWritten;
        const [s1, s2, s3] = await Promise.all([first, second, third]);
        if (!whileWriting) continue;
        observed = true;
        // One batch per turn would number them apart, each waiting for its own fsync.
        expect(s3).toBe(s2);
        expect(s2).toBe(s1 + 1);
      }
      expect(observed).toBe(true);
      expect(beliefCount(docOf((await store.loadBoard(id))!.state))).toBe(beliefCount(doc));
    } finally {
      await store.close();
    }
  });

  it('keeps every append made before close, awaited or not', async () => {
    const { store, reopen } = await kind.open();
    const id = newBoardId();
    await store.createBoard(id, boardState('Durable'));
    const doc = docOf((await store.loadBoard(id))!.state);
    for (const update of beliefUpdates(doc, 20)) void store.appendUpdate(id, update);
    await store.close();
    const again = await reopen();
    try {
      expect(listBeliefs(docOf((await again.loadBoard(id))!.state))).toHaveLength(20);
    } finally {
      await again.close();
    }
  });

  it('keeps sealed answers, the roster and deadlines', async () => {
    const { store } = await kind.open();
    try {
      const id = newBoardId();
      await store.createBoard(id, boardState('Workshop'));
      const sealed = emptySealedState();
      sealed.round = 2;
      sealed.sealed.set('__proto__', new Map([[newId(), { agreement: 1, direction: null, updatedAt: 5 }]]));
      await store.saveSealed(id, sealedToStored(sealed));
      const back = (await store.loadSealed(id))!;
      expect(back.round).toBe(2);
      expect(back.sealed.get('__proto__')?.size).toBe(1);

      const roster = emptyRoster();
      roster.participants.set('constructor', { keyHash: 'f'.repeat(64), via: 'shared', removed: false });
      roster.clients.set(123456789, 'constructor');
      await store.saveRoster(id, rosterToStored(roster));
      const rosterBack = (await store.loadRoster(id))!;
      expect(rosterBack.participants.get('constructor')?.via).toBe('shared');
      expect(rosterBack.clients.get(123456789)).toBe('constructor');

      await store.saveDeadline(id, 1_000);
      expect((await store.loadDeadlines()).get(id)).toBe(1_000);
      await store.saveDeadline(id, null);
      expect((await store.loadDeadlines()).has(id)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('runs decisions on one board one at a time, and on different boards side by side', async () => {
    const { store } = await kind.open();
    try {
      const [a, b] = [newBoardId(), newBoardId()];
      for (const id of [a, b]) await store.createBoard(id, boardState(id));
      const events: string[] = [];
      const decision = (id: string, name: string, ms: number) =>
        store.withBoardLock(id, async () => {
          events.push(`${name} in`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          events.push(`${name} out`);
          return name;
        });
      const results = await Promise.all([decision(a, 'a1', 60), decision(a, 'a2', 10), decision(b, 'b1', 10)]);
      expect(results).toEqual(['a1', 'a2', 'b1']);
      // a2 waited for a1; b1 did not wait for either.
      expect(events.indexOf('a2 in')).toBeGreaterThan(events.indexOf('a1 out'));
      expect(events.indexOf('b1 out')).toBeLessThan(events.indexOf('a1 out'));
    } finally {
      await store.close();
    }
  });
});

describe('a PostgreSQL board stored before moments were kept', () => {
  it('gets its state then as its first moment, once, at the board\'s creation time', async () => {
    const url = await postgres.createDatabase();
    const store = await PgStore.open(url);
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      const id = newBoardId();
      await store.createBoard(id, boardState('Older than history'));
      const doc = docOf((await store.loadBoard(id))!.state);
      for (const update of beliefUpdates(doc, 2)) await store.appendUpdate(id, update);
      await store.compact(id);
      // As the schema before moments left it: no moments, and a board made a day ago.
      await sql.query('DELETE FROM board_moments WHERE board_id = $1', [id]);
      await sql.query("UPDATE boards SET created_at = now() - interval '1 day' WHERE id = $1", [id]);
      const { rows } = await sql.query<{ ms: string }>('SELECT (extract(epoch FROM created_at) * 1000)::bigint AS ms FROM boards WHERE id = $1', [id]);
      const loaded = (await store.loadBoard(id))!;
      await store.loadBoard(id);
      const moments = await store.momentsSince(id, -1, 10);
      expect(moments.map((moment) => [moment.seq, moment.at])).toEqual([[loaded.seq, Number(rows[0].ms)]]);
      const history = new BoardHistory();
      history.addMoments(moments);
      for (const entry of await store.updatesSince(id, -1)) history.addLog(entry.update);
      expect(listBeliefs(history.docAt(0)).map((belief) => belief.text).sort()).toEqual(['belief 0', 'belief 1']);
    } finally {
      await sql.end();
      await store.close();
    }
  });
});
