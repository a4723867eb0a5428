// This browser's copy of an open board, so edits made offline survive a reload or a
// closed tab and go out when the relay is reachable again. The document lives in
// IndexedDB through y-indexeddb (every update is appended as it happens). Beside it, in
// localStorage, each tab records how many of its changes the relay has not confirmed yet:
// the document cannot tell mine-and-unsaved from everyone else's, and a page opened
// offline must still be able to say "N changes kept on this device".
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { newId } from '../../shared/ids.ts';
import { OFFLINE_COPY_WAIT_MS } from '../../shared/limits.ts';
import type { InheritedChanges } from './saveTracker.ts';

export interface OfflineCopy {
  /**
   * Resolves once the stored copy is in the doc — or, when IndexedDB is unavailable or
   * slow, after OFFLINE_COPY_WAIT_MS, so the board still opens (without a copy).
   */
  ready: Promise<void>;
  /**
   * Whether a page here has kept this board before. Without a copy there is nothing worth
   * waiting for: the board comes whole from the relay either way.
   */
  kept: boolean;
  /** The board is in the document, so the copy holds it from now on (y-indexeddb stores each update). */
  markKept(): void;
  /** Unconfirmed changes earlier pages on this device left behind, or null. */
  inherited: InheritedChanges | null;
  /** Records this tab's unconfirmed count, for the next page to inherit. */
  recordUnconfirmed(count: number): void;
  destroy(): void;
}

type UnconfirmedByTab = Record<string, number>;

function databaseName(boardId: string): string {
  return `beliefmap.board.${boardId}`;
}

/** Deletes this browser's copy of a board (the page holding it must be closed or about to reload). */
export function deleteOfflineCopy(boardId: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  localStorage.removeItem(unconfirmedKey(boardId));
  localStorage.removeItem(keptKey(boardId));
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(databaseName(boardId));
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * Whether a page here kept this board (or left changes of it unconfirmed): known at once,
 * from localStorage, before IndexedDB opens.
 */
export function offlineCopyKept(boardId: string): boolean {
  return typeof indexedDB !== 'undefined' && (Object.keys(readCounts(unconfirmedKey(boardId))).length > 0 || readFlag(keptKey(boardId)));
}

function keptKey(boardId: string): string {
  return `beliefmap.offlineCopy.v1.${boardId}`;
}

function unconfirmedKey(boardId: string): string {
  return `beliefmap.unconfirmed.v1.${boardId}`;
}

export function openOfflineCopy(boardId: string, doc: Y.Doc): OfflineCopy {
  const persistence = typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(databaseName(boardId), doc);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, persistence ? OFFLINE_COPY_WAIT_MS : 0);
    if (!persistence) return;
    void persistence.whenSynced.then(() => resolve());
    // Any read waits for the database to open and fails if it cannot (a private window,
    // storage turned off): then the board opens at once, without a copy.
    persistence.get('opened').catch(() => resolve());
  }).finally(() => clearTimeout(timer));

  const key = unconfirmedKey(boardId);
  const tab = newId();
  const found = readCounts(key);
  const count = Object.values(found).reduce((sum, n) => sum + n, 0);
  const inherited: InheritedChanges | null =
    count === 0
      ? null
      : {
          count,
          confirmed() {
            // Only entries nobody rewrote since: a tab still open keeps its own count.
            const now = readCounts(key);
            for (const [other, n] of Object.entries(found)) if (now[other] === n) delete now[other];
            writeCounts(key, now);
          },
        };

  return {
    ready,
    // Unconfirmed changes left here mean a copy too, whatever the flag says: they must go out in the first sync.
    kept: persistence !== null && offlineCopyKept(boardId),
    markKept() {
      if (persistence) writeFlag(keptKey(boardId));
    },
    inherited,
    recordUnconfirmed(n) {
      const counts = readCounts(key);
      if (n > 0) counts[tab] = n;
      else delete counts[tab];
      writeCounts(key, counts);
    },
    destroy() {
      clearTimeout(timer);
      void persistence?.destroy();
    },
  };
}

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

function writeFlag(key: string): void {
  try {
    localStorage.setItem(key, '1');
  } catch {
    // Storage full or refused: the next page waits for its copy, as before this flag.
  }
}

function readCounts(key: string): UnconfirmedByTab {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch {
    return {};
  }
}

function writeCounts(key: string, counts: UnconfirmedByTab): void {
  try {
    if (Object.keys(counts).length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(counts));
  } catch {
    // Storage full or disabled: the count after a reload may be low; the changes themselves are in IndexedDB.
  }
}
