// The canvas's gestures, one state node per state, as tldraw's tools have them
// (packages/editor/src/lib/editor/tools/StateNode.ts): each node answers the events that
// matter in its state with commands, and with the state to be in next. The gesture map,
// as Miro and tldraw users expect it:
//   drag on empty space        pan (a click there clears the selection)
//   shift+drag on empty space  box-select: adds every note it touches to the selection
//   space+drag, middle drag    pan from anywhere, notes included
//   click a note               select it;  shift+click toggles it in the selection
//   drag a note                move it, or the whole selection when it is selected
//                              (not in the Measured view: there notes sit by the numbers)
//   double-click               on empty space a new note there; on a note its editor
//   Escape, pointercancel      call the gesture off: moved notes go back, a box-selection
//                              gives the selection back, a pan stays where it got to
// Wheel, pinch and the keys held are the machine's own (GestureMachine.ts), whatever the state.
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../../shared/schema.ts';
import { rectFromPoints } from '../../editor/layout/noteGeometry.ts';
import { panBy, screenToBoard, type Point } from '../../editor/viewport.ts';
import type { GestureCommand, GestureEvent, GestureWorld } from './gestureTypes.ts';

/** Screen pixels a pointer must travel before a press becomes a drag rather than a click. */
export const DRAG_THRESHOLD = 3;

export type GestureState =
  | { name: 'idle' }
  /** Pressed on empty space (or anywhere with Space or the middle button): a click, or a pan once it moves. */
  | { name: 'pointingCanvas'; pointerId: number; start: Point; clearSelectionOnClick: boolean }
  /** Pressed on a note: a click, or a move of `ids` once it moves (if notes may move). */
  | { name: 'pointingNote'; pointerId: number; start: Point; startBoard: Point; ids: string[]; selectOnClick: string | null }
  | { name: 'panning'; pointerId: number; last: Point }
  | { name: 'boxSelecting'; pointerId: number; startBoard: Point; base: readonly string[] }
  | { name: 'draggingNotes'; pointerId: number; startBoard: Point; offset: Point }
  /** Two fingers on a touch screen: zoom and pan together. */
  | { name: 'pinching' }
  /** A note's text editor is open (null: a note just added, mine or private). */
  | { name: 'editing'; noteId: string | null };

export type StateName = GestureState['name'];

/** What a node sees besides the event: the board, the keys held, and where to put commands. */
export interface NodeContext {
  world: GestureWorld;
  spaceHeld: boolean;
  out: GestureCommand[];
}

export interface Transition {
  next: GestureState;
  /** The event was this state's business (see GestureReaction.handled). */
  handled?: boolean;
}

type Handler<S extends GestureState, E extends GestureEvent['type']> = (
  state: S,
  event: Extract<GestureEvent, { type: E }>,
  context: NodeContext,
) => Transition | null;

/** A state's answers; an event it has no answer for leaves it as it is. */
export type StateNode<S extends GestureState> = {
  [E in GestureEvent['type']]?: Handler<S, E>;
};

const IDLE: GestureState = { name: 'idle' };

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function toBoard(world: GestureWorld, at: Point): Point {
  return screenToBoard(world.viewport(), at);
}

function samePointer(state: { pointerId: number }, event: { pointerId: number }): boolean {
  return state.pointerId === event.pointerId;
}

/** A press where nothing is going on: what it starts depends on what is under it and the keys held. */
function press(event: Extract<GestureEvent, { type: 'pointerDown' }>, { world, spaceHeld, out }: NodeContext): Transition | null {
  const { pointerId, at } = event;
  const capture = (next: GestureState): Transition => {
    out.push({ type: 'capturePointer', pointerId });
    return { next };
  };
  if (event.button === 1 || (event.button === 0 && spaceHeld)) {
    return capture({ name: 'pointingCanvas', pointerId, start: at, clearSelectionOnClick: false });
  }
  if (event.button !== 0) return null;
  const board = toBoard(world, at);
  const hit = world.noteAt(board);
  const selection = [...world.selection()];
  if (!hit) {
    return capture(
      event.shift
        ? { name: 'boxSelecting', pointerId, startBoard: board, base: selection }
        : { name: 'pointingCanvas', pointerId, start: at, clearSelectionOnClick: true },
    );
  }
  let ids: string[];
  let selectOnClick: string | null = null;
  if (event.shift) {
    if (selection.includes(hit)) {
      out.push({ type: 'select', ids: selection.filter((id) => id !== hit) });
      return null;
    }
    ids = [...selection, hit];
    out.push({ type: 'select', ids });
  } else if (selection.includes(hit)) {
    ids = selection;
    // A click (no drag) inside a selection of several selects that note alone.
    selectOnClick = selection.length > 1 ? hit : null;
  } else {
    ids = [hit];
    out.push({ type: 'select', ids });
  }
  return capture({ name: 'pointingNote', pointerId, start: at, startBoard: board, ids, selectOnClick });
}

