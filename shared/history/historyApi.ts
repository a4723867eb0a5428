// The answers of the history endpoints (server/http/historyRoutes.ts), as both sides read
// them: binary parts travel as base64 in JSON.
export const HISTORY_PATH = 'history';
export const HISTORY_LOG_PATH = 'history/log';

/** One page of moments: `next` is the `after` of the following page, or null at the end. */
export interface HistoryMomentsPage {
  moments: { seq: number; at: number; change: string }[];
  next: number | null;
}

/** One page of the stored log (a compacted stretch comes as one merged entry). */
export interface HistoryLogPage {
  entries: { seq: number; update: string }[];
  next: number | null;
}
