// What an entry of the action table is (actions.ts): a name, a key, when it applies, and
// what it does to the board through the editor. The toolbar, the shortcuts and the
// tooltips all read the same entries.
import type { BoardEditor } from './BoardEditor.ts';
import type { Shortcut } from './shortcut.ts';

export interface Action extends Partial<Shortcut> {
  id: string;
  label: string;
  /**
   * Also runs while typing in a textbox bound to the document (the belief list), where
   * the browser's own undo would only know half the story.
   */
  whileTyping?: boolean;
  enabled(editor: BoardEditor): boolean;
  run(editor: BoardEditor): void;
}
