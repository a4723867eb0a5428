// The board's editor for every component below the board page, through React context
// rather than a prop handed down through every level.
import { createContext, useContext, type ReactNode } from 'react';
import type { BoardEditor } from './BoardEditor.ts';

const EditorContext = createContext<BoardEditor | null>(null);

export function EditorProvider({ editor, children }: { editor: BoardEditor; children: ReactNode }) {
  return <EditorContext.Provider value={editor}>{children}</EditorContext.Provider>;
}

/** The open board's editor; only inside an EditorProvider (the board page, a picture being drawn). */
export function useEditor(): BoardEditor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor() is used outside an open board: wrap the component in <EditorProvider>.');
  return editor;
}
