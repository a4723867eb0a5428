// Picks the page for the address bar: home or a board. Everything else gets a page that
// says the link is wrong and leads home. Each page is its own chunk, loaded when first
// shown: the home page does not download the canvas (Konva, Yjs), and the board page
// does not download the home page's forms (docs/performance.md, bundle).
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { currentPath, startInAppNavigation, parseRoute } from './state/route.ts';

const HomePage = lazy(() => import('./home/HomePage.tsx').then((module) => ({ default: module.HomePage })));
const BoardPage = lazy(() => import('./pages/BoardPage.tsx').then((module) => ({ default: module.BoardPage })));

export function App() {
  const path = useSyncExternalStore(currentPath.subscribe, currentPath.get);
  const route = parseRoute(path);

  useEffect(() => startInAppNavigation(document.body), []);

  switch (route.page) {
    case 'home':
      return (
        <Suspense fallback={null}>
          <HomePage />
        </Suspense>
      );
    case 'board':
      // A new key per board: nothing of one board's session leaks into the next.
      return (
        <Suspense fallback={null}>
          <BoardPage key={route.boardId} boardId={route.boardId} />
        </Suspense>
      );
    case 'bad-board-link':
      return <LostPage message="This is not a board link. Check that it was copied whole." />;
    case 'not-found':
      return <LostPage message="There is no page at this address." />;
  }
}

function LostPage({ message }: { message: string }) {
  useEffect(() => {
    document.title = 'Not found — Beliefmap';
  }, []);
  return (
    <main className="page page--narrow">
      <h1>Beliefmap</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}
