// Picks the page for the address bar: home or a board. Everything else gets a page that
// says the link is wrong and leads home.
import { useEffect, useSyncExternalStore } from 'react';
import { BoardPage } from './board/BoardPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { currentPath, startInAppNavigation, parseRoute } from './state/route.ts';

export function App() {
  const path = useSyncExternalStore(currentPath.subscribe, currentPath.get);
  const route = parseRoute(path);

  useEffect(() => startInAppNavigation(document.body), []);

  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'board':
      // A new key per board: nothing of one board's session leaks into the next.
      return <BoardPage key={route.boardId} boardId={route.boardId} />;
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
