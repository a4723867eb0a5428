// The canvas's gestures as a state machine (client/canvas/gestures/): pan, zoom, select,
// box-select, drag and edit, and calling each off, driven with plain events against a
// board of three notes — no DOM, no Konva, no document.
import { beforeEach, describe, expect, it } from 'vitest';
import { GestureMachine } from '../../client/canvas/gestures/GestureMachine.ts';
import { DRAG_THRESHOLD } from '../../client/canvas/gestures/gestureStates.ts';
import type { GestureCommand, GestureEvent, GestureWorld, PointerKind } from '../../client/canvas/gestures/gestureTypes.ts';
import { intersects, screenToBoard, type Bounds, type Point, type Viewport } from '../../client/editor/viewport.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';

/** Three notes in a row, 200 × 100 each, 100 apart; at zoom 1 from (0, 0), screen = board. */
const NOTES: Record<string, Bounds> = {
  a: { minX: 0, minY: 0, maxX: 200, maxY: 100 },
  b: { minX: 300, minY: 0, maxX: 500, maxY: 100 },
  c: { minX: 600, minY: 0, maxX: 800, maxY: 100 },
};
const EMPTY: Point = { x: 250, y: 300 };

function inside(box: Bounds, p: Point): boolean {
  return p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY;
}

/** The board as the machine asks about it, changed by the commands as the canvas would. */
class Board implements GestureWorld {
  camera: Viewport = { x: 0, y: 0, scale: 1, width: 1000, height: 700 };
  selected: string[] = [];
  movable = true;
  editable = true;
  commands: GestureCommand[] = [];

  viewport = () => this.camera;
  noteAt = (p: Point) => Object.keys(NOTES).find((id) => inside(NOTES[id], p)) ?? null;
  notesIn = (area: Bounds) => Object.keys(NOTES).filter((id) => intersects(NOTES[id], area));
  selection = () => this.selected;
  mayMoveNotes = () => this.movable;
  mayEditNotes = () => this.editable;

  apply(commands: GestureCommand[]): void {
    this.commands.push(...commands);
    for (const command of commands) {
      if (command.type === 'select') this.selected = command.ids;
      if (command.type === 'camera') this.camera = command.viewport;
    }
  }
}

let board: Board;
let machine: GestureMachine;

function send(event: GestureEvent): { commands: GestureCommand[]; handled: boolean } {
  const reaction = machine.send(event);
  board.apply(reaction.commands);
  return reaction;
}

const pointer = (pointerId = 1, pointerType: PointerKind = 'mouse') => ({ pointerId, pointerType });
const down = (at: Point, options: { button?: number; shift?: boolean; pointerId?: number; touch?: boolean } = {}) =>
  send({ type: 'pointerDown', ...pointer(options.pointerId, options.touch ? 'touch' : 'mouse'), button: options.button ?? 0, at, shift: options.shift ?? false });
const move = (at: Point, pointerId = 1, touch = false) => send({ type: 'pointerMove', ...pointer(pointerId, touch ? 'touch' : 'mouse'), at });
const up = (at: Point, pointerId = 1, touch = false) => send({ type: 'pointerUp', ...pointer(pointerId, touch ? 'touch' : 'mouse'), at });
const cancel = (pointerId = 1) => send({ type: 'pointerCancel', ...pointer(pointerId) });
const escape = () => send({ type: 'keyDown', key: 'Escape' });
const types = (commands: GestureCommand[]) => commands.map((command) => command.type);

beforeEach(() => {
  board = new Board();
  machine = new GestureMachine(board);
});

