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
    return Array.isArray(parsed) ? parsed.filter((b) => typeof b?.id === 'string') : [];
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
