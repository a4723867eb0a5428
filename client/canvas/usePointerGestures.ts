// Pointer, wheel and key input over the canvas, handed to the gesture machine
// (gestures/GestureMachine.ts) and its commands carried out. Konva's own event system is
// not used: every layer is listening(false), so Konva never paints a hit graph, and hit
// testing is noteGeometry.ts over the same boxes the notes are drawn in.
//
// What is about time, not gestures, stays here: moved notes are written to the document
// at most once a frame (the others see them travel), and my cursor is published at most
// CURSOR_INTERVAL_MS apart, with a trailing send so the last spot is exact.
import { useEffect, type RefObject } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { notesTouching, topNoteAt } from '../editor/layout/noteGeometry.ts';
import type { NoteMove } from '../editor/noteMove.ts';
import { screenToBoard, wheelDeltaPixels, type Point } from '../editor/viewport.ts';
import type { CanvasState } from './canvasState.ts';
import { GestureMachine } from './gestures/GestureMachine.ts';
import type { GestureCommand, GestureEvent, PointerKind } from './gestures/gestureTypes.ts';

/** My cursor is published at most this often (20 Hz): smooth enough, light on the relay. */
const CURSOR_INTERVAL_MS = 50;

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function pointerKind(event: PointerEvent): PointerKind {
  return event.pointerType === 'touch' || event.pointerType === 'pen' ? event.pointerType : 'mouse';
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

    const machine = new GestureMachine({
      viewport: () => viewport.get(),
      // Notes are hit where they are drawn, which in the Measured view is not their own place.
      noteAt: (board) => topNoteAt(beliefs.getIds(), layout.boxOf, board),
      notesIn: (area) => notesTouching(beliefs.getIds(), layout.boxOf, area),
      selection: () => editor.selection.get(),
      // Moving changes a note's own place, which the Measured view does not show.
      mayMoveNotes: () => editor.mayChangeNotes() && !layout.isRearranged(),
      mayEditNotes: () => editor.mayChangeNotes(),
    });

    const local = (e: { clientX: number; clientY: number }): Point => {
      const rect = host.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
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
      const board = screenToBoard(viewport.get(), screen);
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

    // ---- moving notes: written to the document once per frame
    let move: NoteMove | null = null;
    let frame = 0;
    let pendingOffset: Point | null = null;
    const flushMove = () => {
      frame = 0;
      if (move && pendingOffset) move.to(pendingOffset);
      pendingOffset = null;
    };
    const stopFrame = () => {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pendingOffset = null;
    };

    const apply = (command: GestureCommand) => {
      switch (command.type) {
        case 'select':
          editor.select(command.ids);
          return;
        case 'camera':
          viewport.set(command.viewport);
          return;
        case 'capturePointer':
          host.setPointerCapture(command.pointerId);
          return;
        case 'marquee':
          canvas.marquee.set(command.area);
          return;
        case 'beginMove':
          move = editor.beginMove(command.ids);
          canvas.startDragging(move.ids);
          return;
        case 'moveNotes':
          pendingOffset = command.offset;
          frame ||= requestAnimationFrame(flushMove);
          return;
        case 'endMove':
          stopFrame();
          move?.commit(command.offset);
          move = null;
          canvas.stopDragging();
          return;
        case 'cancelMove':
          stopFrame();
          move?.cancel();
          move = null;
          canvas.stopDragging();
          return;
        case 'editNote':
          editor.editNote(command.id);
          return;
        case 'addNote': {
          // Private while private writing is on: the editor decides for every way of adding.
          const added = editor.addNote({ at: command.at });
          if (added) editor.openNoteEditor(added);
          return;
        }
      }
    };
    const send = (event: GestureEvent): boolean => {
      const { commands, handled } = machine.send(event);
      commands.forEach(apply);
      host.style.cursor = machine.cursor();
      return handled;
    };

    const onPointerDown = (e: PointerEvent) => {
      // Stops the middle button's autoscroll (and paste on Linux) before it starts.
      if (e.button === 1) e.preventDefault();
      focusRef.current?.focus({ preventScroll: true });
      send({ type: 'pointerDown', pointerId: e.pointerId, pointerType: pointerKind(e), button: e.button, at: local(e), shift: e.shiftKey });
    };
    const onPointerMove = (e: PointerEvent) => {
      const at = local(e);
      if (e.pointerType !== 'touch') publishCursor(at);
      send({ type: 'pointerMove', pointerId: e.pointerId, pointerType: pointerKind(e), at });
    };
    const onPointerUp = (e: PointerEvent) => {
      send({ type: 'pointerUp', pointerId: e.pointerId, pointerType: pointerKind(e), at: local(e) });
    };
    const onPointerCancel = (e: PointerEvent) => {
      send({ type: 'pointerCancel', pointerId: e.pointerId, pointerType: pointerKind(e) });
    };
    const onPointerLeave = (e: PointerEvent) => {
      if (e.pointerType !== 'touch') hideCursor();
    };
    const onDoubleClick = (e: MouseEvent) => {
      send({ type: 'doubleClick', at: local(e) });
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const at = local(e);
      send({
        type: 'wheel',
        at,
        dx: wheelDeltaPixels(e.deltaX, e.deltaMode),
        dy: wheelDeltaPixels(e.deltaY, e.deltaMode),
        zoom: e.ctrlKey || e.metaKey,
        shift: e.shiftKey,
      });
      publishCursor(at);
    };

    // Space pans only while the canvas (or nothing) has focus: elsewhere it presses
    // buttons and types spaces, and it must keep doing that. Escape calls off a gesture
    // under way, before the shortcuts see it (they would clear the selection).
    const onKeyDown = (e: KeyboardEvent) => {
      if (isEditable(e.target)) return;
      if (e.code === 'Space') {
        if (e.target !== focusRef.current && e.target !== document.body) return;
        e.preventDefault();
        send({ type: 'keyDown', key: 'Space' });
      } else if (e.key === 'Escape' && send({ type: 'keyDown', key: 'Escape' })) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.code === 'Space') send({ type: 'keyUp', key: 'Space' });
    };
    const onWindowBlur = () => send({ type: 'blur' });
    const stopWatchingEditor = editor.editing.subscribe(() => {
      if (editor.editing.get() === null) send({ type: 'editingEnded' });
    });

    host.addEventListener('pointerdown', onPointerDown);
    host.addEventListener('pointermove', onPointerMove);
    host.addEventListener('pointerup', onPointerUp);
    host.addEventListener('pointercancel', onPointerCancel);
    host.addEventListener('pointerleave', onPointerLeave);
    host.addEventListener('dblclick', onDoubleClick);
    // Not passive: the page must not scroll or zoom itself under a canvas gesture.
    host.addEventListener('wheel', onWheel, { passive: false });
    // Capture: ahead of the shortcuts' listener on the same window.
    window.addEventListener('keydown', onKeyDown, { capture: true });
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onWindowBlur);
    return () => {
      send({ type: 'interrupt' });
      hideCursor();
      stopWatchingEditor();
      host.removeEventListener('pointerdown', onPointerDown);
      host.removeEventListener('pointermove', onPointerMove);
      host.removeEventListener('pointerup', onPointerUp);
      host.removeEventListener('pointercancel', onPointerCancel);
      host.removeEventListener('pointerleave', onPointerLeave);
      host.removeEventListener('dblclick', onDoubleClick);
      host.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onWindowBlur);
    };
  }, [hostRef, focusRef, editor, canvas]);
}
