// The discussion and the actions as the model keeps them (shared/comments.ts,
// shared/beliefActions.ts), and what the retro exports make of them (shared/exports/retroText.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ActionError, addAction, isDueDate, listActions, suggestedActions, updateAction } from '../../shared/beliefActions.ts';
import {
  addComment,
  CommentError,
  commentCounts,
  deleteComment,
  editComment,
  lastWords,
  listComments,
  setCommentHidden,
  threadsOf,
} from '../../shared/comments.ts';
import { markdownSummary } from '../../shared/exports/markdown.ts';
import { parseSince } from '../../shared/exports/retroText.ts';
import { MAX_COMMENT_MENTIONS, MAX_COMMENT_TEXT } from '../../shared/limits.ts';
import { addBelief, createBoard } from '../../shared/model.ts';
import { quadrantOf } from '../../shared/quadrants.ts';
import { snapshotJson } from '../../shared/snapshot/format.ts';
import { snapshotFromDoc } from '../../shared/snapshot/fromDoc.ts';
import { parseSnapshot } from '../../shared/snapshot/parse.ts';
import { docFromSnapshot } from '../../shared/snapshot/toDoc.ts';
import { buildRetroBoard, EXPORT_BOARD_CREATED_AT, EXPORT_BOARD_EXPORTED_AT } from '../helpers/exportBoard.ts';

function board(): { doc: Y.Doc; belief: string } {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Talk' });
  const belief = addBelief(doc, { text: 'We test in production', x: 0, y: 0, authorId: 'ana' }, null);
  return { doc, belief };
}

describe('comments', () => {
  it('keeps replies one level deep: answering a reply answers its thread', () => {
    const { doc, belief } = board();
    const root = addComment(doc, { beliefId: belief, authorId: 'ana', text: 'Do we?', createdAt: 1 }, null);
    const reply = addComment(doc, { beliefId: belief, authorId: 'bo', text: 'Sometimes', parentId: root, createdAt: 2 }, null);
    const answer = addComment(doc, { beliefId: belief, authorId: 'ana', text: 'When?', parentId: reply, createdAt: 3 }, null);
    const [thread, ...others] = threadsOf(listComments(doc), belief);
    expect(others).toEqual([]);
    expect(thread.root?.id).toBe(root);
    expect(thread.replies.map((comment) => comment.id)).toEqual([reply, answer]);
  });

  it('trims, bounds and refuses empty words; mentions are distinct and bounded', () => {
    const { doc, belief } = board();
    expect(() => addComment(doc, { beliefId: belief, authorId: 'ana', text: '   ' }, null)).toThrow(CommentError);
    const many = Array.from({ length: MAX_COMMENT_MENTIONS + 5 }, (_, i) => `p${i % (MAX_COMMENT_MENTIONS + 2)}`);
    const id = addComment(doc, { beliefId: belief, authorId: 'ana', text: ` ${'🚀'.repeat(MAX_COMMENT_TEXT + 3)} `, mentions: many }, null);
    const [comment] = listComments(doc);
    expect(comment.id).toBe(id);
    expect(Array.from(comment.text)).toHaveLength(MAX_COMMENT_TEXT);
    expect(comment.mentions).toEqual(Array.from({ length: MAX_COMMENT_MENTIONS }, (_, i) => `p${i}`));
    expect(() => editComment(doc, id, { text: '' }, null)).toThrow(/cannot be empty/);
  });

  it('an edit keeps the thread and marks the time; a deleted root leaves its replies in a thread of their own', () => {
    const { doc, belief } = board();
    const root = addComment(doc, { beliefId: belief, authorId: 'ana', text: 'First', createdAt: 1 }, null);
    addComment(doc, { beliefId: belief, authorId: 'bo', text: 'Reply', parentId: root, createdAt: 2 }, null);
    editComment(doc, root, { text: 'First, rewritten' }, null, 50);
    expect(listComments(doc)[0]).toMatchObject({ text: 'First, rewritten', editedAt: 50, createdAt: 1, parentId: null });
    deleteComment(doc, root, null);
    const threads = threadsOf(listComments(doc), belief);
    expect(threads).toHaveLength(1);
    expect(threads[0].root).toBeNull();
    expect(threads[0].replies.map((comment) => comment.text)).toEqual(['Reply']);
  });

  it('counts and last words leave hidden comments out', () => {
    const { doc, belief } = board();
    addComment(doc, { beliefId: belief, authorId: 'ana', text: 'Kept', createdAt: 1 }, null);
    const rant = addComment(doc, { beliefId: belief, authorId: 'bo', text: 'Rant', createdAt: 2 }, null);
    setCommentHidden(doc, rant, true, 'fiona', null, 3);
    const comments = listComments(doc);
    expect(comments.find((comment) => comment.id === rant)?.hidden).toEqual({ by: 'fiona', at: 3 });
    expect(commentCounts(comments).get(belief)).toBe(1);
    expect(lastWords(comments).get(belief)?.text).toBe('Kept');
    setCommentHidden(doc, rant, false, 'fiona', null);
    expect(commentCounts(listComments(doc)).get(belief)).toBe(2);
  });
});

