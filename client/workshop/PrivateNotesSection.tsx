// The belief list's section of my private notes (docs/rounds.md, "Private writing"): the
// keyboard and screen-reader path to what the canvas draws with dashed outlines. Shown
// while private writing is on, and as long as I still have notes the relay has not yet
// added to the board; when the facilitator ends private writing the relay adds them in
// one step and tells me I have none left, so the section empties as the notes appear.
import { useEffect, useId, useRef, useState } from 'react';
import { MAX_BELIEF_TEXT } from '../../shared/limits.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { usePrivateNotes, usePrivateWriting } from '../editor/hooks.ts';
import type { PrivateBelief } from '../state/workshopChannel.ts';

interface SectionProps {
  /** The note just added from the list: its textbox takes the keyboard once. */
  focusId: string | null;
  onFocused(): void;
}

export function PrivateNotesSection({ focusId, onFocused }: SectionProps) {
  const on = usePrivateWriting();
  const notes = usePrivateNotes();
  const headingId = useId();
  if (!on && notes.length === 0) return null;
  return (
    <section className="private-section" aria-labelledby={headingId} data-private-section>
      <h3 id={headingId} className="private-section__heading">
        Your private notes (only you can see these until the facilitator ends private writing)
      </h3>
      {notes.length === 0 ? (
        <p className="muted private-section__empty">None yet. A note you add now stays here, and on the canvas, until then.</p>
      ) : (
        <ol className="private-section__rows">
          {notes.map((note) => (
            <PrivateNoteRow key={note.id} note={note} autoFocus={note.id === focusId} onAutoFocused={onFocused} />
          ))}
        </ol>
      )}
    </section>
  );
}

interface RowProps {
  note: PrivateBelief;
  autoFocus: boolean;
  onAutoFocused(): void;
}

function PrivateNoteRow({ note, autoFocus, onAutoFocused }: RowProps) {
  const { session } = useEditor();
  // My draft, not the relay's echo of it, is the textbox's value: the echo of an earlier
  // keystroke would otherwise overwrite later ones. A change from my other tab shows once
  // I am not typing here.
  const [draft, setDraft] = useState(note.text);
  const [typing, setTyping] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const shown = typing ? draft : note.text;

  useEffect(() => {
    if (!autoFocus) return;
    textareaRef.current?.focus();
    onAutoFocused();
  }, [autoFocus, onAutoFocused]);

  return (
    <li className="private-section__row" data-private-note={note.id}>
      <textarea
        ref={textareaRef}
        aria-label="Private note text"
        className="private-section__text"
        maxLength={MAX_BELIEF_TEXT}
        rows={2}
        value={shown}
        placeholder="Write your belief…"
        onFocus={() => {
          setDraft(note.text);
          setTyping(true);
        }}
        onChange={(event) => {
          setDraft(event.target.value);
          session.workshop.updatePrivateBelief(note.id, event.target.value);
        }}
        onBlur={() => setTyping(false)}
        // Keys typed here are text, not the board's shortcuts.
        onKeyDown={(event) => event.stopPropagation()}
      />
      <button type="button" className="button button--quiet" onClick={() => session.workshop.deletePrivateBelief(note.id)}>
        Delete private note
      </button>
    </li>
  );
}
