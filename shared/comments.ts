// A belief's discussion: short comments with their author and time, replies one level
// deep, mentions of people on the board (their participant ids, shown as their names),
// edits and deletions by the author, and the facilitator's hide. Each comment is one flat
// entry of `comments`, so two people commenting at once never collide; a hide is an entry
// of `hiddenComments` under the same id, so an author's edit and a facilitator's hide made
// at the same moment both stay (one record would keep only the later of the two).
// The relay enforces who writes what by the rules table (shared/boardRules.ts).
import * as Y from 'yjs';
import { isItemId, newId } from './ids.ts';
import { MAX_COMMENT_MENTIONS, MAX_COMMENT_TEXT } from './limits.ts';
import { clampedText, isPlainRecord, validTime } from './repairValues.ts';
import { ROOT } from './schema.ts';

export interface CommentRecord {
  beliefId: string;
  authorId: string;
  /** The comment this one answers (always a top-level one), or null for a new thread. */
  parentId: string | null;
  text: string;
  /** Participant ids, each at most once. */
  mentions: string[];
  createdAt: number;
  /** When the author last changed it, or null. */
  editedAt: number | null;
}

export interface HideRecord {
  /** The facilitator who hid it. */
  by: string;
  at: number;
}

/** A comment as the views read it: repaired, with its id and whether it is hidden. */
export interface BoardComment extends CommentRecord {
  id: string;
  hidden: HideRecord | null;
}

/** A top-level comment and its replies, oldest first. `root` is null when the comment the replies answer was deleted. */
export interface Thread {
  id: string;
  root: BoardComment | null;
  replies: BoardComment[];
}

export class CommentError extends Error {}

export function commentsMap(doc: Y.Doc): Y.Map<CommentRecord> {
  return doc.getMap(ROOT.comments);
}
export function hiddenCommentsMap(doc: Y.Doc): Y.Map<HideRecord> {
  return doc.getMap(ROOT.hiddenComments);
}

/** Comment text as stored: trimmed, at most MAX_COMMENT_TEXT code points. */
export function commentText(text: string): string {
  return clampedText(text.trim(), MAX_COMMENT_TEXT).trim();
}

/** Distinct participant ids, at most MAX_COMMENT_MENTIONS. */
export function cleanMentions(mentions: readonly string[]): string[] {
  return [...new Set(mentions.filter(isItemId))].slice(0, MAX_COMMENT_MENTIONS);
}

export interface NewComment {
  beliefId: string;
  authorId: string;
  text: string;
  parentId?: string | null;
  mentions?: readonly string[];
  id?: string;
  createdAt?: number;
}

export function addComment(doc: Y.Doc, comment: NewComment, origin: unknown): string {
  const text = commentText(comment.text);
  if (text === '') throw new CommentError('Write something first: an empty comment is not posted.');
  let parentId = comment.parentId ?? null;
  if (parentId !== null) {
    // Replies stay one level deep: answering a reply answers its thread.
    const parent = readStoredComment(doc, parentId);
    if (parent?.parentId) parentId = parent.parentId;
  }
  const id = comment.id ?? newId();
  const record: CommentRecord = {
    beliefId: comment.beliefId,
    authorId: comment.authorId,
    parentId,
    text,
    mentions: cleanMentions(comment.mentions ?? []),
    createdAt: comment.createdAt ?? Date.now(),
    editedAt: null,
  };
  doc.transact(() => commentsMap(doc).set(id, record), origin);
  return id;
}

/** A comment exactly as a snapshot holds it (shared/snapshot/toDoc.ts): its id, times and hide kept. */
export function importComment(doc: Y.Doc, comment: CommentRecord & { id: string; hidden: HideRecord | null }, origin: unknown): void {
  const { id, hidden, ...record } = comment;
  doc.transact(() => {
    commentsMap(doc).set(id, { ...record, text: commentText(record.text), mentions: cleanMentions(record.mentions) });
    if (hidden) hiddenCommentsMap(doc).set(id, hidden);
  }, origin);
}

/** The author's new words (and mentions) for their comment. */
export function editComment(doc: Y.Doc, id: string, change: { text: string; mentions?: readonly string[] }, origin: unknown, now = Date.now()): void {
  const stored = readStoredComment(doc, id);
  if (!stored) throw new CommentError('That comment was deleted meanwhile.');
  const text = commentText(change.text);
  if (text === '') throw new CommentError('A comment cannot be empty: delete it instead.');
  const mentions = change.mentions ? cleanMentions(change.mentions) : stored.mentions;
  doc.transact(() => commentsMap(doc).set(id, { ...stored, text, mentions, editedAt: now }), origin);
}

