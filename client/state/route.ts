// Which page this tab shows, read from the address bar. Two routes need no router
// library: in-app links push history entries, and Back/Forward arrive as popstate.
import { isBoardId } from '../../shared/ids.ts';
import { BOARD_PATH } from '../../shared/protocol.ts';
import { ValueStore } from './externalStore.ts';

export type Route =
  | { page: 'home' }
  | { page: 'board'; boardId: string }
  /** A /b/ address whose id cannot be a board id (a typo or a truncated link). */
  | { page: 'bad-board-link' }
  | { page: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const prefix = `${BOARD_PATH}/`;
  if (pathname.startsWith(prefix)) {
    const boardId = pathname.slice(prefix.length).replace(/\/$/, '');
    return isBoardId(boardId) ? { page: 'board', boardId } : { page: 'bad-board-link' };
  }
  return { page: 'not-found' };
}

/** The current pathname; App subscribes to it. */
export const currentPath = new ValueStore<string>(location.pathname);

export function navigate(path: string): void {
  if (path !== location.pathname) history.pushState(null, '', path);
  currentPath.set(location.pathname);
  window.scrollTo(0, 0);
}

/**
 * Keeps currentPath in step with Back and Forward, and lets plain `<a href>` elements
 * navigate inside the app: a left click without modifier keys on a same-origin link
 * becomes a pushState; everything else (new tab, download, other sites) keeps the
 * browser's behaviour.
 */
export function startInAppNavigation(root: HTMLElement): () => void {
  const onPopState = () => currentPath.set(location.pathname);
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname);
  };
  window.addEventListener('popstate', onPopState);
  root.addEventListener('click', onClick);
  return () => {
    window.removeEventListener('popstate', onPopState);
    root.removeEventListener('click', onClick);
  };
}
