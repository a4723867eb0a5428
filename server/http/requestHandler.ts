// Every plain HTTP request: health, the board API, board pages and the built client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as Y from 'yjs';
import { isBoardId } from '../../shared/ids.ts';
import { clientAddress } from '../access/clientAddress.ts';
import { MAX_API_BODY_BYTES, MAX_SNAPSHOT_BYTES } from '../../shared/limits.ts';
import { BOARD_PATH, boardPath, type CreateBoardRequest, type CreateBoardResponse } from '../../shared/protocol.ts';
import { InvalidBoardRequest, newBoardDoc, storeNewBoard } from '../boards.ts';
import { boardDocFromSnapshot, isSnapshotBody } from '../snapshotBoards.ts';
import type { RelayStats } from '../relay/relay.ts';
import { StoreError, type BoardStore } from '../store/boardStore.ts';
import type { PerMinute } from '../limits/counters.ts';
import type { ReadSlots } from '../limits/readSlots.ts';
import { routeBoardAccess } from './accessRoutes.ts';
import { routeBoardCopy } from './boardCopyRoute.ts';
import { routeBoardExport } from './exportRoutes.ts';
import { routeBoardHistory } from './historyRoutes.ts';
import { routeBoardMembers } from './memberRoutes.ts';
import { NO_BOARD_PAGE, NO_BOARD_PAGE_CSP, NO_PAGE } from './noBoardPage.ts';
import { requireJsonRequest } from './jsonRequest.ts';
import { BodyError, readJsonBody } from './readJsonBody.ts';
import { applySecurityHeaders, sendError, sendHtml, sendJson, sendText } from './responses.ts';
import type { StaticFiles } from './staticFiles.ts';