describe('select', () => {
  it('selects a clicked note alone, and a click on empty space clears the selection', () => {
    down({ x: 50, y: 50 });
    expect(board.selected).toEqual(['a']);
    up({ x: 50, y: 50 });
    down({ x: 350, y: 50 });
    up({ x: 350, y: 50 });
    expect(board.selected).toEqual(['b']);
    down(EMPTY);
    up(EMPTY);
    expect(board.selected).toEqual([]);
    expect(machine.state.name).toBe('idle');
  });

  it('adds a note with Shift+click and takes it out again with Shift+click', () => {
    board.selected = ['a'];
    down({ x: 350, y: 50 }, { shift: true });
    up({ x: 350, y: 50 });
    expect(board.selected).toEqual(['a', 'b']);
    down({ x: 50, y: 50 }, { shift: true });
    expect(board.selected).toEqual(['b']);
    // Taking a note out starts no gesture: nothing follows the pointer.
    expect(machine.state.name).toBe('idle');
  });

  it('a click inside a selection of several selects that note alone, once the press ends without a drag', () => {
    board.selected = ['a', 'b'];
    down({ x: 350, y: 50 });
    expect(board.selected).toEqual(['a', 'b']);
    up({ x: 351, y: 50 });
    expect(board.selected).toEqual(['b']);
  });

  it('takes the pointer for the whole gesture', () => {
    expect(down({ x: 50, y: 50 }, { pointerId: 7 }).commands).toContainEqual({ type: 'capturePointer', pointerId: 7 });
  });
});

describe('pan', () => {
  it('drags the camera with the pointer on empty space, past a small threshold', () => {
    down(EMPTY);
    move({ x: EMPTY.x + 1, y: EMPTY.y + 1 });
    expect(board.camera.x).toBe(0);
    expect(machine.cursor()).toBe('');
    move({ x: EMPTY.x + 40, y: EMPTY.y + 10 });
    expect(board.camera).toMatchObject({ x: -40, y: -10, scale: 1 });
    expect(machine.cursor()).toBe('grabbing');
    move({ x: EMPTY.x + 60, y: EMPTY.y + 10 });
    expect(board.camera).toMatchObject({ x: -60, y: -10 });
    up({ x: EMPTY.x + 60, y: EMPTY.y + 10 });
    // A pan is no click: the selection stays.
    expect(board.commands.filter((command) => command.type === 'select')).toEqual([]);
    expect(machine.cursor()).toBe('');
  });

  it('pans from a note with Space held, and with the middle button, without moving the note', () => {
    send({ type: 'keyDown', key: 'Space' });
    expect(machine.cursor()).toBe('grab');
    down({ x: 50, y: 50 });
    move({ x: 80, y: 50 });
    up({ x: 80, y: 50 });
    send({ type: 'keyUp', key: 'Space' });
    expect(board.camera.x).toBe(-30);
    down({ x: 50, y: 50 }, { button: 1 });
    move({ x: 50, y: 90 });
    up({ x: 50, y: 90 });
    expect(board.camera.y).toBe(-40);
    expect(types(board.commands)).not.toContain('beginMove');
    expect(board.selected).toEqual([]);
  });

  it('stops where it got to on Escape or pointercancel, and follows the pointer no more', () => {
    down(EMPTY);
    move({ x: EMPTY.x + 50, y: EMPTY.y });
    expect(escape().handled).toBe(true);
    move({ x: EMPTY.x + 90, y: EMPTY.y });
    expect(board.camera.x).toBe(-50);

    down(EMPTY);
    move({ x: EMPTY.x, y: EMPTY.y + 20 });
    cancel();
    move({ x: EMPTY.x, y: EMPTY.y + 80 });
    expect(board.camera.y).toBe(-20);
    expect(machine.state.name).toBe('idle');
  });

  it('a cancelled click on empty space clears nothing', () => {
    board.selected = ['a'];
    down(EMPTY);
    cancel();
    expect(board.selected).toEqual(['a']);
  });

  it('forgets Space when the window loses focus', () => {
    send({ type: 'keyDown', key: 'Space' });
    send({ type: 'blur' });
    expect(machine.cursor()).toBe('');
    down({ x: 50, y: 50 });
    expect(board.selected).toEqual(['a']);
  });
});

