// Snapshots of stored boards: reading one for an export, and importing one as a NEW board
// (new id, new link secrets). An import is checked whole before anything is stored, so a
// refusal leaves nothing behind.
import * as Y from 'yjs';
import type { Role } from '../shared/access.ts';
import { readAnonymity } from '../shared/anonymity.ts';
import { MAX_BOARD_BYTES } from '../shared/limits.ts';
import { migrateBoard, SchemaTooNewError } from '../shared/migrations.ts';
import { SNAPSHOT_FORMAT, type BoardSnapshot } from '../shared/snapshot/format.ts';
import { snapshotFromDoc } from '../shared/snapshot/fromDoc.ts';
import { parseSnapshot } from '../shared/snapshot/parse.ts';
import { docFromSnapshot } from '../shared/snapshot/toDoc.ts';
import { InvalidBoardRequest, storeNewBoard } from './boards.ts';
import type { BoardStore } from './store/boardStore.ts';

/** A request body that says it is a snapshot; it may still be a damaged one. */
export function isSnapshotBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { format?: unknown }).format === SNAPSHOT_FORMAT;
}

/**
 * The first state of a board imported from `body`, checked whole: a damaged snapshot, or
 * one that would make a board past MAX_BOARD_BYTES, is refused before anything is stored.
 */
export function boardDocFromSnapshot(body: unknown): Y.Doc {
  const parsed = parseSnapshot(body);
  if (!parsed.ok) throw new InvalidBoardRequest(parsed.error);
  // parseSnapshot has checked everything building needs, so this cannot refuse half-way.
  const doc = docFromSnapshot(parsed.snapshot);
  // The relay refuses to grow a board past this size; an import must not start beyond it.
  const size = Y.encodeStateAsUpdate(doc).byteLength;
  if (size > MAX_BOARD_BYTES) {
    doc.destroy();
    throw new InvalidBoardRequest(
      `This snapshot makes a board of ${size} bytes; a board may hold at most ${MAX_BOARD_BYTES}. Split it into smaller boards.`,
    );
  }
  return doc;
}

export async function createBoardFromSnapshot(store: BoardStore, body: unknown): Promise<{ id: string; links: Record<Role, string> }> {
  const doc = boardDocFromSnapshot(body);
  try {
    return await storeNewBoard(store, doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The board as it is now. Every change the relay accepts is queued to the store the
 * moment it is applied, and the store runs reads and writes in order, so this read sees
 * everything a loaded room holds; a board nobody has open is read the same way.
 * `role`: whose export it is. Only a facilitator's, under "anonymous to participants", names
 * the people behind pseudonyms (the relay's record of them is read for it); every other
 * export keeps them as "Person 3" (docs/groups.md).
 */
export async function loadSnapshot(store: BoardStore, boardId: string, now: number, role: Role = 'view'): Promise<BoardSnapshot | null> {
  const stored = await store.loadBoard(boardId);
  if (!stored) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored.state);
    try {
      // In memory only: the room writes the upgrade back when it next loads the board.
      migrateBoard(doc);
    } catch (error) {
      // Any participant can write meta.schemaVersion, so "newer" may be a lie; the export
      // reads what this version understands and repairs the rest, as for any board.
      if (!(error instanceof SchemaTooNewError)) throw error;
    }
    let answerers: Map<string, string> | undefined;
    if (role === 'facilitate' && readAnonymity(doc).level === 'participants') {
      const pseudonyms = (await store.loadSealed(boardId))?.pseudonyms ?? new Map<string, string>();
      answerers = new Map(Array.from(pseudonyms, ([participantId, pseudonym]) => [pseudonym, participantId]));
    }
    return snapshotFromDoc(doc, { now, answerers });
  } finally {
    doc.destroy();
  }
}
