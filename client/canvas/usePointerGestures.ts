// Turns pointer, wheel and key input over the canvas into board actions. Konva's own
// event system is not used: every layer is listening(false), so Konva never paints a hit
// graph, and hit testing is editor/layout/noteGeometry.ts over the same boxes the notes are drawn in.
//
// The gesture map, as Miro and tldraw users expect it:
//   drag on empty space        pan (a click there clears the selection)
//   shift+drag on empty space  marquee: adds every note it touches to the selection
//   space+drag, middle drag    pan from anywhere, notes included
//   wheel / trackpad scroll    pan;  ctrl/cmd+wheel, trackpad pinch: zoom at the pointer
//   two fingers (touch)        pinch to zoom and pan together
//   click a note               select it;  shift+click toggles it in the selection
//   drag a note                move it, or the whole selection when it is selected
//                              (not in the Measured view: there notes sit by the numbers)
//   double-click               on empty space a new note there; on a note its editor
import { useEffect, type RefObject } from 'react';
import type { BeliefMove } from '../../shared/model.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { notesTouching, rectFromPoints, topNoteAt } from '../editor/layout/noteGeometry.ts';
import type { NoteMove } from '../editor/noteMove.ts';
import { pinchStep, screenToBoard, wheelDeltaPixels, wheelZoomFactor, type Point } from '../editor/viewport.ts';
import type { CanvasState } from './canvasState.ts';

/** Screen pixels a pointer must travel before a press becomes a drag rather than a click. */
const DRAG_THRESHOLD = 3;
/** My cursor is published at most this often (20 Hz): smooth enough, light on the relay. */
const CURSOR_INTERVAL_MS = 50;