export interface RequestHandlerOptions {
  store: BoardStore;
  /** null in dev mode, where Vite serves the client. */
  staticFiles: StaticFiles | null;
  stats(): RelayStats;
  startedAt: number;
  log(line: string): void;
  /** Boards created per IP address in the last minute. */
  boardsCreated: PerMinute;
  /** Answers of the read-only board routes in progress per IP address. */
  reads: ReadSlots;
  /** Reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustedProxies: readonly string[];
  /** A board's participant and view secrets were replaced: close their sessions. */
  onRotated(boardId: string): void;
  /** A browser with a valid link is opening the board: loads it; resolves with its title (accessRoutes.ts). */
  onOpening(boardId: string): Promise<string | null>;
  /** A personal link was withdrawn: close the sessions that came through it. */
  onPersonalRevoked(boardId: string, participantId: string): void;
  /** "Personal links only" changed: the shared participant link's sessions reconnect. */
  onSharedLinkChanged(boardId: string): void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function createRequestHandler(options: RequestHandlerOptions): Handler {
  return (req, res) => {
    applySecurityHeaders(res);
    route(req, res, options).catch((error: unknown) => {
      options.log(`${req.method} ${req.url} failed: ${String(error)}`);
      if (res.headersSent) res.destroy();
      // The store is unreachable (a database down): nothing was done; it may work again soon.
      else if (error instanceof StoreError) sendError(res, 503, 'The server cannot reach where boards are kept right now; nothing was changed. Try again in a moment.');
      else sendError(res, 500, 'The server could not answer this request; try again in a moment.');
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions): Promise<void> {
  const method = req.method ?? 'GET';
  const pathname = pathnameOf(req.url);
  if (pathname === null) return sendError(res, 400, 'That is not a valid address.');

  if (pathname === '/api/boards') {
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    return createBoardRoute(req, res, options);
  }
  if (await routeBoardAccess(req, res, pathname, options)) return;
  if (await routeBoardMembers(req, res, pathname, options)) return;
  if (await routeBoardCopy(req, res, pathname, options.store, options.reads)) return;
  if (await routeBoardExport(req, res, pathname, options.store, options.reads)) return;
  if (await routeBoardHistory(req, res, pathname, options.store, options.reads)) return;
  if (pathname.startsWith('/api/')) return sendError(res, 404, 'There is no such API.');

  const headOnly = method === 'HEAD';
  if (method !== 'GET' && !headOnly) return methodNotAllowed(res, 'GET, HEAD');

  if (pathname === '/healthz') {
    return sendJson(res, 200, {
      ok: true,
      ...options.stats(),
      uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000),
    });
  }
  if (pathname.startsWith(`${BOARD_PATH}/`)) {
    const id = pathname.slice(BOARD_PATH.length + 1);
    if (!isBoardId(id) || !(await options.store.hasBoard(id))) {
      res.setHeader('Content-Security-Policy', NO_BOARD_PAGE_CSP);
      return sendHtml(res, 404, NO_BOARD_PAGE, headOnly);
    }
    return serveApp(req, res, options.staticFiles, headOnly, 'board');
  }
  if (pathname === '/') return serveApp(req, res, options.staticFiles, headOnly, 'home');

  const result = options.staticFiles ? await options.staticFiles.serveFile(pathname, res, headOnly, req.headers) : 'not-found';
  if (result === 'bad-path') sendText(res, 400, 'That is not a valid path.');
  else if (result === 'not-found' && pathname.startsWith('/assets/')) sendText(res, 404, 'Nothing here.');
  else if (result === 'not-found') {
    // A person typed or followed this address: answer in words, with a way home.
    res.setHeader('Content-Security-Policy', NO_BOARD_PAGE_CSP);
    sendHtml(res, 404, NO_PAGE, headOnly);
  }
}

/**
 * Every check a request can fail comes before the quota: a refused request (not JSON,
 * malformed, too deep, too large, a damaged snapshot) spends none of the address's boards.
 */
async function createBoardRoute(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions): Promise<void> {
  if (!requireJsonRequest(req, res)) return;
  let body: unknown;
  try {
    // No body at all means "a blank board with no title"; a JSON null is a mistake.
    // A snapshot import may be large; any other body must stay within the API's limit.
    const parsed = await readJsonBody(req, MAX_SNAPSHOT_BYTES);
    body = parsed === undefined ? {} : parsed;
  } catch (error) {
    if (error instanceof BodyError) return sendError(res, error.status, error.message);
    throw error;
  }
  if (!isSnapshotBody(body) && JSON.stringify(body).length > MAX_API_BODY_BYTES) {
    return sendError(res, 413, `The request body is larger than ${MAX_API_BODY_BYTES} bytes.`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendError(res, 400, 'Send a JSON object, for example {"title": "Our beliefs"}.');
  }
  let doc: Y.Doc;
  try {
    doc = isSnapshotBody(body) ? boardDocFromSnapshot(body) : newBoardDoc(body as CreateBoardRequest);
  } catch (error) {
    if (error instanceof InvalidBoardRequest) return sendError(res, 400, error.message);
    throw error;
  }
  let board: Awaited<ReturnType<typeof storeNewBoard>>;
  try {
    if (!options.boardsCreated.tryRecord(clientAddress(req, options.trustedProxies))) {
      return sendError(res, 429, 'Too many boards were created from your network in the last minute; try again in a minute.');
    }
    board = await storeNewBoard(options.store, doc);
  } finally {
    doc.destroy();
  }
  const answer: CreateBoardResponse = { id: board.id, url: board.links.facilitate, links: board.links };
  // The page, without the secret: a Location header may be logged on the way.
  res.setHeader('Location', boardPath(board.id));
  sendJson(res, 201, answer);
}

async function serveApp(req: IncomingMessage, res: ServerResponse, staticFiles: StaticFiles | null, headOnly: boolean, page: 'home' | 'board'): Promise<void> {
  if (staticFiles) return staticFiles.serveApp(res, headOnly, req.headers, page);
  sendText(res, 404, 'This server runs without the client (dev mode): open the Vite dev server instead.');
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendError(res, 405, `Use ${allow} here.`);
}

function pathnameOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://server').pathname;
  } catch {
    return null;
  }
}
