// The document model: every function, and what happens when two people edit at once.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_NOTE_COLOR } from '../../shared/colors.ts';
import { MAX_BELIEF_TEXT, MAX_BELIEFS_PER_BOARD, MAX_BOARD_COORDINATE, MAX_BOARD_TITLE, MAX_DISPLAY_NAME } from '../../shared/limits.ts';
import { boardSchemaVersion, migrateBoard, SchemaTooNewError } from '../../shared/migrations.ts';
import {
  addBelief,
  beliefCount,
  beliefIds,
  beliefText,
  clearPosition,
  createBoard,
  deleteBeliefs,
  hasBoard,
  listBeliefs,
  listDeletedBeliefs,
  listPositions,
  ModelError,
  moveBeliefs,
  observeBeliefs,
  observeMeta,
  observeParticipants,
  observePositions,
  positionsOf,
  readBelief,
  readBoardMeta,
  readParticipants,
  readPosition,
  restoreBeliefs,
  setBeliefColor,
  setBeliefText,
  setBoardTemplate,
  setBoardTitle,
  setPosition,
  undoScope,
  upsertParticipant,
  type BeliefChanges,
} from '../../shared/model.ts';
import { metaMap, positionsMap, positionTuple, SCHEMA_VERSION } from '../../shared/schema.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';

const ALICE = { kind: 'local', participantId: 'alice' };
const BOB = { kind: 'local', participantId: 'bob' };
const REMOTE = 'remote';

function newBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Test board', createdAt: 1 });
  return doc;
}

/** Sends every missing update each way, as a relay would once both are online. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE);
}

/** Two replicas of one board, starting equal; edits stay local until sync(). */
function twoReplicas(): [Y.Doc, Y.Doc] {
  const a = newBoard();
  const b = new Y.Doc();
  sync(a, b);
  return [a, b];
}

/** Two replicas joined live: every local change reaches the other at once. */
function liveReplicas(): [Y.Doc, Y.Doc] {
  const [a, b] = twoReplicas();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(b, update, REMOTE));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(a, update, REMOTE));
  return [a, b];
}

describe('board', () => {
  it('creates a board with meta, trimmed and clamped title, and template', () => {
    const doc = new Y.Doc();
    expect(hasBoard(doc)).toBe(false);
    createBoard(doc, { title: `  ${'t'.repeat(MAX_BOARD_TITLE + 10)}  `, template: 'belief-map', createdAt: 42 });
    expect(hasBoard(doc)).toBe(true);
    expect(readBoardMeta(doc)).toEqual({
      schemaVersion: SCHEMA_VERSION,
      title: 't'.repeat(MAX_BOARD_TITLE),
      template: 'belief-map',
      createdAt: 42,
    });
  });

  it('defaults to a blank untitled board, and renames and re-templates it', () => {
    const doc = new Y.Doc();
    createBoard(doc);
    expect(readBoardMeta(doc)).toMatchObject({ title: '', template: 'blank' });
    setBoardTitle(doc, '  Renamed ', ALICE);
    setBoardTemplate(doc, 'belief-map', ALICE);
    expect(readBoardMeta(doc)).toMatchObject({ title: 'Renamed', template: 'belief-map' });
  });

  it('reads an empty document as a board with safe defaults', () => {
    expect(readBoardMeta(new Y.Doc())).toEqual({ schemaVersion: 0, title: '', template: 'blank', createdAt: 0 });
  });
});

