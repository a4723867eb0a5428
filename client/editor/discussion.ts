// What this tab does with the board's discussion and actions: which belief's thread is
// open, whether the Actions panel is, and each change through the model
// (shared/comments.ts, shared/beliefActions.ts) with my origin, so my undo covers it. A
// change the model refuses (an empty comment, a date that is no date) comes back in words
// for the form to show. Who may do what comes from the rules table the relay enforces.
import { ActionError, addAction, removeAction, updateAction, type ActionFields } from '../../shared/beliefActions.ts';
import { mayChangeAction, mayChangeComment, mayHideComments } from '../../shared/boardRules.ts';
import { addComment, CommentError, deleteComment, editComment, setCommentHidden } from '../../shared/comments.ts';
import { ValueStore } from '../state/externalStore.ts';
import type { BoardEditor } from './BoardEditor.ts';

/** Null when done, else why not, in words. */
export type Outcome = string | null;

function attempt(run: () => void): Outcome {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof CommentError || error instanceof ActionError) return error.message;
    throw error;
  }
}

export class DiscussionEditor {
  /** The belief whose discussion is open in this tab, or null. Session state: never synced. */
  readonly openThread = new ValueStore<string | null>(null);
  /** Whether the Actions panel is open. */
  readonly actionsOpen = new ValueStore(false);

  constructor(private readonly editor: BoardEditor) {}

  private get me(): string {
    return this.editor.session.me.id;
  }

  private get origin(): unknown {
    return this.editor.session.origin;
  }

  /** Whether I may write in discussions and add actions: anyone whose link edits (a locked board included). */
  mayTalk(): boolean {
    return this.editor.canEdit();
  }

  mayChangeComment(authorId: string): boolean {
    return mayChangeComment(this.editor.actor(), authorId);
  }

  mayHide(): boolean {
    return mayHideComments(this.editor.actor());
  }

  mayChangeAction(action: { authorId: string; ownerId: string | null }): boolean {
    return mayChangeAction(this.editor.actor(), action);
  }

  comment(beliefId: string, text: string, mentions: readonly string[], parentId: string | null = null): Outcome {
    return attempt(() => addComment(this.editor.session.doc, { beliefId, authorId: this.me, text, mentions, parentId }, this.origin));
  }

  edit(commentId: string, text: string, mentions?: readonly string[]): Outcome {
    return attempt(() => editComment(this.editor.session.doc, commentId, { text, mentions }, this.origin));
  }

  remove(commentId: string): void {
    deleteComment(this.editor.session.doc, commentId, this.origin);
  }

  hide(commentId: string, hidden: boolean): void {
    setCommentHidden(this.editor.session.doc, commentId, hidden, this.me, this.origin);
  }

  addAction(beliefId: string, fields: ActionFields): Outcome {
    return attempt(() => addAction(this.editor.session.doc, { beliefId, authorId: this.me, ...fields }, this.origin));
  }

  updateAction(actionId: string, change: Partial<ActionFields>): Outcome {
    return attempt(() => updateAction(this.editor.session.doc, actionId, change, this.origin));
  }

  removeAction(actionId: string): void {
    removeAction(this.editor.session.doc, actionId, this.origin);
  }
}

const discussions = new WeakMap<BoardEditor, DiscussionEditor>();

/** The editor's discussion part, made on first use. */
export function discussionOf(editor: BoardEditor): DiscussionEditor {
  let discussion = discussions.get(editor);
  if (!discussion) {
    discussion = new DiscussionEditor(editor);
    discussions.set(editor, discussion);
  }
  return discussion;
}
