// GET /api/boards/<id>/export.json, export.md, export.csv, summary.csv, groups.csv and
// actions.csv: the board's snapshot and the text exports made from it, for anyone holding
// one of the board's secrets (Authorization: Bearer <secret>), as viewing the board needs.
// `export.md?since=<ISO date or time>` opens the summary with what changed since then.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportFileName } from '../../shared/exports/exportTime.ts';
import { parseSince } from '../../shared/exports/retroText.ts';
import { TEXT_EXPORTS, type TextExportId } from '../../shared/exports/textFormats.ts';
import { loadSnapshot } from '../snapshotBoards.ts';
import type { ReadSlots } from '../limits/readSlots.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { readableRequest, readerRole } from './accessRoutes.ts';
import { sendCompressible, sendError } from './responses.ts';

/** The last part of each route's path, and the export it answers with. */
const ROUTE_EXPORTS: Readonly<Record<string, TextExportId>> = {
  'export.json': 'json',
  'export.md': 'md',
  'export.csv': 'csv',
  'summary.csv': 'summary-csv',
  'groups.csv': 'groups-csv',
  'actions.csv': 'actions-csv',
};

const EXPORT_ROUTE = /^\/api\/boards\/([^/]*)\/(export\.json|export\.md|export\.csv|summary\.csv|groups\.csv|actions\.csv)$/;

/** RFC 6266: a plain ASCII fallback and the exact UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Answers the request when its path is an export route; false when it is not one. */
export async function routeBoardExport(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  store: BoardStore,
  reads: ReadSlots,
): Promise<boolean> {
  const match = EXPORT_ROUTE.exec(pathname);
  if (!match) return false;
  const [, boardId, which] = match;
  if (!readableRequest(req, res, boardId, reads)) return true;
  const sinceParam = new URL(req.url ?? '/', 'http://local').searchParams.get('since');
  const since = sinceParam === null ? null : parseSince(sinceParam);
  if (sinceParam !== null && since === null) {
    sendError(res, 400, '"since" must be a date such as 2026-03-14, or a time such as 2026-03-14T09:00Z.');
    return true;
  }
  const role = await readerRole(req, res, store, boardId, 'Exports');
  if (role === null) return true;
  const snapshot = await loadSnapshot(store, boardId, Date.now(), role);
  if (!snapshot) {
    sendError(res, 404, 'There is no board with this id.');
    return true;
  }
  const format = TEXT_EXPORTS[ROUTE_EXPORTS[which]];
  const body = format.render(snapshot, { since });
  sendCompressible(req, res, 200, {
    'Content-Type': format.contentType,
    'Content-Disposition': contentDisposition(exportFileName(snapshot.title, snapshot.exportedAt, format.extension)),
    'Cache-Control': 'no-store',
  }, body);
  return true;
}