describe('beliefs', () => {
  it('adds a belief with defaults and reads it back', () => {
    const doc = newBoard();
    const id = addBelief(doc, { text: 'We ship weekly', x: 10, y: 20, authorId: 'alice', createdAt: 5 }, ALICE);
    expect(readBelief(doc, id)).toEqual({
      id,
      text: 'We ship weekly',
      x: 10,
      y: 20,
      color: DEFAULT_NOTE_COLOR,
      authorId: 'alice',
      createdAt: 5,
      deletedAt: null,
      deletedBy: null,
    });
    expect(beliefCount(doc)).toBe(1);
    expect(readBelief(doc, 'missing')).toBeNull();
  });

  it('repairs bad input: unknown colour, non-finite coordinates', () => {
    const doc = newBoard();
    const id = addBelief(doc, { x: Number.NaN, y: Infinity, color: 'plaid', authorId: 'alice' }, ALICE);
    expect(readBelief(doc, id)).toMatchObject({ text: '', x: 0, y: 0, color: DEFAULT_NOTE_COLOR });
  });

  it('lists beliefs oldest first, ties broken by id, and ids in the same order', () => {
    const doc = newBoard();
    addBelief(doc, { id: 'c', x: 0, y: 0, authorId: 'a', createdAt: 2 }, ALICE);
    addBelief(doc, { id: 'b', x: 0, y: 0, authorId: 'a', createdAt: 1 }, ALICE);
    addBelief(doc, { id: 'a', x: 0, y: 0, authorId: 'a', createdAt: 2 }, ALICE);
    expect(listBeliefs(doc).map((b) => b.id)).toEqual(['b', 'a', 'c']);
    expect(beliefIds(doc)).toEqual(['b', 'a', 'c']);
  });

  it('clamps text to the limit without splitting an emoji', () => {
    const doc = newBoard();
    const long = `${'a'.repeat(MAX_BELIEF_TEXT - 1)}😀😀`;
    const id = addBelief(doc, { text: long, x: 0, y: 0, authorId: 'a' }, ALICE);
    const text = readBelief(doc, id)!.text;
    expect(Array.from(text)).toHaveLength(MAX_BELIEF_TEXT);
    expect(text.endsWith('a😀')).toBe(true);

    setBeliefText(doc, id, `${'b'.repeat(MAX_BELIEF_TEXT + 50)}`, ALICE);
    expect(readBelief(doc, id)!.text).toBe('b'.repeat(MAX_BELIEF_TEXT));
  });

  it('refuses a belief past the most a board holds', () => {
    const doc = newBoard();
    doc.transact(() => {
      for (let i = 0; i < MAX_BELIEFS_PER_BOARD; i++) addBelief(doc, { x: i, y: 0, authorId: 'a' }, ALICE);
    }, ALICE);
    expect(() => addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE)).toThrow(ModelError);
    expect(beliefCount(doc)).toBe(MAX_BELIEFS_PER_BOARD);
  });

  it('edits text through the live Y.Text, changing only what differs', () => {
    const doc = newBoard();
    const id = addBelief(doc, { text: 'We ship fast', x: 0, y: 0, authorId: 'a' }, ALICE);
    const deltas: unknown[] = [];
    beliefText(doc, id)!.observe((event) => deltas.push(event.delta));
    setBeliefText(doc, id, 'We ship really fast', ALICE);
    expect(deltas).toEqual([[{ retain: 8 }, { insert: 'really ' }]]);
    setBeliefText(doc, id, 'We ship really fast', ALICE);
    expect(deltas).toHaveLength(1);
    expect(beliefText(doc, 'missing')).toBeNull();
    // Editing a belief that is gone is a no-op, not a crash.
    setBeliefText(doc, 'missing', 'x', ALICE);
  });

  it('moves beliefs, skipping unknown ids and non-finite targets', () => {
    const doc = newBoard();
    const a = addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE);
    const b = addBelief(doc, { x: 5, y: 5, authorId: 'a' }, ALICE);
    moveBeliefs(doc, [{ id: a, x: 100, y: 200 }, { id: b, x: Number.NaN, y: 1 }, { id: 'missing', x: 1, y: 1 }], ALICE);
    expect(readBelief(doc, a)).toMatchObject({ x: 100, y: 200 });
    expect(readBelief(doc, b)).toMatchObject({ x: 5, y: 5 });
  });

  it('keeps notes within the board the relay accepts, however far they are placed or dragged', () => {
    const doc = newBoard();
    const far = addBelief(doc, { x: 5e6, y: -1e300, authorId: 'a' }, ALICE);
    expect(readBelief(doc, far)).toMatchObject({ x: MAX_BOARD_COORDINATE, y: -MAX_BOARD_COORDINATE });
    moveBeliefs(doc, [{ id: far, x: -MAX_BOARD_COORDINATE - 1, y: 12 }], ALICE);
    expect(readBelief(doc, far)).toMatchObject({ x: -MAX_BOARD_COORDINATE, y: 12 });
  });

  it('colours beliefs and refuses an unknown colour', () => {
    const doc = newBoard();
    const ids = [addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE), addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE)];
    setBeliefColor(doc, ids, 'green', ALICE);
    expect(listBeliefs(doc).map((b) => b.color)).toEqual(['green', 'green']);
    expect(() => setBeliefColor(doc, ids, 'plaid', ALICE)).toThrow(ModelError);
  });

  it('deletes beliefs into "Recently deleted" with their positions, and restores them whole', () => {
    const doc = newBoard();
    const doomed = addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE);
    const kept = addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE);
    setPosition(doc, doomed, 'alice', { agreement: 2 }, ALICE);
    setPosition(doc, doomed, 'bob', { agreement: -1, direction: 1 }, BOB);
    setPosition(doc, kept, 'alice', { agreement: 'pass' }, ALICE);
    deleteBeliefs(doc, [doomed], 'alice', ALICE, 1234);
    expect(readBelief(doc, doomed)).toMatchObject({ deletedAt: 1234, deletedBy: 'alice' });
    expect(listBeliefs(doc).map((belief) => belief.id)).toEqual([kept]);
    expect(listDeletedBeliefs(doc).map((belief) => belief.id)).toEqual([doomed]);
    expect(listPositions(doc).map((position) => position.beliefId)).toEqual([kept]);
    expect(positionsOf(doc, doomed).size).toBe(2);
    expect(() => setPosition(doc, doomed, 'alice', { agreement: 1 }, ALICE)).toThrow(ModelError);
    restoreBeliefs(doc, [doomed], BOB);
    expect(readBelief(doc, doomed)).toMatchObject({ deletedAt: null, deletedBy: null });
    expect(listPositions(doc).filter((position) => position.beliefId === doomed)).toHaveLength(2);
  });
});