describe('actions', () => {
  it('are suggested by quadrant as Cutler frames them', () => {
    // Split team (convergence 0.2) wanting change (direction −1): "We must resolve our differences".
    expect(suggestedActions(quadrantOf(0.2, -1))).toEqual(['Schedule a discussion', 'Run an experiment']);
    expect(suggestedActions(quadrantOf(0.9, 1))).toEqual([]);
    expect(suggestedActions(null)).toEqual([]);
  });

  it('hold a real date, a person or a name, and a status; the author and creation stay on update', () => {
    const { doc, belief } = board();
    expect(isDueDate('2027-02-28')).toBe(true);
    expect(isDueDate('2027-02-29')).toBe(false);
    expect(() => addAction(doc, { beliefId: belief, authorId: 'ana', text: 'x', due: '2027-13-01' }, null)).toThrow(ActionError);
    expect(() => addAction(doc, { beliefId: belief, authorId: 'ana', text: '  ' }, null)).toThrow(/needs a few words/);
    const id = addAction(doc, { beliefId: belief, authorId: 'ana', text: 'Run an experiment', ownerId: 'bo', ownerName: 'ignored', createdAt: 10 }, null);
    updateAction(doc, id, { status: 'done', ownerId: null, ownerName: ' Dana ' }, null, 20);
    expect(listActions(doc)).toEqual([
      { id, beliefId: belief, text: 'Run an experiment', ownerId: null, ownerName: 'Dana', due: null, status: 'done', authorId: 'ana', createdAt: 10, updatedAt: 20 },
    ]);
  });
});

describe('the retro exports', () => {
  const doc = buildRetroBoard();
  const snapshot = snapshotFromDoc(doc, { now: EXPORT_BOARD_EXPORTED_AT });

  it('re-import the discussion and the actions whole', () => {
    const parsed = parseSnapshot(JSON.parse(snapshotJson(snapshot)));
    if (!parsed.ok) throw new Error(parsed.error);
    const again = snapshotFromDoc(docFromSnapshot(parsed.snapshot), { now: EXPORT_BOARD_EXPORTED_AT });
    expect(again.comments).toEqual(snapshot.comments);
    expect(again.actions).toEqual(snapshot.actions);
    expect(snapshot.comments.find((comment) => comment.id === 'c-3')?.hidden).toEqual({ by: 'p-ana', at: expect.any(Number) });
  });

  it('the stored version 2 file still imports with its discussion, hide and actions', () => {
    const parsed = parseSnapshot(JSON.parse(readFileSync('tests/fixtures/snapshot-v2.json', 'utf8')));
    if (!parsed.ok) throw new Error(parsed.error);
    const imported = docFromSnapshot(parsed.snapshot);
    expect(listComments(imported).map(({ id, parentId, hidden }) => ({ id, parentId, hidden: hidden !== null }))).toEqual([
      { id: 'c-1', parentId: null, hidden: false },
      { id: 'c-2', parentId: 'c-1', hidden: false },
      { id: 'c-3', parentId: null, hidden: true },
      { id: 'c-4', parentId: null, hidden: false },
    ]);
    expect(listActions(imported).map(({ id, status, ownerId, ownerName }) => ({ id, status, ownerId, ownerName }))).toEqual([
      { id: 'a-1', status: 'done', ownerId: 'p-chen', ownerName: '' },
      { id: 'a-2', status: 'open', ownerId: null, ownerName: 'Finance =team' },
    ]);
  });

  it('say what changed since a date: beliefs added after it, positions recorded after it', () => {
    // An hour and a half in: the positions (recorded from the first hour on) and the last
    // beliefs, but not the first ones.
    const since = EXPORT_BOARD_CREATED_AT + 5 * 60_000;
    const text = markdownSummary(snapshot, { since });
    const section = text.slice(text.indexOf('## What changed since 2026-03-09 09:05 UTC'), text.indexOf('## We agree'));
    expect(section).toContain('**Beliefs added** (2):\n- _(empty)_\n- \\=SUM(A1) 1. looks like a list  - dash line \\> quoted');
    expect(section).toContain('**Positions changed** on 6 beliefs:');
    expect(section).toContain('- We ship "small", often, and safely: 5 positions recorded or changed');
    expect(section).toContain('**Comments** (3):');
    expect(section).not.toContain('Off-topic rant');
    expect(markdownSummary(snapshot, { since: EXPORT_BOARD_EXPORTED_AT + 1 })).toContain('_Nothing changed since then._');
    expect(markdownSummary(snapshot)).not.toContain('What changed since');
  });

  it('read "since" as a UTC date or time, and nothing else', () => {
    expect(parseSince('2026-03-14')).toBe(Date.UTC(2026, 2, 14));
    expect(parseSince('2026-03-14T09:05')).toBe(Date.UTC(2026, 2, 14, 9, 5));
    expect(parseSince('2026-03-14T09:05:00+01:00')).toBe(Date.UTC(2026, 2, 14, 8, 5));
    for (const bad of ['yesterday', '14/03/2026', '2026-13-01', '', '1773046800000']) expect(parseSince(bad), bad).toBeNull();
  });
});
