// A prompt as a fill-in form — Cutler's about a competitor, or one about a team practice —
// with a live preview of the sentence, and "Add belief" to put it on the board. A modal
// <dialog> keeps focus in the form until I add or cancel; Escape cancels.
import { useId, useRef, useState, type FormEvent } from 'react';
import {
  COMPETITOR_KINDS,
  composeBelief,
  composePracticeBelief,
  hasProblems,
  INTENTS,
  PRACTICE_EFFECTS,
  PRACTICE_INTENTS,
  STANDINGS,
  type BeliefPrompt,
  type CompetitorKind,
  type Intent,
  type PracticeEffect,
  type PracticeIntent,
  type PracticePrompt,
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
const EMPTY_PRACTICE: PracticePrompt = { practice: '', effect: 'helps', outcome: '', intent: 'keep' };

/** The prompts on offer: about the market (Cutler's), or about how the team works. */
type PromptKind = 'competitor' | 'practice';
const PROMPT_KINDS: Record<PromptKind, string> = {
  competitor: 'Compared to a competitor (John Cutler’s prompt)',
  practice: 'About a team practice',
};

export function WriteBeliefDialog({ privateNote = false, onAdd, onCancel }: WriteBeliefDialogProps) {
  const dialog = useModalDialog();
  const comparedToInput = useRef<HTMLInputElement>(null);
  const abilityInput = useRef<HTMLInputElement>(null);
  const practiceInput = useRef<HTMLInputElement>(null);
  const outcomeInput = useRef<HTMLInputElement>(null);
  const [promptKind, setPromptKind] = useState<PromptKind>('competitor');
  const [prompt, setPrompt] = useState(EMPTY_PROMPT);
  const [practice, setPractice] = useState(EMPTY_PRACTICE);
  // Problems are shown once I try to add, then kept up to date as I fix them.
  const [triedToAdd, setTriedToAdd] = useState(false);
  const ids = useId();
  const market = composeBelief(prompt);
  const team = composePracticeBelief(practice);
  const { text, problems } = promptKind === 'competitor' ? market : team;
  const shown = triedToAdd ? market.problems : {};
  const shownPractice = triedToAdd ? team.problems : {};
  const tooLong = triedToAdd ? problems.length : undefined;

  const change = (patch: Partial<BeliefPrompt>) => setPrompt((current) => ({ ...current, ...patch }));
  const changePractice = (patch: Partial<PracticePrompt>) => setPractice((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedToAdd(true);
    if (!hasProblems(problems)) {
      onAdd(text);
      return;
    }
    if (promptKind === 'competitor') (market.problems.comparedTo ? comparedToInput : abilityInput).current?.focus();
    else (team.problems.practice ? practiceInput : outcomeInput).current?.focus();
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
          ? 'Fill in a prompt; the sentence below becomes your private note: only you see it until the facilitator ends private writing.'
          : 'Fill in a prompt; the sentence below becomes a note on the board.'}
      </p>
      <fieldset className="write-belief__kinds">
        <legend>Prompt</legend>
        {(Object.keys(PROMPT_KINDS) as PromptKind[]).map((kind) => (
          <label key={kind}>
            <input type="radio" name={`${ids}-prompt`} checked={promptKind === kind} onChange={() => setPromptKind(kind)} />{' '}
            {PROMPT_KINDS[kind]}
          </label>
        ))}
      </fieldset>
      <form className="write-belief__form" onSubmit={submit} noValidate>
        {promptKind === 'practice' && (
          <>
            <label htmlFor={`${ids}-practice`}>Our practice of</label>
            <input
              ref={practiceInput}
              id={`${ids}-practice`}
              type="text"
              placeholder="how we work, e.g. reviewing every change in pairs"
              value={practice.practice}
              aria-invalid={shownPractice.practice ? true : undefined}
              aria-describedby={shownPractice.practice ? errorId('practice') : undefined}
              onChange={(event) => changePractice({ practice: event.target.value })}
            />
            {shownPractice.practice && (
              <p id={errorId('practice')} className="error">
                {shownPractice.practice}
              </p>
            )}
            <Choice
              id={`${ids}-effect`}
              label="It"
              value={practice.effect}
              options={PRACTICE_EFFECTS}
              onChange={(effect: PracticeEffect) => changePractice({ effect })}
            />
            <label htmlFor={`${ids}-outcome`}>When it comes to</label>
            <input
              ref={outcomeInput}
              id={`${ids}-outcome`}
              type="text"
              placeholder="what it is for, e.g. shipping what customers asked for"
              value={practice.outcome}
              aria-invalid={shownPractice.outcome ? true : undefined}
              aria-describedby={shownPractice.outcome ? errorId('outcome') : undefined}
              onChange={(event) => changePractice({ outcome: event.target.value })}
            />
            {shownPractice.outcome && (
              <p id={errorId('outcome')} className="error">
                {shownPractice.outcome}
              </p>
            )}
            <Choice
              id={`${ids}-practice-intent`}
              label="Our response"
              value={practice.intent}
              options={PRACTICE_INTENTS}
              onChange={(intent: PracticeIntent) => changePractice({ intent })}
            />
          </>
        )}
        {promptKind === 'competitor' && (
          <>
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
          </>
        )}
        <section className="write-belief__preview" aria-labelledby={`${ids}-preview`}>
          <h3 id={`${ids}-preview`}>Preview</h3>
          <p data-belief-preview>{text}</p>
        </section>
        {tooLong ? (
          <p className="error" role="alert">
            {tooLong}
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