describe('positions and participants', () => {
  it('records, reads and clears positions, refusing values off the scale', () => {
    const doc = newBoard();
    const id = addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE);
    setPosition(doc, id, 'alice', { agreement: -2, direction: 2 }, ALICE);
    expect(readPosition(doc, id, 'alice')).toMatchObject({ agreement: -2, direction: 2 });
    expect(() => setPosition(doc, id, 'alice', { agreement: 3 as never }, ALICE)).toThrow(ModelError);
    expect(() => setPosition(doc, id, 'alice', { agreement: 1, direction: 0.5 as never }, ALICE)).toThrow(ModelError);
    expect(() => setPosition(doc, 'missing', 'alice', { agreement: 1 }, ALICE)).toThrow(ModelError);
    clearPosition(doc, id, 'alice', ALICE);
    expect(readPosition(doc, id, 'alice')).toBeNull();
  });

  it('keeps participants with clamped names, writing only on change', () => {
    const doc = newBoard();
    let writes = 0;
    doc.on('update', () => writes++);
    upsertParticipant(doc, { id: 'alice', name: `  ${'A'.repeat(MAX_DISPLAY_NAME + 5)} `, color: '#e03131' }, ALICE);
    upsertParticipant(doc, { id: 'alice', name: 'A'.repeat(MAX_DISPLAY_NAME), color: '#e03131' }, ALICE);
    expect(writes).toBe(1);
    expect(readParticipants(doc).get('alice')).toEqual({ name: 'A'.repeat(MAX_DISPLAY_NAME), color: '#e03131' });
  });
});

describe('observers', () => {
  it('reports which beliefs changed, and whether beliefs came or went', () => {
    const doc = newBoard();
    const seen: BeliefChanges[] = [];
    const stop = observeBeliefs(doc, (changes) => seen.push({ changed: new Set(changes.changed), structural: changes.structural }));
    const id = addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE);
    setBeliefText(doc, id, 'hello', ALICE);
    moveBeliefs(doc, [{ id, x: 3, y: 4 }], ALICE);
    stop();
    deleteBeliefs(doc, [id], 'alice', ALICE);
    expect(seen).toEqual([
      { changed: new Set([id]), structural: true },
      { changed: new Set([id]), structural: false },
      { changed: new Set([id]), structural: false },
    ]);
  });

  it('reports positions by belief, and meta and participant changes', () => {
    const doc = newBoard();
    const id = addBelief(doc, { x: 0, y: 0, authorId: 'a' }, ALICE);
    const positions: string[][] = [];
    let metaChanges = 0;
    let participantChanges = 0;
    const stops = [
      observePositions(doc, (ids) => positions.push(Array.from(ids))),
      observeMeta(doc, () => metaChanges++),
      observeParticipants(doc, () => participantChanges++),
    ];
    setPosition(doc, id, 'alice', { agreement: 1 }, ALICE);
    setBoardTitle(doc, 'New title', ALICE);
    upsertParticipant(doc, { id: 'alice', name: 'Alice', color: '#e03131' }, ALICE);
    for (const stop of stops) stop();
    setBoardTitle(doc, 'Unseen', ALICE);
    expect(positions).toEqual([[id]]);
    expect([metaChanges, participantChanges]).toEqual([1, 1]);
  });
});

