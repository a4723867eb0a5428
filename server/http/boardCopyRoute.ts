// GET /api/boards/<id>/copy: the board's whole state as a gzipped Yjs update, from the copy the
// relay kept as it last let the board go (Rooms.unload), for anyone holding one of the
// board's secrets (Authorization: Bearer <secret>), as viewing the board needs. A page
// opening a big board asks for it as it starts and draws it while the relay loads the
// board, then connects for only what the copy lacks (client/state/boardCopy.ts).
//
// 204 when there is no copy to trust: none was kept (a small board, never unloaded), or
// anything was stored after it — an older copy can hold what later changes took away.
// The copy holds exactly what the relay's first reply on a socket would: the document's
// own encoding, the same for every link.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReadSlots } from '../limits/readSlots.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { readableRequest, readerRole } from './accessRoutes.ts';

const COPY_ROUTE = /^\/api\/boards\/([^/]*)\/copy$/;

/** Answers the request when its path is the copy route; false when it is not. */
export async function routeBoardCopy(req: IncomingMessage, res: ServerResponse, pathname: string, store: BoardStore, reads: ReadSlots): Promise<boolean> {
  const match = COPY_ROUTE.exec(pathname);
  if (!match) return false;
  const [, boardId] = match;
  if (!readableRequest(req, res, boardId, reads)) return true;
  if ((await readerRole(req, res, store, boardId, 'The board')) === null) return true;
  const gzipped = await store.loadBoardCopy(boardId);
  if (!gzipped) {
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
    return true;
  }
  // Sent as the gzip file it is kept as, not with Content-Encoding: a browser would inflate
  // it on its network thread and hand the page 6 MB in many chunks, each a turn of a main
  // thread busy starting (0.5 s measured); 0.4 MB come in a few, and the page inflates them
  // in one go (client/state/boardCopy.ts). No secret of the asker's is in it (BREACH).
  res.writeHead(200, {
    'Content-Type': 'application/gzip',
    'Content-Length': gzipped.length,
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : gzipped);
  return true;
}
