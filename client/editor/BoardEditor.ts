// One open board as the UI sees it: everything between the components and the document.
// The session (state/session.ts) holds the board — the Y.Doc, the relay connection, my
// presence, my undo history — and the editor adds what this tab does with it: who may do
// what (shared/boardRules.ts), the selection, the note being written, where a new note
// goes, undo, the camera and the layout the notes are drawn in. Components reach it
// through React context (EditorContext.tsx); the action table (actions.ts) runs on it.
// The document is still changed only through shared/model.ts.
import { mayChangeBoardSettings, mayChangeNotes, mayDeleteBelief, type Actor } from '../../shared/boardRules.ts';
import {
  addBelief,
  deleteBeliefs,
  ModelError,
  othersWithPositions,
  readBelief,
  readBoardMeta,
  restoreBeliefs,
  setBeliefColor,
  setBeliefText,
  type PositionInput,
} from '../../shared/model.ts';
import { ValueStore } from '../state/externalStore.ts';
import type { BoardSession } from '../state/session.ts';
import { workshopStore } from '../state/workshopStore.ts';
import { BoardLayout } from './layout/boardLayout.ts';
import { NoteMove } from './noteMove.ts';
import { placeInUnplacedTray } from './layout/unplacedTray.ts';
import { placeNewNote } from './placement.ts';
import { intersects, visibleBounds, ViewportStore, type Point } from './viewport.ts';
import { noteBox } from './layout/noteGeometry.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';

export interface NewNote {
  /** Top-left corner of the note on the board. */
  at: Point;
  text?: string;
}

/** Where a new note went: into the document, or to the relay as my private note. */
export interface AddedNote {
  id: string;
  private: boolean;
}

export class BoardEditor {
  /** The camera of this tab: session state, never synced. */
  readonly viewport = new ViewportStore();
  /** Where each note is drawn in this tab: its own place, or the Measured view. */
  readonly layout: BoardLayout;
  /** The beliefs I have selected, shown to the others as my presence. */
  readonly selection = new ValueStore<string[]>([]);
  /** The belief whose text editor is open in this tab (canvas overlay), or null. */
  readonly editing = new ValueStore<string | null>(null);
  /** The private note whose text is open in the canvas editor, or null (docs/rounds.md). */
  readonly privateEditing = new ValueStore<string | null>(null);
  /** The note the pointer rests on, whose figures card is open. */
  readonly hovered = new ValueStore<string | null>(null);
  /** Why the last thing I asked for did not happen, in words, until dismissed. */
  readonly problem = new ValueStore<string | null>(null);
  /** Whether the board's history is shown instead of the live map (docs/history.md). */
  readonly historyOpen = new ValueStore<boolean>(false);

  constructor(readonly session: BoardSession) {
    this.layout = new BoardLayout(session);
  }

  // ---- who may do what: the board's rules table (shared/boardRules.ts) as me

  /** Who I am to the board's rules: my role through my link and my participant id. */
  actor(): Actor {
    return this.session.actor();
  }

  /** Whether my link lets me change the board at all (a view-only link does not). */
  canEdit(): boolean {
    return this.session.access.canEdit();
  }

  /**
   * Whether I may change notes (add, write, move, colour, delete) now: my link must let
   * me edit, and a locked board freezes notes for everyone but facilitators. Positions are
   * not notes: a lock leaves them open, so a round can run on a frozen board.
   */
  mayChangeNotes(): boolean {
    return mayChangeNotes(this.session.doc, this.actor());
  }

  /** Whether the facilitator's lock keeps me from changing notes. */
  isLockedForMe(): boolean {
    return workshopStore(this.session.doc).get().state.locked && !this.isFacilitator();
  }

  isFacilitator(): boolean {
    return this.session.access.role.get() === 'facilitate';
  }

  /** Only a belief's author or a facilitator deletes it. */
  mayDelete(authorId: string): boolean {
    return mayDeleteBelief(this.actor(), authorId);
  }

  /** Renaming the board and the like: facilitators only. */
  mayChangeBoardSettings(): boolean {
    return mayChangeBoardSettings(this.actor());
  }

  /** The beliefs among `ids` I may delete now. */
  deletableBeliefs(ids: readonly string[]): string[] {
    const { doc } = this.session;
    return ids.filter((id) => {
      const belief = readBelief(doc, id);
      return belief !== null && belief.deletedAt === null && this.mayDelete(belief.authorId);
    });
  }

  // ---- selection and the note being written

  select(ids: readonly string[]): void {
    const current = this.selection.get();
    if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
    const next = [...ids];
    this.selection.set(next);
    this.session.shareSelection(next);
  }

  /** Opens the canvas editor of a belief, selected alone. */
  editNote(id: string): void {
    this.select([id]);
    this.editing.set(id);
  }

  /** Opens the editor of a note just added: a belief's, or a private note's (which is no belief). */
  openNoteEditor(added: AddedNote): void {
    if (added.private) this.privateEditing.set(added.id);
    else this.editNote(added.id);
  }

  // ---- notes

  /** Whether the facilitator has private writing on: new notes are then mine alone. */
  isPrivateWriting(): boolean {
    return workshopStore(this.session.doc).get().state.privateWriting;
  }