describe('zoom', () => {
  it('zooms at the pointer with Ctrl+wheel: the board point under it stays put', () => {
    const at = { x: 400, y: 300 };
    const before = screenToBoard(board.camera, at);
    send({ type: 'wheel', at, dx: 0, dy: -100, zoom: true, shift: false });
    expect(board.camera.scale).toBeGreaterThan(1);
    const after = screenToBoard(board.camera, at);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('pans with the wheel, sideways with Shift on a mouse wheel', () => {
    send({ type: 'wheel', at: EMPTY, dx: 0, dy: 30, zoom: false, shift: false });
    expect(board.camera).toMatchObject({ x: 0, y: 30 });
    send({ type: 'wheel', at: EMPTY, dx: 0, dy: 30, zoom: false, shift: true });
    expect(board.camera).toMatchObject({ x: 30, y: 30 });
  });

  it('pinches with two fingers, and the second finger ends what the first began', () => {
    down({ x: 50, y: 50 }, { pointerId: 1, touch: true });
    move({ x: 80, y: 50 }, 1, true);
    expect(types(board.commands)).toContain('beginMove');
    down({ x: 400, y: 300 }, { pointerId: 2, touch: true });
    expect(board.commands.at(-1)).toEqual({ type: 'endMove', offset: null });
    expect(machine.state.name).toBe('pinching');
    // Fingers apart: zoom in about their midpoint.
    move({ x: 500, y: 350 }, 2, true);
    expect(board.camera.scale).toBeGreaterThan(1);
    up({ x: 500, y: 350 }, 2, true);
    expect(machine.state.name).toBe('idle');
    // The finger left does nothing until lifted.
    const scale = board.camera.scale;
    move({ x: 10, y: 10 }, 1, true);
    expect(board.camera.scale).toBe(scale);
    up({ x: 10, y: 10 }, 1, true);
  });
});

describe('box-select', () => {
  it('Shift+drag on empty space selects every note the box touches, added to the selection', () => {
    board.selected = ['c'];
    down({ x: 100, y: 200 }, { shift: true });
    move({ x: 350, y: 50 });
    const marquee = board.commands.filter((command) => command.type === 'marquee').at(-1);
    expect(marquee).toEqual({ type: 'marquee', area: { minX: 100, minY: 50, maxX: 350, maxY: 200 } });
    expect(board.selected).toEqual(['c', 'a', 'b']);
    // Drawn back, the box lets go of what it no longer touches.
    move({ x: 150, y: 50 });
    expect(board.selected).toEqual(['c', 'a']);
    up({ x: 150, y: 50 });
    expect(board.commands.at(-1)).toEqual({ type: 'marquee', area: null });
    expect(board.selected).toEqual(['c', 'a']);
  });

  it('gives the selection back on Escape or pointercancel', () => {
    board.selected = ['c'];
    down({ x: 100, y: 200 }, { shift: true });
    move({ x: 350, y: 50 });
    expect(escape().handled).toBe(true);
    expect(board.selected).toEqual(['c']);
    expect(board.commands.at(-2)).toEqual({ type: 'marquee', area: null });

    down({ x: 100, y: 200 }, { shift: true });
    move({ x: 350, y: 50 });
    cancel();
    expect(board.selected).toEqual(['c']);
    expect(machine.state.name).toBe('idle');
  });
});

describe('drag', () => {
  it('moves the pressed note by the pointer travelled in board units, as one move', () => {
    board.camera = { ...board.camera, scale: 2 };
    down({ x: 50, y: 50 });
    move({ x: 51, y: 50 });
    expect(types(board.commands)).not.toContain('beginMove');
    move({ x: 50 + DRAG_THRESHOLD + 7, y: 50 });
    move({ x: 90, y: 70 });
    up({ x: 110, y: 70 });
    const moves = board.commands.filter((command) => command.type !== 'select' && command.type !== 'capturePointer');
    expect(moves).toEqual([
      { type: 'beginMove', ids: ['a'] },
      { type: 'moveNotes', offset: { x: 5, y: 0 } },
      { type: 'moveNotes', offset: { x: 20, y: 10 } },
      { type: 'endMove', offset: { x: 30, y: 10 } },
    ]);
  });

  it('moves the whole selection when a selected note is dragged, and keeps the selection', () => {
    board.selected = ['a', 'b'];
    down({ x: 350, y: 50 });
    move({ x: 400, y: 50 });
    up({ x: 400, y: 50 });
    expect(board.commands.find((command) => command.type === 'beginMove')).toEqual({ type: 'beginMove', ids: ['a', 'b'] });
    expect(board.selected).toEqual(['a', 'b']);
  });

  it('does not move notes that may not move (view only, locked, Measured view); the press is still a click', () => {
    board.movable = false;
    board.selected = ['a', 'b'];
    down({ x: 350, y: 50 });
    move({ x: 420, y: 50 });
    up({ x: 420, y: 50 });
    expect(types(board.commands)).not.toContain('beginMove');
    expect(board.selected).toEqual(['b']);
  });

  it('puts the notes back on Escape, and the shortcuts do not see that Escape', () => {
    down({ x: 50, y: 50 });
    move({ x: 90, y: 50 });
    const reaction = escape();
    expect(reaction).toEqual({ commands: [{ type: 'cancelMove' }], handled: true });
    // The pointer is still down, but the gesture is over.
    move({ x: 120, y: 50 });
    up({ x: 120, y: 50 });
    expect(board.commands.at(-1)).toEqual({ type: 'cancelMove' });
    expect(board.selected).toEqual(['a']);
  });

  it('puts the notes back on pointercancel, and ignores other pointers meanwhile', () => {
    down({ x: 50, y: 50 });
    move({ x: 90, y: 50 });
    move({ x: 500, y: 500 }, 2);
    up({ x: 500, y: 500 }, 2);
    expect(board.commands.filter((command) => command.type === 'moveNotes')).toHaveLength(1);
    cancel();
    expect(board.commands.at(-1)).toEqual({ type: 'cancelMove' });
    expect(machine.state.name).toBe('idle');
  });

  it('leaves the notes where they got to when the canvas goes away mid-drag', () => {
    down({ x: 50, y: 50 });
    move({ x: 90, y: 50 });
    send({ type: 'interrupt' });
    expect(board.commands.at(-1)).toEqual({ type: 'endMove', offset: null });
  });
});

describe('edit', () => {
  it("double-clicking a note opens its editor; the editor's closing ends the editing", () => {
    send({ type: 'doubleClick', at: { x: 350, y: 50 } });
    expect(board.commands).toEqual([{ type: 'editNote', id: 'b' }]);
    expect(machine.state).toEqual({ name: 'editing', noteId: 'b' });
    send({ type: 'editingEnded' });
    expect(machine.state.name).toBe('idle');
  });

  it('double-clicking empty space adds a note centred there', () => {
    send({ type: 'doubleClick', at: { x: 400, y: 400 } });
    expect(board.commands).toEqual([{ type: 'addNote', at: { x: 400 - NOTE_WIDTH / 2, y: 400 - NOTE_MIN_HEIGHT / 2 } }]);
    expect(machine.state.name).toBe('editing');
  });

  it('neither adds nor edits where notes may not change', () => {
    board.editable = false;
    send({ type: 'doubleClick', at: { x: 350, y: 50 } });
    send({ type: 'doubleClick', at: EMPTY });
    expect(board.commands).toEqual([]);
    expect(machine.state.name).toBe('idle');
  });

  it('a press elsewhere while editing starts a gesture as usual (the editor closes itself)', () => {
    send({ type: 'doubleClick', at: { x: 350, y: 50 } });
    down({ x: 50, y: 50 });
    expect(board.selected).toEqual(['a']);
    expect(machine.state.name).toBe('pointingNote');
  });

  it('leaves Escape to the note editor and the shortcuts when no gesture is under way', () => {
    expect(escape().handled).toBe(false);
    send({ type: 'doubleClick', at: { x: 350, y: 50 } });
    expect(escape()).toEqual({ commands: [], handled: false });
  });
});
