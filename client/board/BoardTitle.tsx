// The board's title, editable where it is shown. The draft is mine until I commit it
// (Enter or leaving the field); Escape puts back the title everyone sees.
import { useRef, useState, type KeyboardEvent } from 'react';
import { setBoardTitle } from '../../shared/model.ts';
import { MAX_BOARD_TITLE } from '../../shared/limits.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export function BoardTitle({ title }: { title: string }) {
  const editor = useEditor();
  const { session } = editor;
  const [draft, setDraft] = useState<string | null>(null);
  const cancelled = useRef(false);

  const commit = () => {
    if (!cancelled.current && draft !== null && draft.trim() !== title) {
      setBoardTitle(session.doc, draft, session.origin);
    }
    cancelled.current = false;
    setDraft(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      event.currentTarget.blur();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancelled.current = true;
      event.currentTarget.blur();
    }
  };

  return (
    <input
      className="board-title"
      type="text"
      aria-label="Board title"
      placeholder="Untitled board"
      maxLength={MAX_BOARD_TITLE}
      value={draft ?? title}
      readOnly={!editor.mayChangeBoardSettings()}
      title={editor.mayChangeBoardSettings() ? undefined : 'Only the facilitator can rename the board'}
      onFocus={() => setDraft(title)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
