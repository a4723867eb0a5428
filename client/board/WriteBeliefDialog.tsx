// Cutler's prompt as a fill-in form: two blanks, three choices, a live preview of the
// sentence, and "Add belief" to put it on the board. A modal <dialog> keeps focus in the
// form until I add or cancel; Escape cancels.
import { useId, useRef, useState, type FormEvent } from 'react';
import {
  COMPETITOR_KINDS,
  composeBelief,
  hasProblems,
  INTENTS,
  STANDINGS,
  type BeliefPrompt,
  type CompetitorKind,
  type Intent,
  type Standing,
} from '../../shared/beliefPrompt.ts';
import { useModalDialog } from '../ui/useModalDialog.ts';

interface WriteBeliefDialogProps {
  /** Private writing is on: the sentence becomes my private note, not a note on the board yet. */
  privateNote?: boolean;
  /** Adds the belief; the dialog closes after. */
  onAdd(text: string): void;
  onCancel(): void;
}

const EMPTY_PROMPT: BeliefPrompt = { comparedTo: '', kind: 'current', standing: 'better', ability: '', intent: 'improve' };

export function WriteBeliefDialog({ privateNote = false, onAdd, onCancel }: WriteBeliefDialogProps) {
  const dialog = useModalDialog();
  const comparedToInput = useRef<HTMLInputElement>(null);
  const abilityInput = useRef<HTMLInputElement>(null);
  const [prompt, setPrompt] = useState(EMPTY_PROMPT);
  // Problems are shown once I try to add, then kept up to date as I fix them.
  const [triedToAdd, setTriedToAdd] = useState(false);
  const ids = useId();
  const { text, problems } = composeBelief(prompt);
  const shown = triedToAdd ? problems : {};

  const change = (patch: Partial<BeliefPrompt>) => setPrompt((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedToAdd(true);
    if (!hasProblems(problems)) {
      onAdd(text);
      return;
    }
    (problems.comparedTo ? comparedToInput : abilityInput).current?.focus();
  };

  const errorId = (field: string) => `${ids}-${field}-error`;

  return (
    <dialog
      ref={dialog}
      className="card write-belief"
      aria-labelledby={`${ids}-heading`}
      // A close that was followed by a new showModal (React's dev double effect) is no cancel.
      onClose={() => {
        if (!dialog.current?.open) onCancel();
      }}
      // The board's single-key shortcuts must not act on the board behind a modal dialog.
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id={`${ids}-heading`}>Write a belief</h2>
      <p className="muted">
        {privateNote
          ? 'Fill in John Cutler’s prompt; the sentence below becomes your private note: only you see it until the facilitator ends private writing.'
          : 'Fill in John Cutler’s prompt; the sentence below becomes a note on the board.'}
      </p>
      <form className="write-belief__form" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-compared`}>Compared to</label>
        <input
          ref={comparedToInput}
          id={`${ids}-compared`}
          type="text"
          placeholder="a company, product or team"
          value={prompt.comparedTo}
          aria-invalid={shown.comparedTo ? true : undefined}
          aria-describedby={shown.comparedTo ? errorId('compared') : undefined}
          onChange={(event) => change({ comparedTo: event.target.value })}
        />
        {shown.comparedTo && (
          <p id={errorId('compared')} className="error">
            {shown.comparedTo}
          </p>
        )}
        <Choice
          id={`${ids}-kind`}
          label="Who we consider to be"
          value={prompt.kind}
          options={COMPETITOR_KINDS}
          onChange={(kind: CompetitorKind) => change({ kind })}
        />
        <Choice
          id={`${ids}-standing`}
          label="We are"
          value={prompt.standing}
          options={STANDINGS}
          onChange={(standing: Standing) => change({ standing })}
        />
        <label htmlFor={`${ids}-ability`}>When it comes to our ability to</label>
        <input
          ref={abilityInput}
          id={`${ids}-ability`}
          type="text"
          placeholder="what we are able to do"
          value={prompt.ability}
          aria-invalid={shown.ability ? true : undefined}
          aria-describedby={shown.ability ? errorId('ability') : undefined}
          onChange={(event) => change({ ability: event.target.value })}
        />
        {shown.ability && (
          <p id={errorId('ability')} className="error">
            {shown.ability}
          </p>
        )}
        <Choice
          id={`${ids}-intent`}
          label="Our response"
          value={prompt.intent}
          options={INTENTS}
          onChange={(intent: Intent) => change({ intent })}
        />
        <section className="write-belief__preview" aria-labelledby={`${ids}-preview`}>
          <h3 id={`${ids}-preview`}>Preview</h3>
          <p data-belief-preview>{text}</p>
        </section>
        {shown.length ? (
          <p className="error" role="alert">
            {shown.length}
          </p>
        ) : null}
        <div className="write-belief__buttons">
          <button type="submit" className="button button--primary">
            {privateNote ? 'Add private note' : 'Add belief'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface ChoiceProps<K extends string> {
  id: string;
  label: string;
  value: K;
  options: Readonly<Record<K, string>>;
  onChange(value: K): void;
}

function Choice<K extends string>({ id, label, value, options, onChange }: ChoiceProps<K>) {
  const keys = Object.keys(options) as K[];
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const next = keys.find((key) => key === event.target.value);
          if (next) onChange(next);
        }}
      >
        {keys.map((key) => (
          <option key={key} value={key}>
            {options[key]}
          </option>
        ))}
      </select>
    </>
  );
}
