// A belief's discussion and actions, in a modal dialog reachable by keyboard ("C" on the
// selected belief, or its row's Discuss button) and named for screen readers: the threads
// (each top-level comment with its replies), a box to comment with mentions, the belief's
// actions and a form to add one with the quadrant's suggestions. Escape closes it.
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { isAnonymous, pseudonymName } from '../../shared/anonymity.ts';
import { suggestedActions } from '../../shared/beliefActions.ts';
import { threadsOf } from '../../shared/comments.ts';
import { mapPlaceOf } from '../../shared/mapPlace.ts';
import { QUADRANTS } from '../../shared/quadrants.ts';
import { discussionOf } from '../editor/discussion.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDiscussion } from '../state/discussionStore.ts';
import { useAccessRole, useBelief, useBeliefStats, useParticipants } from '../state/hooks.ts';
import { useAnonymity } from '../state/workshopStore.ts';
import { useModalDialog } from '../ui/useModalDialog.ts';
import { useMounted } from './useMounted.ts';
import { ActionForm } from './ActionForm.tsx';
import { ActionItem } from './ActionItem.tsx';
import { CommentComposer } from './CommentComposer.tsx';
import { CommentItem } from './CommentItem.tsx';
import { usePseudonymsKnown } from './usePseudonymsKnown.ts';
import { nameReader } from './people.ts';

