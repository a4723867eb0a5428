// One comment in a thread: who wrote it and when, whom it mentions, its words, and what I
// may do with it — reply (a top-level comment), edit or delete my own, hide or show it as
// the facilitator. A hidden comment shows its words only to its author and facilitators.
import { useState } from 'react';
import type { BoardComment } from '../../shared/comments.ts';
import type { ParticipantRecord } from '../../shared/schema.ts';
import type { DiscussionEditor } from '../editor/discussion.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { isoTime, shortTime, type NameOf } from './people.ts';
import { useMounted } from './useMounted.ts';

interface CommentItemProps {
  comment: BoardComment;
  discussion: DiscussionEditor;
  participants: ReadonlyMap<string, ParticipantRecord>;
  meId: string;
  nameOf: NameOf;
  onReply?(): void;
}

export function CommentItem({ comment, discussion, participants, meId, nameOf, onReply }: CommentItemProps) {
  const [editing, setEditing] = useState(false);
  // An edit the relay refused (under an anonymous level): its words back in the box, and why.
  const [returned, setReturned] = useState<{ text: string; mentions: readonly string[]; reason: string } | null>(null);
  const mounted = useMounted();
  const mine = discussion.mayChangeComment(comment.authorId);
  const facilitating = discussion.mayHide();
  const showWords = !comment.hidden || mine || facilitating;
  const author = nameOf(comment.authorId);

  if (editing) {
    return (
      <CommentComposer
        label="Edit your comment"
        submitLabel="Save"
        participants={participants}
        meId={meId}
        nameOf={nameOf}
        initialText={comment.text}
        initialMentions={comment.mentions}
        // A new box for words given back, even if this one was opened again meanwhile.
        key={returned ? `returned-${returned.text}` : 'edit'}
        draft={returned ?? undefined}
        initialProblem={returned?.reason}
        autoFocus
        onSubmit={(text, mentions) => {
          const outcome = discussion.edit(comment.id, text, mentions, (reason) => {
            if (!mounted.current) return;
            setReturned({ text, mentions, reason });
            setEditing(true);
          });
          if (outcome === null) {
            setEditing(false);
            setReturned(null);
          }
          return outcome;
        }}
        onCancel={() => {
          setEditing(false);
          setReturned(null);
        }}
      />
    );
  }

  return (
    <article className="comment" data-comment-id={comment.id} data-hidden={comment.hidden ? '' : undefined} aria-label={`Comment by ${author}`}>
      <p className="comment__meta">
        <strong>{author}</strong> · <time dateTime={isoTime(comment.createdAt)}>{shortTime(comment.createdAt)}</time>
        {comment.editedAt !== null && <span> · edited</span>}
        {comment.hidden && <span className="comment__hidden"> · hidden by the facilitator</span>}
      </p>
      {showWords ? (
        <p className="comment__text">
          {comment.mentions.map((id) => (
            <span key={id} className="mention" data-me={id === meId ? '' : undefined}>
              @{nameOf(id)}{' '}
            </span>
          ))}
          {comment.text}
        </p>
      ) : (
        <p className="comment__text comment__text--hidden">The facilitator hid this comment.</p>
      )}
      <div className="comment__controls">
        {onReply && discussion.mayTalk() && (
          <button type="button" className="button button--quiet" onClick={onReply}>
            Reply
          </button>
        )}
        {mine && (
          <>
            <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                if (window.confirm('Delete your comment? Replies to it stay.')) discussion.remove(comment.id);
              }}
            >
              Delete
            </button>
          </>
        )}
        {facilitating && (
          <button type="button" className="button button--quiet" onClick={() => discussion.hide(comment.id, !comment.hidden)}>
            {comment.hidden ? 'Show' : 'Hide'}
          </button>
        )}
      </div>
    </article>
  );
}