/** A double-click: on a note its editor, on empty space a new note there. */
function doubleClick(event: Extract<GestureEvent, { type: 'doubleClick' }>, { world, out }: NodeContext): Transition | null {
  if (!world.mayEditNotes()) return null;
  const board = toBoard(world, event.at);
  const hit = world.noteAt(board);
  if (hit) {
    out.push({ type: 'editNote', id: hit });
    return { next: { name: 'editing', noteId: hit } };
  }
  out.push({ type: 'addNote', at: { x: Math.round(board.x - NOTE_WIDTH / 2), y: Math.round(board.y - NOTE_MIN_HEIGHT / 2) } });
  return { next: { name: 'editing', noteId: null } };
}

const idle: StateNode<Extract<GestureState, { name: 'idle' }>> = {
  pointerDown: (_state, event, context) => press(event, context),
  doubleClick: (_state, event, context) => doubleClick(event, context),
};

const pointingCanvas: StateNode<Extract<GestureState, { name: 'pointingCanvas' }>> = {
  pointerMove: (state, event, { world, out }) => {
    if (!samePointer(state, event) || distance(event.at, state.start) < DRAG_THRESHOLD) return null;
    out.push({ type: 'camera', viewport: panBy(world.viewport(), event.at.x - state.start.x, event.at.y - state.start.y) });
    return { next: { name: 'panning', pointerId: state.pointerId, last: event.at } };
  },
  pointerUp: (state, event, { out }) => {
    if (!samePointer(state, event)) return null;
    if (state.clearSelectionOnClick) out.push({ type: 'select', ids: [] });
    return { next: IDLE };
  },
  pointerCancel: (state, event) => (samePointer(state, event) ? { next: IDLE } : null),
  keyDown: (_state, event) => (event.key === 'Escape' ? { next: IDLE, handled: true } : null),
  // Ended from outside (a second finger, the canvas going away): the press was a click.
  interrupt: (state, _event, { out }) => {
    if (state.clearSelectionOnClick) out.push({ type: 'select', ids: [] });
    return { next: IDLE };
  },
};

const panning: StateNode<Extract<GestureState, { name: 'panning' }>> = {
  pointerMove: (state, event, { world, out }) => {
    if (!samePointer(state, event)) return null;
    out.push({ type: 'camera', viewport: panBy(world.viewport(), event.at.x - state.last.x, event.at.y - state.last.y) });
    return { next: { ...state, last: event.at } };
  },
  pointerUp: (state, event) => (samePointer(state, event) ? { next: IDLE } : null),
  pointerCancel: (state, event) => (samePointer(state, event) ? { next: IDLE } : null),
  keyDown: (_state, event) => (event.key === 'Escape' ? { next: IDLE, handled: true } : null),
  interrupt: () => ({ next: IDLE }),
};

const boxSelecting: StateNode<Extract<GestureState, { name: 'boxSelecting' }>> = {
  pointerMove: (state, event, { world, out }) => {
    if (!samePointer(state, event)) return null;
    const area = rectFromPoints(state.startBoard, toBoard(world, event.at));
    const base = new Set(state.base);
    out.push({ type: 'marquee', area }, { type: 'select', ids: [...state.base, ...world.notesIn(area).filter((id) => !base.has(id))] });
    return { next: state };
  },
  pointerUp: (state, event, { out }) => {
    if (!samePointer(state, event)) return null;
    out.push({ type: 'marquee', area: null });
    return { next: IDLE };
  },
  pointerCancel: (state, event, context) => (samePointer(state, event) ? giveSelectionBack(state, context) : null),
  keyDown: (state, event, context) => (event.key === 'Escape' ? { ...giveSelectionBack(state, context), handled: true } : null),
  interrupt: (_state, _event, { out }) => {
    out.push({ type: 'marquee', area: null });
    return { next: IDLE };
  },
};

