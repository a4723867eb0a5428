// A belief row's way into its discussion: "Discuss", with how many comments it has and a
// cue when some of them mention me.
import { discussionOf } from '../editor/discussion.ts';
import { getAction } from '../editor/actions.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useCommentCount } from '../state/discussionStore.ts';

export function DiscussButton({ id }: { id: string }) {
  const editor = useEditor();
  const { count, mentionsMe } = useCommentCount(editor.session, id, editor.session.me.id);
  const words = [count === 0 ? 'no comments' : `${count} ${count === 1 ? 'comment' : 'comments'}`];
  if (mentionsMe > 0) words.push(`${mentionsMe} ${mentionsMe === 1 ? 'mentions' : 'mention'} you`);
  const open = () => {
    editor.select([id]);
    discussionOf(editor).openThread.set(id);
  };
  if (!editor.canEdit()) {
    // A view-only link's rows sit in a disabled fieldset, which would disable a button; it
    // reads discussions all the same, through a link that opens this one.
    return (
      <a
        href={`#discussion-${id}`}
        className="discuss-button"
        data-comment-count={count}
        aria-label={`Discuss: ${words.join(', ')}`}
        title="Discussion and actions"
        onClick={(event) => {
          event.preventDefault();
          open();
        }}
      >
        <span aria-hidden="true" className="discuss-button__balloon">
          {count}
        </span>
      </a>
    );
  }
  return (
    <button
      type="button"
      className="button button--quiet discuss-button"
      data-comment-count={count}
      data-mentions-me={mentionsMe || undefined}
      aria-label={`Discuss: ${words.join(', ')}`}
      title={`Discussion and actions (${getAction('discuss').kbd} on the selected belief)`}
      // Focus moving in on the press would select the row first, which clears its "since
      // your last visit" badge and moves this button up before the release: no click.
      // The click selects it instead.
      onMouseDown={(event) => event.preventDefault()}
      onClick={open}
    >
      {/* A speech balloon holding the count, as whiteboards show comments: it fits the author's line. */}
      <span aria-hidden="true" className="discuss-button__balloon">
        {count}
      </span>
      {mentionsMe > 0 && (
        <span aria-hidden="true" className="mention-cue">
          @you
        </span>
      )}
    </button>
  );
}
