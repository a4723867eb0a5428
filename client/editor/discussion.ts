// What this tab does with the board's discussion and actions: which belief's thread is
// open, whether the Actions panel is, and each change through the model
// (shared/comments.ts, shared/beliefActions.ts) with my origin, so my undo covers it. A
// change the model refuses (an empty comment, a date that is no date) comes back in words
// for the form to show. Who may do what comes from the rules table the relay enforces.
// Under an anonymous level my comments go to the relay instead, which writes them under my
// pseudonym (docs/security.md, "Comments and the anonymity levels"): my own write would be
// refused, and my undo does not reach what the relay wrote.
import { isAnonymous, readAnonymity } from '../../shared/anonymity.ts';
import { ActionError, addAction, removeAction, updateAction, type ActionFields } from '../../shared/beliefActions.ts';
import { mayChangeAction, mayChangeComment, mayHideComments } from '../../shared/boardRules.ts';
import { addComment, cleanMentions, CommentError, commentText, deleteComment, editComment, readStoredComment, setCommentHidden } from '../../shared/comments.ts';
import { newId } from '../../shared/ids.ts';
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

  private get anonymous(): boolean {
    return isAnonymous(readAnonymity(this.editor.session.doc).level);
  }

  /** Whether a comment's author is me: under my id, or under my pseudonym (only my tabs know it). */
  isMine(authorId: string): boolean {
    return authorId === this.me || authorId === this.editor.session.workshop.myAnswerId();
  }

  mayChangeComment(authorId: string): boolean {
    // The rules judge my own writes; a comment under my pseudonym is mine to change through the relay.
    return mayChangeComment(this.editor.actor(), this.isMine(authorId) ? this.me : authorId);
  }

  mayHide(): boolean {
    return mayHideComments(this.editor.actor());
  }

  mayChangeAction(action: { authorId: string; ownerId: string | null }): boolean {
    return mayChangeAction(this.editor.actor(), action);
  }

  /**
   * Posts a comment. Under an anonymous level it goes to the relay and null means "sent":
   * should the relay refuse it (its belief went meanwhile, say), `notPosted` hears why.
   */
  comment(beliefId: string, text: string, mentions: readonly string[], parentId: string | null = null, notPosted?: (reason: string) => void): Outcome {
    if (this.anonymous) {
      const words = commentText(text);
      if (words === '') return 'Write something first: an empty comment is not posted.';
      this.editor.session.workshop.sendComment({ kind: 'comment', id: newId(), beliefId, parentId, text: words, mentions: cleanMentions(mentions) }, notPosted);
      return null;
    }
    return attempt(() => addComment(this.editor.session.doc, { beliefId, authorId: this.me, text, mentions, parentId }, this.origin));
  }

  /**
   * Whether the relay writes my change to this comment: under an anonymous level, and for a
   * comment I wrote under my pseudonym, which stays under it when the board is named again
   * (the rules let no browser write a comment under a pseudonym).
   */
  private viaRelay(commentId: string): boolean {
    if (this.anonymous) return true;
    const pseudonym = this.editor.session.workshop.myAnswerId();
    return pseudonym !== this.me && readStoredComment(this.editor.session.doc, commentId)?.authorId === pseudonym;
  }

  /** Edits my comment; when the relay writes it, as `comment` posts one, `notSaved` hears a refusal. */
  edit(commentId: string, text: string, mentions?: readonly string[], notSaved?: (reason: string) => void): Outcome {
    if (this.viaRelay(commentId)) {
      const words = commentText(text);
      if (words === '') return 'A comment cannot be empty: delete it instead.';
      const kept = mentions ?? readStoredComment(this.editor.session.doc, commentId)?.mentions ?? [];
      this.editor.session.workshop.sendComment({ kind: 'editComment', id: commentId, text: words, mentions: cleanMentions(kept) }, notSaved);
      return null;
    }
    return attempt(() => editComment(this.editor.session.doc, commentId, { text, mentions }, this.origin));
  }

  remove(commentId: string): void {
    if (this.viaRelay(commentId)) this.editor.session.workshop.sendComment({ kind: 'deleteComment', id: commentId });
    else deleteComment(this.editor.session.doc, commentId, this.origin);
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