  /**
   * Adds a note: while private writing is on, a private one (only I see it until the
   * facilitator ends private writing: docs/rounds.md), else a belief in the document. This
   * is the one place that decides: the N key, the toolbar, a double-click on the canvas,
   * the list's "Add belief" and "Write a belief" all come here, so no path can leak a
   * note into the document by forgetting the rule. Returns null, after saying why, when
   * the board refuses another belief.
   */
  addNote(note: NewNote): AddedNote | null {
    const { session } = this;
    const text = note.text ?? '';
    if (this.isPrivateWriting()) {
      return { id: session.workshop.addPrivateBelief({ text, x: note.at.x, y: note.at.y }), private: true };
    }
    // A new note is its own undo step, never merged into the typing just before it.
    session.undoManager.stopCapturing();
    try {
      return { id: addBelief(session.doc, { ...note.at, text, authorId: session.me.id }, session.origin), private: false };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      this.report(error.message);
      return null;
    }
  }

  /**
   * Adds a note (empty unless a text is given) clear of the notes already there: on a
   * belief-map board in the "Unplaced" tray beside the matrix, brought into view; on any
   * other board in the middle of the view. A belief is selected. See addNote.
   */
  addNoteInView(text = ''): AddedNote | null {
    const { session } = this;
    // Stepped off my private notes too, so two private notes in a row do not stack.
    const taken = [...session.beliefs.all(), ...session.workshop.myPrivateBeliefs()];
    const inTray = readBoardMeta(session.doc).template === 'belief-map' && !this.layout.isRearranged();
    const at = inTray ? placeInUnplacedTray(taken) : placeNewNote(this.viewport.center(), taken);
    const added = this.addNote({ at, text });
    if (added && inTray) this.bringIntoView(at);
    if (added && !added.private) this.select([added.id]);
    return added;
  }

  /** Pans, at the same zoom, so a new note at `corner` is on screen for its editor. */
  private bringIntoView(corner: Point): void {
    const view = this.viewport.get();
    const box = noteBox(corner, NOTE_MIN_HEIGHT);
    const shown = visibleBounds(view);
    const whole = box.minX >= shown.minX && box.maxX <= shown.maxX && box.minY >= shown.minY && box.maxY <= shown.maxY;
    if (whole || (intersects(box, shown) && view.width < NOTE_WIDTH * view.scale)) return;
    const centre = { x: corner.x + NOTE_WIDTH / 2, y: corner.y + NOTE_MIN_HEIGHT / 2 };
    this.viewport.set({ ...view, x: centre.x - view.width / 2 / view.scale, y: centre.y - view.height / 2 / view.scale });
  }

  setText(id: string, text: string): void {
    setBeliefText(this.session.doc, id, text, this.session.origin);
  }

  setColor(ids: readonly string[], color: string): void {
    setBeliefColor(this.session.doc, [...ids], color, this.session.origin);
  }

  /**
   * Deletes what I may of `ids`, asking first when others answered them (a deleted belief
   * waits in "Recently deleted" with its positions). Says in words what was not deleted,
   * and returns the ids deleted.
   */
  deleteAsAllowed(ids: readonly string[], confirm: (question: string) => boolean = (question) => window.confirm(question)): string[] {
    const { session } = this;
    const allowed = this.deletableBeliefs(ids);
    if (allowed.length < ids.length) {
      this.report(
        allowed.length === 0
          ? 'You can delete only the beliefs you wrote; the facilitator can delete any.'
          : `${ids.length - allowed.length} of the selected beliefs were written by others: only their authors or the facilitator can delete them.`,
      );
    }
    if (allowed.length === 0) return [];
    const answered = new Set(allowed.flatMap((id) => othersWithPositions(session.doc, id, session.me.id)));
    if (answered.size > 0) {
      const what = allowed.length === 1 ? 'This belief has' : 'These beliefs have';
      const people = answered.size === 1 ? '1 other person' : `${answered.size} other people`;
      if (!confirm(`${what} positions from ${people}. Delete anyway? It waits in "Recently deleted" with every position, and you or the facilitator can restore it.`)) return [];
    }
    session.undoManager.stopCapturing();
    deleteBeliefs(session.doc, allowed, session.me.id, session.origin);
    const editing = this.editing.get();
    if (editing && allowed.includes(editing)) this.editing.set(null);
    return allowed;
  }

  restore(ids: readonly string[]): void {
    restoreBeliefs(this.session.doc, [...ids], this.session.origin);
  }

  /**
   * Starts moving notes from where they are now: written to the document as the pointer
   * goes, so the others see them move, and one undo step however long it takes.
   */
  beginMove(ids: readonly string[]): NoteMove {
    const origins = ids.flatMap((id) => {
      const belief = this.session.beliefs.get(id);
      return belief ? [{ id, x: belief.x, y: belief.y }] : [];
    });
    return new NoteMove(this.session, origins);
  }

  // ---- positions

  /**
   * Records my position on a belief as its own undo step: sealed to the relay while the
   * belief is in an open round, else into the document. A refusal is said in words.
   */
  recordPosition(id: string, input: PositionInput): void {
    this.session.undoManager.stopCapturing();
    try {
      this.session.workshop.recordPosition(id, input);
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      this.report(error.message);
    }
  }

  clearMyPosition(id: string): void {
    this.session.undoManager.stopCapturing();
    this.session.workshop.clearMyPosition(id);
  }

  // ---- undo: my own changes only (the undo manager tracks this tab's origin)

  undo(): void {
    this.session.undoManager.undo();
    this.dropVanishedFromSelection();
  }

  redo(): void {
    this.session.undoManager.redo();
    this.dropVanishedFromSelection();
  }

  /** Says, above the board, why something I asked for did not happen. */
  report(message: string): void {
    this.problem.set(message);
  }

  private dropVanishedFromSelection(): void {
    const ids = this.selection.get();
    const kept = ids.filter((id) => this.session.beliefs.get(id));
    if (kept.length !== ids.length) this.select(kept);
  }
}
