// Loads a board's history from the relay's HTTP API in parts (docs/history.md): every page
// of moments first, then the stored log page by page — the log read after the moments
// holds every struct they name — each part handed to the BoardHistory as it arrives, so
// a caller can show the timeline while the rest still loads. Plain fetch: the tests run
// it in Node against the real server.
import * as buffer from 'lib0/buffer';
import { bearer } from '../../shared/access.ts';
import type { BoardHistory } from '../../shared/history/boardHistory.ts';
import { HISTORY_LOG_PATH, HISTORY_PATH, type HistoryLogPage, type HistoryMomentsPage } from '../../shared/history/historyApi.ts';

export interface HistorySource {
  /** The server's origin ('' in the browser: the page's own). */
  origin: string;
  boardId: string;
  /** One of the board's link secrets: what it may view is what the history shows. */
  secret: string;
}

export interface LoadProgress {
  moments: number;
  logBytes: number;
  done: boolean;
}

export class HistoryLoadError extends Error {}

export async function loadHistory(
  source: HistorySource,
  history: BoardHistory,
  onProgress: (progress: LoadProgress) => void = () => {},
  options: { momentsPerPage?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const progress: LoadProgress = { moments: 0, logBytes: 0, done: false };
  let after: number | null = null;
  do {
    const params = new URLSearchParams();
    if (after !== null) params.set('after', String(after));
    if (options.momentsPerPage) params.set('limit', String(options.momentsPerPage));
    const page: HistoryMomentsPage = await getJson(source, HISTORY_PATH, params, options.signal);
    history.addMoments(page.moments.map((moment) => ({ seq: moment.seq, at: moment.at, change: buffer.fromBase64(moment.change) })));
    progress.moments += page.moments.length;
    onProgress({ ...progress });
    after = page.next;
  } while (after !== null);
  let logAfter: number | null = null;
  do {
    const params = new URLSearchParams();
    if (logAfter !== null) params.set('after', String(logAfter));
    const page: HistoryLogPage = await getJson(source, HISTORY_LOG_PATH, params, options.signal);
    for (const entry of page.entries) {
      const update = buffer.fromBase64(entry.update);
      history.addLog(update);
      progress.logBytes += update.byteLength;
    }
    logAfter = page.next;
    onProgress({ ...progress, done: logAfter === null });
  } while (logAfter !== null);
}

async function getJson<T>(source: HistorySource, path: string, params: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const query = params.size > 0 ? `?${params}` : '';
  const response = await fetch(`${source.origin}/api/boards/${source.boardId}/${path}${query}`, {
    headers: { Authorization: bearer(source.secret) },
    signal,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new HistoryLoadError(body?.error ?? `The board's history could not be loaded (HTTP ${response.status}).`);
  }
  return (await response.json()) as T;
}
