// The first visit to a board from this browser: a name before anything else, because
// every note, cursor and position carries it.
import { useEffect } from 'react';
import { NameForm } from './NameForm.tsx';

export function JoinDialog({ onJoin }: { onJoin(name: string): void }) {
  useEffect(() => {
    document.title = 'Join board — Beliefmap';
  }, []);

  return (
    <main className="page page--narrow">
      <section className="card" role="dialog" aria-labelledby="join-heading" aria-describedby="join-hint">
        <h1 id="join-heading">Join this board</h1>
        <p id="join-hint" className="muted">
          Your name is shown to the others on this board next to your notes and your cursor. This browser will
          remember it.
        </p>
        <NameForm submitLabel="Join board" onSubmit={onJoin} />
      </section>
    </main>
  );
}
