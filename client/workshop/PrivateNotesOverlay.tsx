// My private notes on the canvas (docs/rounds.md, "Private writing"): drawn as HTML over
// the stage at their place, with a dashed outline and a "Private" label, because they are
// not beliefs — they are not in the document, so the canvas's note layers (which draw the
// document) never see them, and only this tab's author has them at all. A click opens the
// note's text for writing; each change goes to the relay, which keeps it for me alone.
// They sit at their own board place in both layouts: a private note has no positions yet,
// so the Measured view has nowhere else to put it.
import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { noteFill } from '../../shared/colors.ts';
import { MAX_BELIEF_TEXT } from '../../shared/limits.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { usePrivateNotes } from '../editor/hooks.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY, NOTE_CORNER_RADIUS, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING } from '../editor/layout/noteText.ts';
import { boardToScreen, type Viewport } from '../editor/viewport.ts';
import { useValue } from '../state/hooks.ts';
import type { PrivateBelief } from '../state/workshopChannel.ts';

interface OverlayProps {
  /** Where focus goes when the editor closes with Escape, so shortcuts keep working. */
  returnFocusRef: RefObject<HTMLElement | null>;
}

export function PrivateNotesOverlay({ returnFocusRef }: OverlayProps) {
  const editor = useEditor();
  const notes = usePrivateNotes();
  const editingId = useValue(editor.privateEditing);
  const v = useSyncExternalStore(editor.viewport.subscribe, editor.viewport.get);
  if (notes.length === 0) return null;
  return (
    // Clicks between the notes fall through to the canvas below.
    <div className="private-notes" data-private-notes={notes.length} style={{ position: 'absolute', inset: 0, overflow: 'hidden', pointerEvents: 'none' }}>
      {notes.map((note) =>
        note.id === editingId ? (
          <PrivateNoteEditor key={note.id} note={note} v={v} returnFocusRef={returnFocusRef} />
        ) : (
          <button
            key={note.id}
            type="button"
            className="private-note"
            title="Private note — only you can see it until the facilitator ends private writing. Click to edit."
            onClick={() => editor.privateEditing.set(note.id)}
            style={noteStyle(note, note.text, v)}
          >
            <span className="private-note__label">Private</span>
            {note.text || <span className="private-note__empty">Empty private note</span>}
          </button>
        ),
      )}
    </div>
  );
}

function noteStyle(note: PrivateBelief, text: string, v: Viewport) {
  const topLeft = boardToScreen(v, note);
  return {
    left: topLeft.x,
    top: topLeft.y,
    width: NOTE_WIDTH * v.scale,
    height: noteLayout(text).height * v.scale,
    padding: NOTE_PADDING * v.scale,
    borderRadius: NOTE_CORNER_RADIUS * v.scale,
    background: noteFill(note.color),
    font: `${NOTE_FONT_SIZE * v.scale}px ${CANVAS_FONT_FAMILY}`,
    lineHeight: NOTE_LINE_HEIGHT,
  };
}

interface EditorProps {
  note: PrivateBelief;
  v: Viewport;
  returnFocusRef: RefObject<HTMLElement | null>;
}

function PrivateNoteEditor({ note, v, returnFocusRef }: EditorProps) {
  const editor = useEditor();
  const { session } = editor;
  // The draft is this tab's: the relay echoes each change back a moment later, and taking
  // the echo as the textarea's value would move the caret while I type.
  const [draft, setDraft] = useState(note.text);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }, []);

  const close = () => {
    if (editor.privateEditing.get() === note.id) editor.privateEditing.set(null);
    // A private note left empty was a slip of the N key or a stray double-click: no one
    // would want it added to the board when private writing ends.
    if (draft.trim() === '') session.workshop.deletePrivateBelief(note.id);
  };

  return (
    <textarea
      ref={textareaRef}
      className="private-note private-note--editing"
      aria-label="Edit private note text"
      maxLength={MAX_BELIEF_TEXT}
      spellCheck
      value={draft}
      onChange={(event) => {
        setDraft(event.target.value);
        session.workshop.updatePrivateBelief(note.id, event.target.value);
      }}
      onKeyDown={(event) => {
        // Keys typed here are text, not the board's shortcuts.
        event.stopPropagation();
        if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
          event.preventDefault();
          close();
          returnFocusRef.current?.focus({ preventScroll: true });
        }
      }}
      onBlur={close}
      style={{ ...noteStyle(note, draft, v), outline: `2px solid ${session.me.color}`, resize: 'none', overflow: 'hidden', boxSizing: 'border-box' }}
    />
  );
}
