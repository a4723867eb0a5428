// Editing a note in place: a textarea laid exactly over the note, bound live to the
// belief's Y.Text. Each keystroke is applied as the span it changed, so two people typing
// in one note keep both their words; their typing arrives here without moving my caret.
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type * as Y from 'yjs';
import { noteFill } from '../../shared/colors.ts';
import { MAX_BELIEF_TEXT } from '../../shared/limits.ts';
import { beliefText } from '../../shared/model.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDisplayedPosition } from '../editor/hooks.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { CANVAS_FONT_FAMILY, NOTE_CORNER_RADIUS, NOTE_FONT_SIZE, NOTE_LINE_HEIGHT, NOTE_PADDING } from '../editor/layout/noteText.ts';
import { boardToScreen } from '../editor/viewport.ts';
import { mapIndexThroughDelta, type TextDeltaOp } from '../state/caret.ts';
import { useBelief, useValue } from '../state/hooks.ts';

interface NoteEditorProps {
  /** Where focus goes when the editor closes with Escape, so shortcuts keep working. */
  returnFocusRef: RefObject<HTMLElement | null>;
}

export function NoteEditor(props: NoteEditorProps) {
  const editingId = useValue(useEditor().editing);
  if (!editingId) return null;
  return <OpenEditor key={editingId} {...props} id={editingId} />;
}

function OpenEditor({ id, returnFocusRef }: NoteEditorProps & { id: string }) {
  const editor = useEditor();
  const { session, viewport } = editor;
  const belief = useBelief(session, id);
  // Over the note where it is drawn, which in the Measured view is not its own place.
  const at = useDisplayedPosition(id);
  const v = useSyncExternalStore(viewport.subscribe, viewport.get);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [length, setLength] = useState(() => belief?.text.length ?? 0);
  const close = () => {
    if (editor.editing.get() === id) editor.editing.set(null);
  };

  // The textarea is uncontrolled: a controlled value would reset the caret on every
  // remote change, where we want to move it by exactly what the colleague typed.
  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    const text = beliefText(session.doc, id);
    if (!textarea || !text) return;
    textarea.value = text.toString();
    textarea.focus({ preventScroll: true });
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    const onTextChange = (event: Y.YTextEvent) => {
      const next = text.toString();
      // My own keystrokes are already in the textarea.
      if (textarea.value === next) return;
      const delta = event.delta as TextDeltaOp[];
      const start = mapIndexThroughDelta(textarea.selectionStart, delta);
      const end = mapIndexThroughDelta(textarea.selectionEnd, delta);
      const direction = textarea.selectionDirection;
      textarea.value = next;
      textarea.setSelectionRange(start, end, direction);
      setLength(next.length);
    };
    text.observe(onTextChange);
    return () => text.unobserve(onTextChange);
  }, [session, id]);

  // Someone deleted the note while I was writing in it.
  const deleted = belief === undefined;
  useEffect(() => {
    if (deleted) close();
  }, [deleted]);

  if (!belief || !at) return null;
  const topLeft = boardToScreen(v, at);
  const counterId = `note-editor-counter-${id}`;
  return (
    <>
      <textarea
        ref={textareaRef}
        aria-label="Edit belief text"
        aria-describedby={counterId}
        maxLength={MAX_BELIEF_TEXT}
        spellCheck
        onInput={(e) => {
          editor.setText(id, e.currentTarget.value);
          setLength(e.currentTarget.value.length);
        }}
        onKeyDown={(e) => {
          // Keys typed here are text: they must not also reach the board's shortcuts
          // (Backspace would delete the note being written in).
          e.stopPropagation();
          if (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey))) {
            e.preventDefault();
            close();
            returnFocusRef.current?.focus({ preventScroll: true });
          }
        }}
        onBlur={close}
        style={{
          position: 'absolute',
          left: topLeft.x,
          top: topLeft.y,
          width: NOTE_WIDTH * v.scale,
          height: noteLayout(belief.text).height * v.scale,
          padding: NOTE_PADDING * v.scale,
          boxSizing: 'border-box',
          margin: 0,
          border: 'none',
          borderRadius: NOTE_CORNER_RADIUS * v.scale,
          outline: `2px solid ${session.me.color}`,
          background: noteFill(belief.color),
          color: '#212529',
          font: `${NOTE_FONT_SIZE * v.scale}px ${CANVAS_FONT_FAMILY}`,
          lineHeight: NOTE_LINE_HEIGHT,
          resize: 'none',
          overflow: 'hidden',
          zIndex: 1,
        }}
      />
      <div
        id={counterId}
        style={{
          position: 'absolute',
          left: topLeft.x,
          top: topLeft.y + noteLayout(belief.text).height * v.scale + 6,
          width: NOTE_WIDTH * v.scale,
          textAlign: 'right',
          font: `12px ${CANVAS_FONT_FAMILY}`,
          color: length >= MAX_BELIEF_TEXT ? '#c92a2a' : '#495057',
          pointerEvents: 'none',
          zIndex: 1,
        }}
      >
        {length}/{MAX_BELIEF_TEXT}
      </div>
    </>
  );
}