export function ThreadDialog({ beliefId, onClose }: { beliefId: string; onClose(): void }) {
  const editor = useEditor();
  const { session } = editor;
  useAccessRole(session);
  const discussion = discussionOf(editor);
  const dialog = useModalDialog();
  const mounted = useMounted();
  // showModal focuses the first button (Close); whoever may comment starts in the comment box.
  useEffect(() => dialog.current?.querySelector<HTMLTextAreaElement>('.comment-composer textarea')?.focus(), [dialog]);
  const belief = useBelief(session, beliefId);
  const { comments, counts, actions } = useDiscussion(session);
  const participants = useParticipants(session);
  const { quadrant } = mapPlaceOf(useBeliefStats(session, beliefId));
  const [replyTo, setReplyTo] = useState<string | null>(null);
  // A reply the relay refused after its box closed: the box opens again with its words.
  const [returnedReply, setReturnedReply] = useState<{ to: string; text: string; mentions: readonly string[] } | null>(null);
  // Why the relay refused a comment of mine (its words are back in their box): said here
  // whatever the level is now — the refusal may be that comments are named again.
  const [notPosted, setNotPosted] = useState<string | null>(null);
  const ids = { heading: useId(), comments: useId(), actions: useId() };
  const meId = session.me.id;
  const pseudonyms = usePseudonymsKnown(session);
  const nameOf = nameReader(participants, meId, pseudonyms);
  const { level } = useAnonymity(session);
  const anonymous = isAnonymous(level);
  // Under an anonymous level my comment goes to the relay, which may refuse it (the belief
  // went meanwhile): said here, as the page's own notice is behind this modal dialog.
  const problem = useSyncExternalStore(session.workshop.subscribeProblems, session.workshop.lastProblem);
  const threads = threadsOf(comments, beliefId);
  const beliefActions = actions.filter((action) => action.beliefId === beliefId);
  const mayTalk = discussion.mayTalk();
  const count = counts.get(beliefId) ?? 0;

  return (
    <dialog
      ref={dialog}
      className="card thread-dialog"
      aria-labelledby={ids.heading}
      data-thread-of={beliefId}
      // Board shortcuts (Delete, N, C…) do not reach the board from inside the dialog.
      onKeyDown={(event) => event.stopPropagation()}
      onClose={() => {
        if (mounted.current && !dialog.current?.open) onClose();
      }}
    >
      <div className="thread-dialog__head">
        <h2 id={ids.heading}>Discussion</h2>
        <button type="button" className="button" onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </div>
      <blockquote className="thread-dialog__belief">{belief ? belief.text.trim() || 'An empty note' : 'This belief is no longer on the board.'}</blockquote>
      {quadrant && <p className="thread-dialog__quadrant">On the map: “{QUADRANTS[quadrant].caption}”</p>}

      <section aria-labelledby={ids.comments}>
        <h3 id={ids.comments}>
          Comments <span className="count">({count})</span>
        </h3>
        {anonymous && (
          <p className="quiet" data-anonymous-comments>
            Comments are anonymous: others see {pseudonymName(pseudonyms.mine) ? `you as ${pseudonymName(pseudonyms.mine)}` : 'you as “Person” and a number'}
            {level === 'participants' ? '; the facilitator sees names.' : ', the facilitator too.'}
          </p>
        )}
        {(notPosted ?? (anonymous && problem)) && (
          <p role="alert" className="notice">
            {notPosted ?? problem}
          </p>
        )}
        {threads.length === 0 && <p className="quiet">No comments yet.</p>}
        <ol className="threads">
          {threads.map((thread) => (
            <li key={thread.id} className="thread">
              {thread.root ? (
                <CommentItem comment={thread.root} discussion={discussion} participants={participants} meId={meId} nameOf={nameOf} onReply={() => setReplyTo(thread.id)} />
              ) : (
                <p className="comment__text comment__text--hidden">Comment deleted</p>
              )}
              {thread.replies.length > 0 && (
                <ol className="replies" aria-label="Replies">
                  {thread.replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentItem comment={reply} discussion={discussion} participants={participants} meId={meId} nameOf={nameOf} />
                    </li>
                  ))}
                </ol>
              )}
              {replyTo === thread.id && thread.root && (
                <CommentComposer
                  label={`Reply to ${nameOf(thread.root.authorId)}`}
                  submitLabel="Reply"
                  participants={participants}
                  meId={meId}
                  nameOf={nameOf}
                  autoFocus
                  // A new box for words given back, even if this one was opened again meanwhile.
                  key={returnedReply?.to === thread.id ? `returned-${returnedReply.text}` : 'reply'}
                  draft={returnedReply?.to === thread.id ? returnedReply : undefined}
                  onSubmit={(text, mentions) => {
                    const outcome = discussion.comment(beliefId, text, mentions, thread.id, (reason) => {
                      if (!mounted.current) return;
                      setNotPosted(reason);
                      setReturnedReply({ to: thread.id, text, mentions });
                      setReplyTo(thread.id);
                    });
                    if (outcome === null) {
                      setReplyTo(null);
                      setReturnedReply(null);
                      setNotPosted(null);
                    }
                    return outcome;
                  }}
                  onCancel={() => {
                    setReplyTo(null);
                    setReturnedReply(null);
                  }}
                />
              )}
            </li>
          ))}
        </ol>
        {mayTalk && belief && (
          <CommentComposer
            label="Add a comment"
            submitLabel="Comment"
            participants={participants}
            meId={meId}
            nameOf={nameOf}
            autoFocus
            onSubmit={(text, mentions, giveBack) => {
              const outcome = discussion.comment(beliefId, text, mentions, null, (reason) => {
                if (!mounted.current) return;
                setNotPosted(reason);
                giveBack(text, mentions);
              });
              if (outcome === null) setNotPosted(null);
              return outcome;
            }}
          />
        )}
      </section>

      <section aria-labelledby={ids.actions}>
        <h3 id={ids.actions}>
          Actions <span className="count">({beliefActions.length})</span>
        </h3>
        {beliefActions.length === 0 && <p className="quiet">No actions yet.</p>}
        <ul className="action-list">
          {beliefActions.map((action) => (
            <ActionItem key={action.id} action={action} discussion={discussion} nameOf={nameOf} />
          ))}
        </ul>
        {mayTalk && belief && (
          <ActionForm suggestions={suggestedActions(quadrant)} participants={participants} nameOf={nameOf} onAdd={(fields) => discussion.addAction(beliefId, fields)} />
        )}
      </section>
    </dialog>
  );
}
