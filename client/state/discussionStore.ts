// The board's discussion and actions as one snapshot per change of `comments`,
// `hiddenComments` or `actions`, for React and the action table alike, with the counts the
// list rows and the notes show. One store per document, so every reader shares one observer.
import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { listActions, observeActions, type BeliefAction } from '../../shared/beliefActions.ts';
import { commentCounts, listComments, observeComments, type BoardComment } from '../../shared/comments.ts';
import { ValueStore } from './externalStore.ts';
import type { BoardSession } from './session.ts';

export interface DiscussionSnapshot {
  /** Every readable comment, oldest first. */
  comments: BoardComment[];
  /** Comments per belief that are not hidden. */
  counts: ReadonlyMap<string, number>;
  /** Every readable action, oldest first. */
  actions: BeliefAction[];
}

// Repaired, not raw (shared/comments.ts): a peer may have written anything under these keys.
function readSnapshot(doc: Y.Doc): DiscussionSnapshot {
  const comments = listComments(doc);
  return { comments, counts: commentCounts(comments), actions: listActions(doc) };
}

const stores = new WeakMap<Y.Doc, ValueStore<DiscussionSnapshot>>();

export function discussionStore(doc: Y.Doc): ValueStore<DiscussionSnapshot> {
  let store = stores.get(doc);
  if (!store) {
    const made = new ValueStore(readSnapshot(doc));
    const refresh = () => made.set(readSnapshot(doc));
    observeComments(doc, refresh);
    observeActions(doc, refresh);
    stores.set(doc, made);
    store = made;
  }
  return store;
}

export function useDiscussion(session: BoardSession): DiscussionSnapshot {
  const store = discussionStore(session.doc);
  return useSyncExternalStore(store.subscribe, store.get);
}

/** A belief's visible comments, and how many of them mention `participantId`; a number pair, so a row re-renders only when they change. */
export function useCommentCount(session: BoardSession, beliefId: string, participantId: string): { count: number; mentionsMe: number } {
  const store = discussionStore(session.doc);
  const key = useSyncExternalStore(
    store.subscribe,
    useCallback(() => {
      const { counts, comments } = store.get();
      const mentions = comments.filter((comment) => comment.beliefId === beliefId && !comment.hidden && comment.mentions.includes(participantId)).length;
      return `${counts.get(beliefId) ?? 0}:${mentions}`;
    }, [store, beliefId, participantId]),
  );
  const [count, mentionsMe] = key.split(':').map(Number);
  return { count, mentionsMe };
}
