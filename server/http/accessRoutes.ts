// The board API that needs a link secret, sent as `Authorization: Bearer <secret>` (never
// in the URL, so it stays out of logs): which role a secret grants, and, for the
// facilitator, new participant and view links. Ids are checked before any lookup. The
// board's title comes with the role only when asked (`?title=1`, by the screen that asks a
// newcomer's name): reading it loads the board, which the other callers need not pay for.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../shared/access.ts';
import { isBoardId } from '../../shared/ids.ts';
import type { AccessResponse, RotateResponse } from '../../shared/protocol.ts';
import { decideAccess, rotateSecrets } from '../access/boardAccess.ts';
import type { ReadSlots } from '../limits/readSlots.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { requireJsonRequest } from './jsonRequest.ts';
import { sendError, sendJson } from './responses.ts';

const ACCESS_ROUTE = /^\/api\/boards\/([^/]*)\/(access|rotate)$/;

export interface AccessRouteOptions {
  store: BoardStore;
  /** The participant and view secrets of a board were replaced: close their sessions. */
  onRotated(boardId: string): void;
  /**
   * A browser with a valid link is opening the board (its connection will follow): loads
   * it, and resolves with its title (null: no such board).
   */
  onOpening(boardId: string): Promise<string | null>;
}

/** Answers the request when its path is an access route; false when it is not one. */
export async function routeBoardAccess(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  options: AccessRouteOptions,
): Promise<boolean> {
  const match = ACCESS_ROUTE.exec(pathname);
  if (!match) return false;
  const [, boardId, action] = match;
  const method = action === 'access' ? 'GET' : 'POST';
  if (req.method !== method) {
    res.setHeader('Allow', method);
    sendError(res, 405, `Use ${method} here.`);
    return true;
  }
  // Rotation needs no body, but like every POST it must say JSON (jsonRequest.ts).
  if (method === 'POST' && !requireJsonRequest(req, res)) return true;
  if (!isBoardId(boardId)) {
    sendError(res, 400, 'That is not a board id.');
    return true;
  }
  const decision = await decideAccess(options.store, boardId, bearerSecret(req));
  if ('refused' in decision) {
    if (decision.refused === 'unknown-board') sendError(res, 404, 'There is no board with this id.');
    else {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'This link is not valid — ask the facilitator for a new one');
    }
    return true;
  }
  if (action === 'access') {
    // A page asks this first, as it opens the board: the relay starts loading the board
    // now rather than when the page's socket arrives (a 6 MB board takes it 0.3–0.7 s).
    // The title, when asked for, comes from that one load: a crowd of first visits at a big
    // board costs one load, not one each.
    const query = new URL(req.url ?? '', 'http://server').searchParams;
    const withTitle = query.get('title') === '1';
    const opening = (await drawsFromCopy(query, withTitle, options.store, boardId)) ? Promise.resolve(null) : options.onOpening(boardId);
    // Without the title nobody waits for it; the relay has logged a failure.
    if (!withTitle) opening.catch(() => {});
    const answer: AccessResponse = { role: decision.role };
    if (decision.personal) answer.participant = { id: decision.personal.participantId, name: decision.personal.name };
    if (decision.sharedLinkViewsOnly) answer.sharedLinkViewsOnly = true;
    if (withTitle) answer.title = (await opening) ?? '';
    sendJson(res, 200, answer);
    return true;
  }
  if (decision.role !== 'facilitate') {
    sendError(res, 403, 'Only the facilitator link can replace the participant and view-only links.');
    return true;
  }
  const answer: RotateResponse = { links: await rotateSecrets(options.store, boardId) };
  options.onRotated(boardId);
  sendJson(res, 200, answer);
  return true;
}

/**
 * Whether the page asking fetches the board's copy (`copy=1`, client/state/boardCopy.ts) and
 * the copy it gets is good: then the board is not loaded ahead of its socket. The load's last
 * step, applying the whole stored state, holds the relay's event loop 0.3–1.1 s for 2,000
 * beliefs × 30 people, and the copy's answer with it (measured: copies arriving 1.1–1.2 s
 * after they were asked for), and takes a core the page then wants for applying the copy,
 * where both share one machine (applied in 1.5 s instead of 0.9). The page connects once it
 * has drawn the copy, and its socket has the board loaded then.
 */
async function drawsFromCopy(query: URLSearchParams, withTitle: boolean, store: BoardStore, boardId: string): Promise<boolean> {
  return query.get('copy') === '1' && !withTitle && (await store.hasBoardCopy(boardId));
}

export function bearerSecret(req: IncomingMessage): string | null {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

/**
 * The checks a read-only board route makes before any lookup: the method (405, saying
 * which it takes), the form of the board id (400), and a free read slot for the asker's
 * address (429, ReadSlots); false when it has answered.
 */
export function readableRequest(req: IncomingMessage, res: ServerResponse, boardId: string, reads: ReadSlots, methods: readonly string[] = ['GET', 'HEAD']): boolean {
  if (!methods.includes(req.method ?? 'GET')) {
    res.setHeader('Allow', methods.join(', '));
    sendError(res, 405, 'Use GET here.');
    return false;
  }
  if (!isBoardId(boardId)) {
    sendError(res, 400, 'That is not a board id.');
    return false;
  }
  return reads.take(req, res);
}

/**
 * The role the request's link secret gives on the board, for a read-only endpoint; when it
 * gives none, answers 404 (no such board) or 401 with words saying that `what` needs one of
 * the board's links, and resolves with null. A personal link whose participant the
 * facilitator removed gives none (403): the relay closes their socket and refuses them
 * again, and the board's exports, history and copy hold what that socket would.
 */
export async function readerRole(req: IncomingMessage, res: ServerResponse, store: BoardStore, boardId: string, what: string): Promise<Role | null> {
  const decision = await decideAccess(store, boardId, bearerSecret(req));
  if (!('refused' in decision)) {
    const removed = decision.personal && (await store.loadRoster(boardId))?.participants.get(decision.personal.participantId)?.removed === true;
    if (!removed) return decision.role;
    sendError(res, 403, 'The facilitator removed you from this board.');
    return null;
  }
  if (decision.refused === 'unknown-board') sendError(res, 404, 'There is no board with this id.');
  else {
    res.setHeader('WWW-Authenticate', 'Bearer');
    sendError(res, 401, `${what} need one of the board's links: send its secret as "Authorization: Bearer <secret>".`);
  }
  return null;
}
