// The form that starts a new board: an optional title and a template.
import { useId, useState, type FormEvent } from 'react';
import { MAX_BOARD_TITLE } from '../../shared/limits.ts';
import type { Template } from '../../shared/schema.ts';
import { openNewBoard, requestNewBoard } from './createBoardRequest.ts';

const TEMPLATE_CHOICES: { value: Template; label: string; hint: string }[] = [
  { value: 'belief-map', label: 'Belief map', hint: 'The 2×2 matrix: convergence against whether it serves us.' },
  { value: 'blank', label: 'Blank board', hint: 'An empty canvas for brainstorming first.' },
];

export function CreateBoardForm() {
  const titleId = useId();
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<Template>('belief-map');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const board = await requestNewBoard({ title: title.trim(), template });
      openNewBoard(board);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form className="card create-board" onSubmit={submit} aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`}>Start a board</h2>
      <label htmlFor={titleId}>Board title</label>
      <input
        id={titleId}
        type="text"
        value={title}
        maxLength={MAX_BOARD_TITLE}
        placeholder="e.g. What we believe about onboarding"
        onChange={(e) => setTitle(e.target.value)}
      />
      <fieldset>
        <legend>Template</legend>
        {TEMPLATE_CHOICES.map((choice) => (
          <div key={choice.value} className="choice">
            <label>
              <input
                type="radio"
                name="template"
                value={choice.value}
                checked={template === choice.value}
                aria-describedby={`${titleId}-${choice.value}-hint`}
                onChange={() => setTemplate(choice.value)}
              />
              {choice.label}
            </label>
            <span className="choice__hint" id={`${titleId}-${choice.value}-hint`}>
              {choice.hint}
            </span>
          </div>
        ))}
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create board'}
      </button>
    </form>
  );
}
