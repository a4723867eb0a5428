// Writing a comment: its words and the people it mentions, picked from those on the board
// (kept as their ids, shown as their names). Used for a new thread, a reply and an edit.
import { useId, useRef, useState, type FormEvent } from 'react';
import { MAX_COMMENT_MENTIONS, MAX_COMMENT_TEXT } from '../../shared/limits.ts';
import type { ParticipantRecord } from '../../shared/schema.ts';
import type { Outcome } from '../editor/discussion.ts';
import type { NameOf } from './people.ts';

interface CommentComposerProps {
  label: string;
  submitLabel: string;
  participants: ReadonlyMap<string, ParticipantRecord>;
  meId: string;
  nameOf: NameOf;
  initialText?: string;
  initialMentions?: readonly string[];
  /** Words to start a new comment with (one the relay refused, given back): cleared once posted. */
  draft?: { text: string; mentions: readonly string[] };
  /** Why those words came back, said with the box until the next try (an edit the relay refused). */
  initialProblem?: string;
  autoFocus?: boolean;
  /**
   * Posts; null when done or sent. `giveBack` puts a sent comment's words back in this box
   * should the relay refuse it (under an anonymous level the relay writes comments).
   */
  onSubmit(text: string, mentions: string[], giveBack: (text: string, mentions: readonly string[]) => void): Outcome;
  onCancel?(): void;
}

export function CommentComposer(props: CommentComposerProps) {
  const { label, submitLabel, participants, meId, nameOf, autoFocus, onSubmit, onCancel } = props;
  const [text, setText] = useState(props.draft?.text ?? props.initialText ?? '');
  const [mentions, setMentions] = useState<string[]>(() => [...(props.draft?.mentions ?? props.initialMentions ?? [])]);
  const [problem, setProblem] = useState<string | null>(props.initialProblem ?? null);
  const textId = useId();
  const problemId = useId();
  const textbox = useRef<HTMLTextAreaElement>(null);
  const others = [...participants.keys()].filter((id) => id !== meId && !mentions.includes(id));

  // Refused words come back without taking what was typed since: before it, if anything was.
  const giveBack = (refused: string, refusedMentions: readonly string[]) => {
    setText((now) => (now.trim() === '' ? refused : `${refused}\n\n${now}`));
    setMentions((now) => [...new Set([...refusedMentions, ...now])].slice(0, MAX_COMMENT_MENTIONS));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const outcome = onSubmit(text, mentions, giveBack);
    setProblem(outcome);
    if (outcome === null && !props.initialText) {
      setText('');
      setMentions([]);
    }
    textbox.current?.focus();
  };

  return (
    <form className="comment-composer" onSubmit={submit}>
      <label htmlFor={textId}>{label}</label>
      <textarea
        id={textId}
        ref={textbox}
        rows={2}
        maxLength={MAX_COMMENT_TEXT}
        value={text}
        autoFocus={autoFocus}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          // Ctrl/⌘+Enter posts, as in most chat boxes.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
        }}
      />
      <div className="comment-composer__row">
        {mentions.map((id) => (
          <button key={id} type="button" className="mention-chip" aria-label={`Remove mention of ${nameOf(id)}`} onClick={() => setMentions(mentions.filter((m) => m !== id))}>
            @{nameOf(id)} ×
          </button>
        ))}
        {others.length > 0 && mentions.length < MAX_COMMENT_MENTIONS && (
          <select
            aria-label="Mention someone"
            value=""
            onChange={(event) => {
              if (event.target.value) setMentions([...mentions, event.target.value]);
            }}
          >
            <option value="">Mention…</option>
            {others.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        )}
        <button type="submit" className="button button--primary" title={`${submitLabel} (Ctrl+Enter)`}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {problem && (
        <p id={problemId} role="alert" className="form-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
