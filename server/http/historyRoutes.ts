// GET /api/boards/<id>/history?after=<seq>&limit=<n>: the board's moments, a page at a
// time; GET /api/boards/<id>/history/log?after=<seq>: its stored log, a page of at most
// HISTORY_LOG_PAGE_BYTES at a time. For anyone holding one of the board's secrets
// (Authorization: Bearer <secret>), as viewing the board needs: the log holds what the
// document holds, which every link already syncs — sealed positions and private notes are
// never in it (docs/history.md). Except on a board whose answers are or were anonymous
// (docs/groups.md, "Anonymity levels"): its log holds the named answers from before
// the switch beside the pseudonymous ones, and stepping from one to the other pairs them,
// so its history is refused to every link, as the relay never serves its raw log either.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as buffer from 'lib0/buffer';
import * as Y from 'yjs';
import { hasPseudonymousAnswers, isAnonymous, readAnonymity } from '../../shared/anonymity.ts';
import type { HistoryLogPage, HistoryMomentsPage } from '../../shared/history/historyApi.ts';
import { HISTORY_LOG_PAGE_BYTES, HISTORY_MOMENTS_PER_PAGE } from '../../shared/limits.ts';
import type { ReadSlots } from '../limits/readSlots.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { readableRequest, readerRole } from './accessRoutes.ts';
import { historyRedaction } from './historyRedaction.ts';
import { sendCompressibleJson, sendError } from './responses.ts';

const HISTORY_ROUTE = /^\/api\/boards\/([^/]*)\/history(\/log)?$/;

/** Answers the request when its path is a history route; false when it is not one. */
export async function routeBoardHistory(req: IncomingMessage, res: ServerResponse, pathname: string, store: BoardStore, reads: ReadSlots): Promise<boolean> {
  const match = HISTORY_ROUTE.exec(pathname);
  if (!match) return false;
  const [, boardId, log] = match;
  if (!readableRequest(req, res, boardId, reads, ['GET'])) return true;
  const query = new URL(req.url ?? '/', 'http://server').searchParams;
  // Without "after", from the start: a LevelDB log's first entry is numbered 0.
  const after = wholeNumber(query.get('after'), -1);
  const limit = wholeNumber(query.get('limit'), HISTORY_MOMENTS_PER_PAGE);
  if (after === null || limit === null || limit < 1 || limit > HISTORY_MOMENTS_PER_PAGE) {
    sendError(res, 400, `"after" must be a whole number, and "limit" a whole number from 1 to ${HISTORY_MOMENTS_PER_PAGE}.`);
    return true;
  }
  if ((await readerRole(req, res, store, boardId, 'The history and its log')) === null) return true;
  if (await answersAreOrWereAnonymous(store, boardId)) {
    sendError(res, 403, 'This board\'s answers are (or were) anonymous, so its history is not shown: stepping through it would show whose answers were whose.');
    return true;
  }
  if (log) sendCompressibleJson(req, res, 200, await logPage(store, boardId, after));
  else sendCompressibleJson(req, res, 200, await momentsPage(store, boardId, after, limit));
  return true;
}

/**
 * Anonymous now, or answers under pseudonyms in the board, or pseudonyms ever handed out
 * (kept by the relay for good): the same test the relay makes before serving a stored log.
 */
async function answersAreOrWereAnonymous(store: BoardStore, boardId: string): Promise<boolean> {
  const sealed = await store.loadSealed(boardId);
  if (sealed && sealed.pseudonyms.size > 0) return true;
  const stored = await store.loadBoard(boardId);
  if (!stored) return false;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored.state);
    return isAnonymous(readAnonymity(doc).level) || hasPseudonymousAnswers(doc);
  } finally {
    doc.destroy();
  }
}

async function momentsPage(store: BoardStore, boardId: string, after: number, limit: number): Promise<HistoryMomentsPage> {
  const moments = await store.momentsSince(boardId, after, limit);
  return {
    moments: moments.map(({ seq, at, change }) => ({ seq, at, change: buffer.toBase64(change) })),
    next: moments.length === limit ? moments.at(-1)!.seq : null,
  };
}

async function logPage(store: BoardStore, boardId: string, after: number): Promise<HistoryLogPage> {
  // The whole log is read to learn what was deleted since (historyRedaction.ts), then served a page at a time.
  const whole = await store.updatesSince(boardId, -1);
  const roster = await store.loadRoster(boardId);
  const removed = new Set(Array.from(roster?.participants ?? [], ([id, entry]) => (entry.removed ? id : null)).filter((id) => id !== null));
  const redaction = historyRedaction(
    whole.map((entry) => entry.update),
    removed,
  );
  const log = whole.filter((entry) => entry.seq > after);
  const entries: HistoryLogPage['entries'] = [];
  let bytes = 0;
  for (const entry of log) {
    if (entries.length > 0 && bytes + entry.update.byteLength > HISTORY_LOG_PAGE_BYTES) break;
    entries.push({ seq: entry.seq, update: buffer.toBase64(redaction.redact(entry.update)) });
    bytes += entry.update.byteLength;
  }
  return { entries, next: entries.length < log.length ? entries.at(-1)!.seq : null };
}

function wholeNumber(value: string | null, otherwise: number): number | null {
  if (value === null) return otherwise;
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}