describe('concurrent edits', () => {
  it('keeps both words when two people type in one note at once', () => {
    const [a, b] = twoReplicas();
    const id = addBelief(a, { text: 'We value speed', x: 0, y: 0, authorId: 'alice' }, ALICE);
    sync(a, b);
    setBeliefText(a, id, 'We really value speed', ALICE);
    setBeliefText(b, id, 'We value speed and care', BOB);
    sync(a, b);
    expect(readBelief(a, id)!.text).toBe('We really value speed and care');
    expect(readBelief(b, id)!.text).toBe('We really value speed and care');
  });

  it('keeps a move and a text edit made at the same time', () => {
    const [a, b] = twoReplicas();
    const id = addBelief(a, { text: 'Draft', x: 0, y: 0, authorId: 'alice' }, ALICE);
    sync(a, b);
    moveBeliefs(a, [{ id, x: 300, y: 150 }], ALICE);
    setBeliefText(b, id, 'Final', BOB);
    sync(a, b);
    for (const doc of [a, b]) expect(readBelief(doc, id)).toMatchObject({ text: 'Final', x: 300, y: 150 });
  });

  it('agrees on one position when two people move the same note', () => {
    const [a, b] = twoReplicas();
    const id = addBelief(a, { x: 0, y: 0, authorId: 'alice' }, ALICE);
    sync(a, b);
    moveBeliefs(a, [{ id, x: 1, y: 1 }], ALICE);
    moveBeliefs(b, [{ id, x: 2, y: 2 }], BOB);
    sync(a, b);
    expect(readBelief(a, id)).toEqual(readBelief(b, id));
  });

  it('deletes a note on both replicas even when someone edited it meanwhile, keeping the edit for a restore', () => {
    const [a, b] = twoReplicas();
    const id = addBelief(a, { x: 0, y: 0, authorId: 'alice' }, ALICE);
    setPosition(a, id, 'alice', { agreement: 1 }, ALICE);
    sync(a, b);
    deleteBeliefs(a, [id], 'alice', ALICE);
    setBeliefText(b, id, 'edited while deleted', BOB);
    sync(a, b);
    for (const doc of [a, b]) {
      expect(listBeliefs(doc)).toEqual([]);
      expect(listPositions(doc)).toEqual([]);
      expect(readBelief(doc, id)).toMatchObject({ text: 'edited while deleted', deletedBy: 'alice' });
      expect(positionsOf(doc, id).size).toBe(1);
    }
  });
});

describe('undo', () => {
  function undoFor(doc: Y.Doc, origin: object): Y.UndoManager {
    return new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
  }

  it("undoes only my move, never a colleague's colour change on the same note", () => {
    const [a, b] = liveReplicas();
    const id = addBelief(a, { x: 0, y: 0, authorId: 'alice' }, ALICE);
    const aliceUndo = undoFor(a, ALICE);
    moveBeliefs(a, [{ id, x: 50, y: 60 }], ALICE);
    setBeliefColor(b, [id], 'pink', BOB);
    aliceUndo.undo();
    for (const doc of [a, b]) expect(readBelief(doc, id)).toMatchObject({ x: 0, y: 0, color: 'pink' });
    aliceUndo.redo();
    expect(readBelief(b, id)).toMatchObject({ x: 50, y: 60, color: 'pink' });
  });

  it("undoes my words in a shared note and keeps my colleague's", () => {
    const [a, b] = liveReplicas();
    const id = addBelief(a, { text: 'We value speed', x: 0, y: 0, authorId: 'alice' }, ALICE);
    const aliceUndo = undoFor(a, ALICE);
    const bobUndo = undoFor(b, BOB);
    setBeliefText(a, id, 'We really value speed', ALICE);
    setBeliefText(b, id, 'We really value speed and care', BOB);
    aliceUndo.undo();
    expect(readBelief(b, id)!.text).toBe('We value speed and care');
    expect(bobUndo.canUndo()).toBe(true);
    bobUndo.undo();
    expect(readBelief(a, id)!.text).toBe('We value speed');
  });

  it('does not touch what arrived from others when I have nothing to undo', () => {
    const [a, b] = liveReplicas();
    const aliceUndo = undoFor(a, ALICE);
    addBelief(b, { text: "Bob's", x: 0, y: 0, authorId: 'bob' }, BOB);
    expect(aliceUndo.canUndo()).toBe(false);
    aliceUndo.undo();
    expect(beliefCount(a)).toBe(1);
  });
});

