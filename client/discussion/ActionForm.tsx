// Adding an action to a belief: what (a suggestion from the belief's quadrant one press
// away, the words the team's), who (a person on the board, or a name written in), by when.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ActionFields } from '../../shared/beliefActions.ts';
import { MAX_ACTION_TEXT, MAX_DISPLAY_NAME } from '../../shared/limits.ts';
import type { ParticipantRecord } from '../../shared/schema.ts';
import type { Outcome } from '../editor/discussion.ts';
import type { NameOf } from './people.ts';

const SOMEONE_ELSE = '\u0000someone-else';

interface ActionFormProps {
  suggestions: readonly string[];
  participants: ReadonlyMap<string, ParticipantRecord>;
  nameOf: NameOf;
  onAdd(fields: ActionFields): Outcome;
}

export function ActionForm({ suggestions, participants, nameOf, onAdd }: ActionFormProps) {
  const [text, setText] = useState('');
  const [who, setWho] = useState('');
  const [otherName, setOtherName] = useState('');
  const [due, setDue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { what: useId(), who: useId(), other: useId(), due: useId(), problem: useId() };
  const what = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const outcome = onAdd({
      text,
      ownerId: who && who !== SOMEONE_ELSE ? who : null,
      ownerName: who === SOMEONE_ELSE ? otherName : '',
      due: due === '' ? null : due,
    });
    setProblem(outcome);
    if (outcome === null) {
      setText('');
      setWho('');
      setOtherName('');
      setDue('');
    }
    what.current?.focus();
  };

  return (
    <form className="action-form" onSubmit={submit} aria-label="Add an action">
      {suggestions.length > 0 && (
        <p className="action-form__suggestions">
          Suggested for this quadrant:{' '}
          {suggestions.map((suggestion) => (
            <button
              key={suggestion}
              type="button"
              className="button button--quiet"
              onClick={() => {
                setText(suggestion);
                what.current?.focus();
              }}
            >
              {suggestion}
            </button>
          ))}
        </p>
      )}
      <div className="action-form__fields">
        <label htmlFor={ids.what}>What</label>
        <input id={ids.what} ref={what} value={text} maxLength={MAX_ACTION_TEXT} onChange={(event) => setText(event.target.value)} aria-describedby={problem ? ids.problem : undefined} />
        <label htmlFor={ids.who}>Who</label>
        <select id={ids.who} value={who} onChange={(event) => setWho(event.target.value)}>
          <option value="">Nobody yet</option>
          {[...participants.keys()].map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
          <option value={SOMEONE_ELSE}>Someone else…</option>
        </select>
        {who === SOMEONE_ELSE && (
          <>
            <label htmlFor={ids.other}>Their name</label>
            <input id={ids.other} value={otherName} maxLength={MAX_DISPLAY_NAME} onChange={(event) => setOtherName(event.target.value)} />
          </>
        )}
        <label htmlFor={ids.due}>By when</label>
        <input id={ids.due} type="date" value={due} onChange={(event) => setDue(event.target.value)} />
        <button type="submit" className="button button--primary">
          Add action
        </button>
      </div>
      {problem && (
        <p id={ids.problem} role="alert" className="form-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
