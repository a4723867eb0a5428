// The boards this browser has opened, newest first, for the home page.
const KEY = 'beliefmap.recentBoards.v1';
const MAX_RECENT = 50;

export interface RecentBoard {
  id: string;
  title: string;
  openedAt: number;
}

export function loadRecentBoards(): RecentBoard[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    // Repair what another version (or a hand edit) left behind instead of crashing on it.
    return parsed
      .filter((b) => typeof b?.id === 'string')
      .map((b) => ({
        id: b.id,
        title: typeof b.title === 'string' ? b.title : '',
        openedAt: Number.isFinite(b.openedAt) ? b.openedAt : 0,
      }));
  } catch {
    return [];
  }
}

export function rememberBoard(id: string, title: string): void {
  const rest = loadRecentBoards().filter((b) => b.id !== id);
  const next = [{ id, title, openedAt: Date.now() }, ...rest].slice(0, MAX_RECENT);
  localStorage.setItem(KEY, JSON.stringify(next));
}

export function forgetBoard(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(loadRecentBoards().filter((b) => b.id !== id)));
}