describe('migrations', () => {
  /** A board as written before schema versions existed: meta without schemaVersion. */
  function versionZeroBoard(): Y.Doc {
    const doc = new Y.Doc();
    doc.transact(() => {
      metaMap(doc).set('title', 'Old board');
      metaMap(doc).set('createdAt', 7);
    });
    return doc;
  }

  it('upgrades a v0 board to the current version once', () => {
    const doc = versionZeroBoard();
    expect(boardSchemaVersion(doc)).toBe(0);
    migrateBoard(doc);
    expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(readBoardMeta(doc)).toMatchObject({ title: 'Old board', createdAt: 7 });
    let writes = 0;
    doc.on('update', () => writes++);
    expect(migrateBoard(doc)).toEqual([]);
    expect(writes).toBe(0);
  });

  it('reads positions stored in either shape — the object writers write, the tuple they will — and anything else as none', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Both shapes' });
    const belief = addBelief(doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'ana' }, 'me');
    setPosition(doc, belief, 'ana', { agreement: 2, direction: -1, updatedAt: 5 }, 'me');
    expect(positionsMap(doc).get(`${belief}:ana`), 'writers still write the object').toEqual({ agreement: 2, direction: -1, updatedAt: 5 });
    positionsMap(doc).set(`${belief}:ben`, positionTuple({ agreement: 'pass', direction: null, updatedAt: 6 }));
    positionsMap(doc).set(`${belief}:cai`, [-2, 2, 7]);
    expect(readPosition(doc, belief, 'ana')).toEqual({ agreement: 2, direction: -1, updatedAt: 5 });
    expect(readPosition(doc, belief, 'ben')).toEqual({ agreement: 'pass', direction: null, updatedAt: 6 });
    expect(readPosition(doc, belief, 'cai')).toEqual({ agreement: -2, direction: 2, updatedAt: 7 });
    expect(listPositions(doc).map(({ participantId, agreement }) => [participantId, agreement]).sort()).toEqual([['ana', 2], ['ben', 'pass'], ['cai', -2]]);
    expect([...positionsOf(doc, belief).keys()].sort()).toEqual(['ana', 'ben', 'cai']);
    const stats = new StatsIndex(doc);
    expect(stats.get(belief).distribution).toMatchObject({ '-2': 1, '2': 1 });
    const snapshot = snapshotFromDoc(doc, { now: 10 });
    expect(snapshot.positions.map(({ participantId, direction }) => [participantId, direction]).sort()).toEqual([['ana', -1], ['ben', null], ['cai', 2]]);
    // Malformed tuples read as no answer, in the figures too.
    for (const [who, odd] of [['dee', [1, null]], ['eve', [1, null, 1, 'more']], ['fay', [7, null, 1]], ['gus', ['pass', 'up', 1]]] as const) {
      positionsMap(doc).set(`${belief}:${who}`, odd);
      expect(readPosition(doc, belief, who), who).toBeNull();
    }
    expect(stats.get(belief).distribution).toMatchObject({ '-2': 1, '2': 1 });
    expect(listPositions(doc)).toHaveLength(3);
    stats.destroy();
  });

  it('keeps a position in fewer bytes as a tuple than as the object of version 3', () => {
    const asObjects = new Y.Doc();
    const asTuples = new Y.Doc();
    for (let i = 0; i < 200; i++) {
      const record = { agreement: 1, direction: null, updatedAt: 1_700_000_000_000 + i } as const;
      positionsMap(asObjects).set(`belief-${i}:person-${i}`, record);
      positionsMap(asTuples).set(`belief-${i}:person-${i}`, positionTuple(record));
    }
    expect(Y.encodeStateAsUpdate(asTuples).length / Y.encodeStateAsUpdate(asObjects).length).toBeLessThan(0.8);
  });

  it('refuses a board written by a newer version, naming both versions', () => {
    const doc = versionZeroBoard();
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const thrown = (() => {
      try {
        migrateBoard(doc);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(SchemaTooNewError);
    expect(thrown).toMatchObject({ found: SCHEMA_VERSION + 1, message: expect.stringMatching(/newer Beliefmap/) });
    expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION + 1);
  });
});
