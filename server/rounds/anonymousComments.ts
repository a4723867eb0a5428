// Comments under an anonymous level (docs/security.md, "Comments and the anonymity
// levels"): as with answers, no browser writes its own comment then — the rules table
// refuses it — and the relay writes it with its own Yjs client, its author the writer's
// pseudonym (the same one as their answers). Only the relay's store joins a pseudonym to a
// person, so an edit or deletion is honoured only from the participant the relay made that
// pseudonym for. The relay's writes are not judged by the rules table, so every value is
// checked here against the same rules a browser's comment must pass.
import * as Y from 'yjs';
import { isPseudonym } from '../../shared/anonymity.ts';
import { ENTRY_ROOTS } from '../../shared/boardRules.ts';
import { addComment, CommentError, commentsMap, deleteComment, editComment, repairComment } from '../../shared/comments.ts';
import { isBeliefLive } from '../../shared/model.ts';
import { ROOT } from '../../shared/schema.ts';
import type { WorkshopRequest } from '../../shared/workshopMessages.ts';

/** The relay's writes: no origin (see RoundKeeper). */
const RELAY = null;

export type CommentRequest = Extract<WorkshopRequest, { kind: 'comment' | 'editComment' | 'deleteComment' }>;

/**
 * Carries out the request under `pseudonym` (the asker's); returns why not in words, or
 * null when written. `pseudonym` is null when the asker has none yet: they own no comment.
 */
export function writeAnonymousComment(doc: Y.Doc, request: CommentRequest, pseudonym: string, now = Date.now()): string | null {
  const comments = commentsMap(doc);
  if (request.kind === 'comment') {
    if (comments.has(request.id)) return 'That comment was already posted.';
    if (!isBeliefLive(doc, request.beliefId)) return 'That belief is no longer on the board: your comment was not posted.';
    if (request.parentId !== null) {
      const parent = repairComment(comments.get(request.parentId));
      // The model files a reply to a reply under its thread; a thread of another belief is no thread of this one.
      if (parent && parent.beliefId !== request.beliefId) return 'A reply answers a comment on the same belief.';
      // The thread it lands in, as the table holds a browser's reply to it: a top-level
      // comment on the same belief, never the comment itself (a reply to a reply that was
      // itself a reply to a comment not yet posted would otherwise become its own parent).
      const thread = parent?.parentId ?? request.parentId;
      const root = thread === request.parentId ? parent : repairComment(comments.get(thread));
      if (thread === request.id || (root && (root.parentId !== null || root.beliefId !== request.beliefId))) return 'A reply answers a top-level comment on the same belief.';
    }
    return attempt(() => {
      const record = { beliefId: request.beliefId, authorId: pseudonym, text: request.text, mentions: request.mentions, parentId: request.parentId, id: request.id, createdAt: now };
      checkedWrite(doc, request.id, () => addComment(doc, record, RELAY));
    });
  }
  const stored = repairComment(comments.get(request.id));
  if (!stored) return 'That comment was deleted meanwhile.';
  if (stored.authorId !== pseudonym) return request.kind === 'editComment' ? 'Only its author may edit a comment.' : 'Only its author may delete a comment.';
  if (request.kind === 'deleteComment') {
    deleteComment(doc, request.id, RELAY);
    return null;
  }
  return attempt(() => checkedWrite(doc, request.id, () => editComment(doc, request.id, { text: request.text, mentions: request.mentions }, RELAY, now)));
}

/**
 * Writes, then checks the stored value as the rules table checks a browser's, and takes
 * the write back if it fails: the relay's own writes are trusted by every reader, so
 * nothing the rules would refuse from a browser may get in this way.
 */
function checkedWrite(doc: Y.Doc, id: string, write: () => void): void {
  const before = commentsMap(doc).get(id);
  write();
  const problem = ENTRY_ROOTS[ROOT.comments].value!(commentsMap(doc).get(id), id);
  if (problem) {
    // Put back what was there: the write is the relay's, so nothing else can have come between.
    doc.transact(() => {
      if (before === undefined) commentsMap(doc).delete(id);
      else commentsMap(doc).set(id, before);
    }, RELAY);
    throw new CommentError(`That comment was not posted: ${problem}.`);
  }
}

function attempt(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof CommentError) return error.message;
    throw error;
  }
}

/** Authors of comments still under their own id (written before a switch to an anonymous level). */
export function namedCommentAuthors(doc: Y.Doc): Set<string> {
  const authors = new Set<string>();
  commentsMap(doc).forEach((value: unknown) => {
    const record = repairComment(value);
    if (record && !isPseudonym(record.authorId)) authors.add(record.authorId);
  });
  return authors;
}

/**
 * Moves every named comment under its author's pseudonym (inside the caller's transaction).
 * A comment keeps its id, thread, words and times: replies still find it, and whoever read
 * it named already knew whose it was (docs/groups.md says what the switch hides).
 */
export function moveCommentsUnder(doc: Y.Doc, under: (participantId: string) => string): void {
  const comments = commentsMap(doc);
  const named: [string, NonNullable<ReturnType<typeof repairComment>>][] = [];
  comments.forEach((value: unknown, id) => {
    const record = repairComment(value);
    if (record && !isPseudonym(record.authorId)) named.push([id, record]);
  });
  for (const [id, record] of named) comments.set(id, { ...record, authorId: under(record.authorId) });
}
