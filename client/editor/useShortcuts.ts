// The single keydown listener of a board: finds the action whose key was pressed and
// runs it, unless the key belongs to whatever has focus (typing, pressing a button).
import { useEffect } from 'react';
import { ACTIONS } from './actions.ts';
import { useEditor } from './EditorContext.tsx';

const DOCUMENT_TEXT_ATTRIBUTE = 'data-document-text';
/** Spread on a textbox whose text lives in the document: undo and redo there go to the board. */
export const DOCUMENT_TEXT_PROPS = { [DOCUMENT_TEXT_ATTRIBUTE]: '' } as const;

type FocusKind = 'document-text' | 'text' | 'control' | 'other';

function focusKind(target: EventTarget | null): FocusKind {
  if (!(target instanceof HTMLElement)) return 'other';
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return target.hasAttribute(DOCUMENT_TEXT_ATTRIBUTE) ? 'document-text' : 'text';
  }
  // Every input, checkboxes and radios too: their keys (Space, arrows) are theirs.
  if (target instanceof HTMLInputElement) return 'text';
  if (target.closest('button, a[href], summary, [role="button"], [role="radio"], [role="option"]')) return 'control';
  return 'other';
}

export function useShortcuts(): void {
  const editor = useEditor();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const kind = focusKind(event.target);
      if (kind === 'text') return;
      // Enter and Space press the focused button; they are not board shortcuts there.
      if (kind === 'control' && (event.key === 'Enter' || event.key === ' ')) return;
      const action = ACTIONS.find((a) => a.match?.(event));
      if (!action) return;
      // While History shows a past map, the live board's keys would change what is not in view.
      if (editor.historyOpen.get() && action.id !== 'history') return;
      if (kind === 'document-text') {
        if (!action.whileTyping) return;
        // The textbox's own undo would fight the document's, even with nothing to undo.
        event.preventDefault();
      }
      if (!action.enabled(editor)) return;
      event.preventDefault();
      action.run(editor);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [editor]);
}
