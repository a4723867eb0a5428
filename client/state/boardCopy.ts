// The copy of a big board the relay kept as it last let the board go
// (server/http/boardCopyRoute.ts). A page opening the board with no copy of its own fetches
// it as it starts — before the board's code has run — and draws the board from it while
// the relay loads the board (0.3–1.1 s for 2,000 beliefs × 30 people); its socket then
// brings only what the copy lacks. It comes as a gzip file (0.4 MB for those 6 MB),
// inflated here in one go (inflate.ts).
import { bearer } from '../../shared/access.ts';
import { boardCopyPath } from '../../shared/protocol.ts';
import { inflate, inflates } from './inflate.ts';
import { offlineCopyKept } from './offlineStore.ts';

/**
 * How long a page waits for the copy before it connects without it: the copy is worth
 * waiting for only while it comes faster than the relay's own first reply would.
 */
export const BOARD_COPY_WAIT_MS = 3_000;

/** Copies asked for before the board's code loaded, by board and secret. */
const early = new Map<string, Promise<Uint8Array | null>>();

/**
 * Asks for the copy as the page starts, unless this browser keeps a copy of its own; true
 * when it asked (the page then tells the server so as it asks about its link: accessRequests.ts).
 */
export function fetchBoardCopyEarly(boardId: string, secret: string): boolean {
  if (offlineCopyKept(boardId) || !inflates('gzip')) return false;
  early.set(`${boardId} ${secret}`, fetchBoardCopy(boardId, secret));
  return true;
}

/**
 * The relay's copy of the board (a Yjs update), or null when there is none to use: none
 * kept, the link refused, no answer within BOARD_COPY_WAIT_MS. Never rejects: without a
 * copy the board comes whole over its socket, as it always could.
 */
export function takeBoardCopy(boardId: string, secret: string): Promise<Uint8Array | null> {
  const key = `${boardId} ${secret}`;
  const asked = early.get(key) ?? (inflates('gzip') ? fetchBoardCopy(boardId, secret) : Promise.resolve(null));
  early.delete(key);
  return asked;
}

async function fetchBoardCopy(boardId: string, secret: string): Promise<Uint8Array | null> {
  try {
    const response = await fetch(boardCopyPath(boardId), {
      headers: { Authorization: bearer(secret) },
      signal: AbortSignal.timeout(BOARD_COPY_WAIT_MS),
    });
    if (response.status !== 200) return null;
    const gzipped = new Uint8Array(await response.arrayBuffer());
    // A gzip file ends with its inflated length (mod 2³², and boards are far smaller).
    if (gzipped.length < 18) return null;
    const length = new DataView(gzipped.buffer, gzipped.byteOffset + gzipped.length - 4, 4).getUint32(0, true);
    return new Uint8Array(await inflate(gzipped, length, 'gzip'));
  } catch {
    return null;
  }
}
