// Moving notes with the pointer: each step is written to the document, so the others see
// the notes travel, and the whole move is one undo step however long it pauses midway —
// the steps would otherwise split into several wherever the pointer rested longer than
// the undo manager's capture timeout. Cancelled, the notes go back where they were and
// my history is as it was before the move.
import { moveBeliefs, type BeliefMove } from '../../shared/model.ts';
import type { BoardSession } from '../state/session.ts';
import type { Point } from './viewport.ts';

export class NoteMove {
  private readonly savedCaptureTimeout: number;
  private written = false;
  private finished = false;

  constructor(
    private readonly session: Pick<BoardSession, 'doc' | 'origin' | 'undoManager'>,
    /** The notes and where they were when the move began. */
    readonly origins: readonly BeliefMove[],
  ) {
    const { undoManager } = session;
    undoManager.stopCapturing();
    this.savedCaptureTimeout = undoManager.captureTimeout;
    undoManager.captureTimeout = Number.POSITIVE_INFINITY;
  }

  get ids(): string[] {
    return this.origins.map((origin) => origin.id);
  }

  /** Puts every note at its place when the move began plus `offset` (board units). */
  to(offset: Point): void {
    if (this.finished || this.origins.length === 0) return;
    const moves = this.origins.map((o) => ({ id: o.id, x: Math.round(o.x + offset.x), y: Math.round(o.y + offset.y) }));
    moveBeliefs(this.session.doc, moves, this.session.origin);
    this.written = true;
  }

  /** Ends the move, at `offset` when given (else where the last step left the notes). */
  commit(offset: Point | null = null): void {
    if (this.finished) return;
    if (offset) this.to(offset);
    this.finish();
  }

  /** Ends the move with every note back where it was, and nothing of it to undo or redo. */
  cancel(): void {
    if (this.finished) return;
    this.finish();
    if (!this.written) return;
    const { undoManager } = this.session;
    // The move is the last undo step (it began with stopCapturing), and its first step
    // emptied the redo stack: undoing it and emptying that again leaves my history as it was.
    undoManager.undo();
    undoManager.clear(false, true);
  }

  private finish(): void {
    this.finished = true;
    this.session.undoManager.captureTimeout = this.savedCaptureTimeout;
    this.session.undoManager.stopCapturing();
  }
}
