// Moving notes with the pointer (client/editor/noteMove.ts): written step by step, one
// undo step however long the move pauses, and a cancelled move leaves the notes and my
// history as they were.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NoteMove } from '../../client/editor/noteMove.ts';
import { addBelief, createBoard, moveBeliefs, readBelief, undoScope } from '../../shared/model.ts';

function board() {
  const doc = new Y.Doc();
  const origin = { kind: 'local' as const, participantId: 'me' };
  createBoard(doc, { title: 'Moves' });
  const undoManager = new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([origin]), captureTimeout: 500 });
  const a = addBelief(doc, { text: 'A', x: 0, y: 0, authorId: 'me' }, origin);
  const b = addBelief(doc, { text: 'B', x: 300, y: 0, authorId: 'me' }, origin);
  const session = { doc, origin, undoManager };
  const place = (id: string) => {
    const belief = readBelief(doc, id);
    return belief && { x: belief.x, y: belief.y };
  };
  return { doc, origin, undoManager, session, a, b, place };
}

describe('NoteMove', () => {
  it('writes each step, and the whole move is one undo step', () => {
    const { session, undoManager, a, b, place } = board();
    undoManager.stopCapturing();
    const before = undoManager.undoStack.length;
    const move = new NoteMove(session, [
      { id: a, x: 0, y: 0 },
      { id: b, x: 300, y: 0 },
    ]);
    move.to({ x: 10.4, y: 5 });
    expect(place(a)).toEqual({ x: 10, y: 5 });
    // A pause longer than the capture timeout would split the move without NoteMove.
    undoManager.lastChange = Date.now() - 10_000;
    move.to({ x: 40, y: 5 });
    move.commit({ x: 50, y: 20 });
    expect(place(a)).toEqual({ x: 50, y: 20 });
    expect(place(b)).toEqual({ x: 350, y: 20 });
    expect(undoManager.undoStack.length).toBe(before + 1);
    expect(undoManager.captureTimeout).toBe(500);
    undoManager.undo();
    expect(place(a)).toEqual({ x: 0, y: 0 });
    expect(place(b)).toEqual({ x: 300, y: 0 });
  });

  it('committed without an offset, leaves the notes where the last step put them', () => {
    const { session, a, place } = board();
    const move = new NoteMove(session, [{ id: a, x: 0, y: 0 }]);
    move.to({ x: 30, y: 0 });
    move.commit();
    expect(place(a)).toEqual({ x: 30, y: 0 });
  });

  it('cancelled, puts the notes back and leaves nothing of the move to undo or redo', () => {
    const { doc, origin, session, undoManager, a, place } = board();
    undoManager.stopCapturing();
    moveBeliefs(doc, [{ id: a, x: 5, y: 5 }], origin);
    const undoDepth = undoManager.undoStack.length;
    const move = new NoteMove(session, [{ id: a, x: 5, y: 5 }]);
    move.to({ x: 100, y: 100 });
    move.to({ x: 120, y: 100 });
    move.cancel();
    expect(place(a)).toEqual({ x: 5, y: 5 });
    expect(undoManager.undoStack.length).toBe(undoDepth);
    expect(undoManager.redoStack).toHaveLength(0);
    expect(undoManager.captureTimeout).toBe(500);
    // My earlier move is still the one undo takes back.
    undoManager.undo();
    expect(place(a)).toEqual({ x: 0, y: 0 });
  });

  it('cancelled before any step, changes nothing', () => {
    const { session, undoManager, a, place } = board();
    const undoDepth = undoManager.undoStack.length;
    new NoteMove(session, [{ id: a, x: 0, y: 0 }]).cancel();
    expect(place(a)).toEqual({ x: 0, y: 0 });
    expect(undoManager.undoStack.length).toBe(undoDepth);
  });
});