/** Removes the author's comment; its replies stay, under "comment deleted". */
export function deleteComment(doc: Y.Doc, id: string, origin: unknown): void {
  doc.transact(() => {
    commentsMap(doc).delete(id);
    // A hide of a comment that is gone hides nothing; only a facilitator may remove it, so it stays.
  }, origin);
}

/** The facilitator hides a comment from everyone's view (its author still sees it, marked), or shows it again. */
export function setCommentHidden(doc: Y.Doc, id: string, hidden: boolean, facilitatorId: string, origin: unknown, now = Date.now()): void {
  doc.transact(() => {
    if (hidden) hiddenCommentsMap(doc).set(id, { by: facilitatorId, at: now });
    else hiddenCommentsMap(doc).delete(id);
  }, origin);
}

/** A stored comment, repaired, or null. */
export function readStoredComment(doc: Y.Doc, id: string): CommentRecord | null {
  return repairComment(commentsMap(doc).get(id));
}

/**
 * A stored value as a comment, or null when it cannot be one (no belief, no author). A
 * peer running other code can write anything here; the relay refuses that today, but a
 * reader never throws on it.
 */
export function repairComment(value: unknown): CommentRecord | null {
  if (!isPlainRecord(value)) return null;
  const { beliefId, authorId, parentId, text, mentions, createdAt, editedAt } = value;
  if (!isItemId(beliefId) || typeof authorId !== 'string') return null;
  return {
    beliefId,
    authorId,
    parentId: isItemId(parentId) ? parentId : null,
    text: clampedText(text, MAX_COMMENT_TEXT),
    mentions: Array.isArray(mentions) ? cleanMentions(mentions.filter((m): m is string => typeof m === 'string')) : [],
    createdAt: validTime(createdAt),
    editedAt: editedAt === null || editedAt === undefined ? null : validTime(editedAt, 0) || null,
  };
}

function repairHide(value: unknown): HideRecord | null {
  if (!isPlainRecord(value)) return null;
  return { by: typeof value.by === 'string' ? value.by : '', at: validTime(value.at) };
}

function byTime(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// A stored record is a new object whenever its entry changes, so a repaired copy keyed by
// the stored object is read once: re-listing 5,000 comments after one new one repairs one.
const repaired = new WeakMap<object, CommentRecord | null>();

function repairCached(value: unknown): CommentRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!repaired.has(value)) repaired.set(value, repairComment(value));
  return repaired.get(value)!;
}

/** Every readable comment on the board, oldest first. */
export function listComments(doc: Y.Doc): BoardComment[] {
  const hides = hiddenCommentsMap(doc);
  const out: BoardComment[] = [];
  commentsMap(doc).forEach((value: unknown, id) => {
    const record = repairCached(value);
    if (record) out.push({ ...record, id, hidden: repairHide(hides.get(id)) });
  });
  return out.sort(byTime);
}

/**
 * A belief's threads, oldest first, each with its replies oldest first. A reply whose
 * top-level comment was deleted keeps a thread of its own with no root ("comment deleted").
 */
export function threadsOf(comments: readonly BoardComment[], beliefId: string): Thread[] {
  const mine = comments.filter((comment) => comment.beliefId === beliefId);
  const roots = new Map<string, Thread>();
  for (const comment of mine) if (comment.parentId === null) roots.set(comment.id, { id: comment.id, root: comment, replies: [] });
  for (const comment of mine) {
    if (comment.parentId === null) continue;
    let thread = roots.get(comment.parentId);
    if (!thread) {
      thread = { id: comment.parentId, root: null, replies: [] };
      roots.set(comment.parentId, thread);
    }
    thread.replies.push(comment);
  }
  const first = (thread: Thread) => thread.root ?? thread.replies[0];
  return [...roots.values()].sort((a, b) => byTime(first(a), first(b)));
}

/** Comments per belief that a reader sees (hidden ones are not counted). */
export function commentCounts(comments: readonly BoardComment[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const comment of comments) if (!comment.hidden) counts.set(comment.beliefId, (counts.get(comment.beliefId) ?? 0) + 1);
  return counts;
}

/** The discussion's last word on each belief: its latest comment nobody hid. */
export function lastWords(comments: readonly BoardComment[]): Map<string, BoardComment> {
  const last = new Map<string, BoardComment>();
  for (const comment of comments) if (!comment.hidden) last.set(comment.beliefId, comment);
  return last;
}

/** Calls `listener` after every transaction that touched comments or their hides. */
export function observeComments(doc: Y.Doc, listener: () => void): () => void {
  const comments = commentsMap(doc);
  const hides = hiddenCommentsMap(doc);
  const handler = () => listener();
  comments.observe(handler);
  hides.observe(handler);
  return () => {
    comments.unobserve(handler);
    hides.unobserve(handler);
  };
}
