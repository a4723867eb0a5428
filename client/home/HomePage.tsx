// The front door: start a board, or go back to one opened before.
import { useEffect } from 'react';
import { CreateBoardForm } from './CreateBoardForm.tsx';
import { ImportSnapshot } from './ImportSnapshot.tsx';
import { RecentBoards } from './RecentBoards.tsx';

export function HomePage() {
  useEffect(() => {
    document.title = 'Beliefmap';
  }, []);

  return (
    <main className="page home">
      <header className="home__intro">
        <h1>Beliefmap</h1>
        <p>
          Write down the beliefs your team runs on, say where each of you stands, and see where you converge
          and where you diverge.
        </p>
      </header>
      <div className="home__columns">
        <CreateBoardForm />
        <ImportSnapshot />
        <RecentBoards />
      </div>
    </main>
  );
}