function giveSelectionBack(state: Extract<GestureState, { name: 'boxSelecting' }>, { out }: NodeContext): Transition {
  out.push({ type: 'marquee', area: null }, { type: 'select', ids: [...state.base] });
  return { next: IDLE };
}

const pointingNote: StateNode<Extract<GestureState, { name: 'pointingNote' }>> = {
  pointerMove: (state, event, { world, out }) => {
    if (!samePointer(state, event)) return null;
    // A view-only link, a locked board or the Measured view lets me select notes but not move them.
    if (!world.mayMoveNotes() || distance(event.at, state.start) < DRAG_THRESHOLD) return null;
    const board = toBoard(world, event.at);
    const offset = { x: board.x - state.startBoard.x, y: board.y - state.startBoard.y };
    out.push({ type: 'beginMove', ids: state.ids }, { type: 'moveNotes', offset });
    return { next: { name: 'draggingNotes', pointerId: state.pointerId, startBoard: state.startBoard, offset } };
  },
  pointerUp: (state, event, { out }) => {
    if (!samePointer(state, event)) return null;
    if (state.selectOnClick) out.push({ type: 'select', ids: [state.selectOnClick] });
    return { next: IDLE };
  },
  pointerCancel: (state, event) => (samePointer(state, event) ? { next: IDLE } : null),
  keyDown: (_state, event) => (event.key === 'Escape' ? { next: IDLE, handled: true } : null),
  // Ended from outside (a second finger, the canvas going away): the press was a click.
  interrupt: (state, _event, { out }) => {
    if (state.selectOnClick) out.push({ type: 'select', ids: [state.selectOnClick] });
    return { next: IDLE };
  },
};

const draggingNotes: StateNode<Extract<GestureState, { name: 'draggingNotes' }>> = {
  pointerMove: (state, event, { world, out }) => {
    if (!samePointer(state, event)) return null;
    const board = toBoard(world, event.at);
    const offset = { x: board.x - state.startBoard.x, y: board.y - state.startBoard.y };
    out.push({ type: 'moveNotes', offset });
    return { next: { ...state, offset } };
  },
  pointerUp: (state, event, { world, out }) => {
    if (!samePointer(state, event)) return null;
    const board = toBoard(world, event.at);
    out.push({ type: 'endMove', offset: { x: board.x - state.startBoard.x, y: board.y - state.startBoard.y } });
    return { next: IDLE };
  },
  pointerCancel: (state, event, { out }) => {
    if (!samePointer(state, event)) return null;
    out.push({ type: 'cancelMove' });
    return { next: IDLE };
  },
  keyDown: (_state, event, { out }) => {
    if (event.key !== 'Escape') return null;
    out.push({ type: 'cancelMove' });
    return { next: IDLE, handled: true };
  },
  interrupt: (_state, _event, { out }) => {
    out.push({ type: 'endMove', offset: null });
    return { next: IDLE };
  },
};

// Its moves are the machine's own: the camera follows both fingers (GestureMachine.ts).
const pinching: StateNode<Extract<GestureState, { name: 'pinching' }>> = {
  interrupt: () => ({ next: IDLE }),
};

const editing: StateNode<Extract<GestureState, { name: 'editing' }>> = {
  // A press anywhere on the canvas takes focus from the editor, which closes itself.
  pointerDown: (_state, event, context) => press(event, context) ?? { next: IDLE },
  doubleClick: (_state, event, context) => doubleClick(event, context),
  editingEnded: () => ({ next: IDLE }),
  interrupt: () => ({ next: IDLE }),
};

export const STATE_NODES: { [N in StateName]: StateNode<Extract<GestureState, { name: N }>> } = {
  idle,
  pointingCanvas,
  pointingNote,
  panning,
  boxSelecting,
  draggingNotes,
  pinching,
  editing,
};

export { IDLE };