type Gesture =
  | { kind: 'pan'; pointerId: number; last: Point; start: Point; moved: boolean; clearSelectionOnClick: boolean }
  | { kind: 'marquee'; pointerId: number; startBoard: Point; base: string[] }
  | {
      kind: 'drag';
      pointerId: number;
      start: Point;
      startBoard: Point;
      origins: BeliefMove[];
      moved: boolean;
      /** The note to select alone if the press ends as a click inside a selection. */
      selectOnClick: string | null;
    }
  | { kind: 'pinch' };

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function usePointerGestures(
  hostRef: RefObject<HTMLDivElement | null>,
  focusRef: RefObject<HTMLDivElement | null>,
  canvas: CanvasState,
): void {
  const editor = useEditor();
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const { session, viewport, layout } = editor;
    const { beliefs } = session;
    // Notes are hit where they are drawn, which in the Measured view is not their own place.
    const { boxOf } = layout;

    let gesture: Gesture | null = null;
    let spaceHeld = false;
    const touches = new Map<number, Point>();

    const local = (e: { clientX: number; clientY: number }): Point => {
      const rect = host.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    const toBoard = (p: Point) => screenToBoard(viewport.get(), p);
    const setCursorStyle = () => {
      host.style.cursor = gesture?.kind === 'pan' && gesture.moved ? 'grabbing' : spaceHeld ? 'grab' : '';
    };

    // ---- presence: my cursor, throttled with a trailing send so the last spot is exact
    let cursorSentAt = 0;
    let cursorTimer: ReturnType<typeof setTimeout> | null = null;
    let cursorPending: Point | null = null;
    const sendCursor = () => {
      cursorTimer = null;
      cursorSentAt = performance.now();
      if (cursorPending) session.setCursor(cursorPending);
    };
    const publishCursor = (screen: Point) => {
      const board = toBoard(screen);
      cursorPending = { x: Math.round(board.x), y: Math.round(board.y) };
      const wait = CURSOR_INTERVAL_MS - (performance.now() - cursorSentAt);
      if (wait <= 0) sendCursor();
      else cursorTimer ??= setTimeout(sendCursor, wait);
    };
    const hideCursor = () => {
      if (cursorTimer) clearTimeout(cursorTimer);
      cursorTimer = null;
      cursorPending = null;
      session.setCursor(null);
    };

    // ---- dragging notes: written to the doc once per frame, so others see the note move
    let frame = 0;
    let pendingOffset: Point | null = null;
    let move: NoteMove | null = null;
    const flushDrag = () => {
      frame = 0;
      if (move && pendingOffset) move.to(pendingOffset);
      pendingOffset = null;
    };
    const beginDrag = (g: Extract<Gesture, { kind: 'drag' }>) => {
      g.moved = true;
      g.selectOnClick = null;
      canvas.startDragging(g.origins.map((o) => o.id));
      move = editor.beginMove(g.origins.map((o) => o.id));
    };
    const endDrag = (g: Extract<Gesture, { kind: 'drag' }>, finalScreen: Point | null) => {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pendingOffset = null;
      const board = finalScreen && toBoard(finalScreen);
      move?.commit(board && { x: board.x - g.startBoard.x, y: board.y - g.startBoard.y });
      move = null;
      canvas.stopDragging();
    };

    const finishGesture = (finalScreen: Point | null) => {
      const g = gesture;
      gesture = null;
      if (!g) return;
      if (g.kind === 'drag') {
        if (g.moved) endDrag(g, finalScreen);
        else if (g.selectOnClick) editor.select([g.selectOnClick]);
      } else if (g.kind === 'pan') {
        if (!g.moved && g.clearSelectionOnClick) editor.select([]);
      } else if (g.kind === 'marquee') {
        canvas.marquee.set(null);
      }
      setCursorStyle();
    };

    const startPress = (e: PointerEvent, screen: Point) => {
      const board = toBoard(screen);
      const panAnywhere = e.button === 1 || (e.button === 0 && spaceHeld);
      if (panAnywhere) {
        gesture = { kind: 'pan', pointerId: e.pointerId, start: screen, last: screen, moved: false, clearSelectionOnClick: false };
        return;
      }
      if (e.button !== 0) return;
      const hit = topNoteAt(beliefs.getIds(), boxOf, board);
      const selection = editor.selection.get();
      if (!hit) {
        gesture = e.shiftKey
          ? { kind: 'marquee', pointerId: e.pointerId, startBoard: board, base: selection }
          : { kind: 'pan', pointerId: e.pointerId, start: screen, last: screen, moved: false, clearSelectionOnClick: true };
        return;
      }
      let dragged: string[];
      let selectOnClick: string | null = null;
      if (e.shiftKey) {
        if (selection.includes(hit)) {
          editor.select(selection.filter((id) => id !== hit));
          return;
        }
        dragged = [...selection, hit];
        editor.select(dragged);
      } else if (selection.includes(hit)) {
        dragged = selection;
        selectOnClick = selection.length > 1 ? hit : null;
      } else {
        dragged = [hit];
        editor.select(dragged);
      }
      const origins = dragged.flatMap((id) => {
        const belief = beliefs.get(id);
        return belief ? [{ id, x: belief.x, y: belief.y }] : [];
      });
      gesture = { kind: 'drag', pointerId: e.pointerId, start: screen, startBoard: board, origins, moved: false, selectOnClick };
    };

    const onPointerDown = (e: PointerEvent) => {
      // Stops the middle button's autoscroll (and paste on Linux) before it starts.
      if (e.button === 1) e.preventDefault();
      focusRef.current?.focus({ preventScroll: true });
      const screen = local(e);
      if (e.pointerType === 'touch') {
        touches.set(e.pointerId, screen);
        if (touches.size === 2) {
          // A second finger turns whatever the first one started into a pinch.
          finishGesture(null);
          gesture = { kind: 'pinch' };
          return;
        }
        if (touches.size > 2) return;
      }
      if (gesture) return;
      startPress(e, screen);
      if (gesture) host.setPointerCapture(e.pointerId);
      setCursorStyle();
    };

    const onPointerMove = (e: PointerEvent) => {
      const screen = local(e);
      if (e.pointerType !== 'touch') publishCursor(screen);
      if (gesture?.kind === 'pinch') {
        if (!touches.has(e.pointerId)) return;
        const before = [...touches.values()] as [Point, Point];
        touches.set(e.pointerId, screen);
        viewport.set(pinchStep(viewport.get(), before, [...touches.values()] as [Point, Point]));
        return;
      }
      if (e.pointerType === 'touch' && touches.has(e.pointerId)) touches.set(e.pointerId, screen);
      if (!gesture || gesture.pointerId !== e.pointerId) return;
      switch (gesture.kind) {
        case 'pan': {
          if (!gesture.moved && Math.hypot(screen.x - gesture.start.x, screen.y - gesture.start.y) < DRAG_THRESHOLD) return;
          gesture.moved = true;
          viewport.panBy(screen.x - gesture.last.x, screen.y - gesture.last.y);
          gesture.last = screen;
          setCursorStyle();
          return;
        }
        case 'marquee': {
          const area = rectFromPoints(gesture.startBoard, toBoard(screen));
          canvas.marquee.set(area);
          const touched = notesTouching(beliefs.getIds(), boxOf, area);
          const base = new Set(gesture.base);
          editor.select([...gesture.base, ...touched.filter((id) => !base.has(id))]);
          return;
        }
        case 'drag': {
          if (!gesture.moved) {
            // A view-only link, or a locked board, lets me select notes but not move them.
            if (!editor.mayChangeNotes()) return;
            // Dragging would change the note's own place, which the Measured view does not show.
            if (layout.isRearranged()) return;
            if (Math.hypot(screen.x - gesture.start.x, screen.y - gesture.start.y) < DRAG_THRESHOLD) return;
            beginDrag(gesture);
          }
          const board = toBoard(screen);
          pendingOffset = { x: board.x - gesture.startBoard.x, y: board.y - gesture.startBoard.y };
          frame ||= requestAnimationFrame(flushDrag);
          return;
        }
      }
    };

    const onPointerUp = (e: PointerEvent) => {
      const lifted = touches.delete(e.pointerId);
      if (gesture?.kind === 'pinch') {
        if (lifted && touches.size < 2) gesture = null;
        return;
      }
      if (gesture && 'pointerId' in gesture && gesture.pointerId === e.pointerId) {
        finishGesture(e.type === 'pointercancel' ? null : local(e));
      }
    };

    const onPointerLeave = (e: PointerEvent) => {
      if (e.pointerType !== 'touch') hideCursor();
    };

    const onDoubleClick = (e: MouseEvent) => {
      if (!editor.mayChangeNotes()) return;
      const board = toBoard(local(e));
      const hit = topNoteAt(beliefs.getIds(), boxOf, board);
      if (hit) {
        editor.editNote(hit);
        return;
      }
      // Private while private writing is on: addNote decides for every way of adding.
      const at = { x: Math.round(board.x - NOTE_WIDTH / 2), y: Math.round(board.y - NOTE_MIN_HEIGHT / 2) };
      const added = editor.addNote({ at });
      if (added) editor.openNoteEditor(added);
    };

    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const screen = local(e);
      const dx = wheelDeltaPixels(e.deltaX, e.deltaMode);
      const dy = wheelDeltaPixels(e.deltaY, e.deltaMode);
      if (e.ctrlKey || e.metaKey) viewport.zoomBy(wheelZoomFactor(dy), screen);
      // A mouse wheel with shift scrolls sideways, as in every document app.
      else if (e.shiftKey && dx === 0) viewport.panBy(-dy, 0);
      else viewport.panBy(-dx, -dy);
      publishCursor(screen);
    };

    // Space pans only while the canvas (or nothing) has focus: elsewhere it presses
    // buttons and types spaces, and it must keep doing that.
    const spaceTarget = (target: EventTarget | null) =>
      !isEditable(target) && (target === focusRef.current || target === document.body);
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || !spaceTarget(e.target)) return;
      e.preventDefault();
      if (!spaceHeld) {
        spaceHeld = true;
        setCursorStyle();
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || !spaceHeld) return;
      spaceHeld = false;
      setCursorStyle();
    };
    const onWindowBlur = () => {
      spaceHeld = false;
      setCursorStyle();
    };

    host.addEventListener('pointerdown', onPointerDown);
    host.addEventListener('pointermove', onPointerMove);
    host.addEventListener('pointerup', onPointerUp);
    host.addEventListener('pointercancel', onPointerUp);
    host.addEventListener('pointerleave', onPointerLeave);
    host.addEventListener('dblclick', onDoubleClick);
    // Not passive: the page must not scroll or zoom itself under a canvas gesture.
    host.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onWindowBlur);
    return () => {
      if (gesture) finishGesture(null);
      hideCursor();
      host.removeEventListener('pointerdown', onPointerDown);
      host.removeEventListener('pointermove', onPointerMove);
      host.removeEventListener('pointerup', onPointerUp);
      host.removeEventListener('pointercancel', onPointerUp);
      host.removeEventListener('pointerleave', onPointerLeave);
      host.removeEventListener('dblclick', onDoubleClick);
      host.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onWindowBlur);
    };
  }, [hostRef, focusRef, editor, canvas]);
}
