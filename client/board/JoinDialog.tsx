// The first visit to a board from this browser: a name before anything else, because
// every note, cursor and position carries it. It names the board, so a link opened from
// a chat says where it leads; a view-only link is told it will watch, not write.
import { useEffect } from 'react';
import { NameForm } from './NameForm.tsx';

interface JoinDialogProps {
  /** The board's title; '' for an untitled board, null when the server could not say. */
  title: string | null;
  /** The link only views the board: no note or position of mine will carry the name. */
  watching: boolean;
  onJoin(name: string): void;
}

export function JoinDialog({ title, watching, onJoin }: JoinDialogProps) {
  const named = title ? `“${title}”` : null;
  useEffect(() => {
    document.title = `${watching ? 'Watch' : 'Join'} ${title || 'board'} — Beliefmap`;
  }, [title, watching]);

  return (
    <main className="page page--narrow">
      <section className="card" role="dialog" aria-labelledby="join-heading" aria-describedby="join-hint">
        <h1 id="join-heading">
          {watching ? 'Watch' : 'Join'} {named ?? (title === '' ? 'an untitled board' : 'this board')}
        </h1>
        <p id="join-hint" className="muted">
          {watching
            ? 'This link lets you watch the board live; nothing you do here changes it. The others see how many people are watching. This browser will remember your name for boards you join later.'
            : 'Your name is shown to the others on this board next to your notes and your cursor. This browser will remember it.'}
        </p>
        <NameForm submitLabel="Join board" onSubmit={onJoin} />
      </section>
    </main>
  );
}
