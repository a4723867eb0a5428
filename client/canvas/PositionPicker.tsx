// My position on the one selected note, beside it on the canvas: agreement (keys 1–5, 0
// for pass), an optional direction, and a way to take my position back. Its buttons are
// the action table's entries, so names, keys and tooltips match the shortcuts exactly;
// being HTML, it is reachable by keyboard and screen reader like the rest of the page.
import { useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { formatScalePoint } from '../../shared/scale.ts';
import { SCALE } from '../../shared/schema.ts';
import { agreementActionId, directionActionId, getAction } from '../editor/actions.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDisplayedPosition, useSelection } from '../editor/hooks.ts';
import { notesTouching } from '../editor/layout/noteGeometry.ts';
import { placePicker } from '../editor/layout/pickerPlacement.ts';
import { boardToScreen, visibleBounds, type Bounds, type Viewport } from '../editor/viewport.ts';
import { useBelief, useMyPosition, useValue } from '../state/hooks.ts';
import { ActionButton } from '../ui/ActionButton.tsx';
import type { CanvasState } from './canvasState.ts';

/** The picker's width, and its height until it has been measured, in screen pixels. */
const PICKER_WIDTH = 392;
const ESTIMATED_PICKER_HEIGHT = 140;

interface PositionPickerProps {
  canvas: CanvasState;
}

export function PositionPicker({ canvas }: PositionPickerProps) {
  const editor = useEditor();
  const selection = useSelection();
  const editing = useValue(editor.editing);
  const dragging = useSyncExternalStore(canvas.dragging.subscribe, () => canvas.dragging.get().size > 0);
  // A view-only link records no position: a picker of disabled buttons would only be in the way.
  if (selection.length !== 1 || editing !== null || dragging || !editor.canEdit()) return null;
  return <OpenPicker key={selection[0]} id={selection[0]} />;
}

/** A note's box on screen. */
function onScreen(v: Viewport, box: Bounds): Bounds {
  const min = boardToScreen(v, { x: box.minX, y: box.minY });
  const max = boardToScreen(v, { x: box.maxX, y: box.maxY });
  return { minX: min.x, minY: min.y, maxX: max.x, maxY: max.y };
}

function OpenPicker({ id }: { id: string }) {
  const { session, viewport, layout } = useEditor();
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(id);
  const mine = useMyPosition(session, id);
  const v = useSyncExternalStore(viewport.subscribe, viewport.get);
  const element = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(ESTIMATED_PICKER_HEIGHT);
  useLayoutEffect(() => {
    const measured = element.current?.offsetHeight;
    if (measured && measured !== height) setHeight(measured);
  });
  const box = at ? layout.boxOf(id) : null;
  if (!belief || !box) return null;
  // Beside the note, inside the canvas, off the other notes in view where there is room.
  const others = notesTouching(session.beliefs.getIds(), layout.boxOf, visibleBounds(v))
    .filter((other) => other !== id)
    .map((other) => onScreen(v, layout.boxOf(other)!));
  const { left, top } = placePicker(onScreen(v, box), { width: PICKER_WIDTH, height }, v, others);
  const hintId = `position-picker-hint-${id}`;
  return (
    <div
      ref={element}
      role="group"
      aria-label="Your position on the selected belief"
      className="position-picker"
      style={{ left, top, width: PICKER_WIDTH }}
    >
      <div role="group" aria-label="Agreement" className="position-picker__row">
        {[...SCALE, 'pass' as const].map((value) => (
          <ActionButton
            key={value}
            action={agreementActionId(value)}
            className="button position-picker__choice"
            pressed={mine?.agreement === value}
          >
            <span className="position-picker__figure">{value === 'pass' ? '–' : formatScalePoint(value)}</span>
            <span className="position-picker__word">{getAction(agreementActionId(value)).label}</span>
          </ActionButton>
        ))}
      </div>
      <div
        role="group"
        aria-label="Direction (optional)"
        aria-describedby={mine ? undefined : hintId}
        className="position-picker__row"
      >
        {SCALE.map((point) => (
          <ActionButton
            key={point}
            action={directionActionId(point)}
            className="button position-picker__choice"
            pressed={mine ? mine.direction === point : undefined}
          >
            <span className="position-picker__figure">{formatScalePoint(point)}</span>
            <span className="position-picker__word">{getAction(directionActionId(point)).label}</span>
          </ActionButton>
        ))}
      </div>
      <div className="position-picker__foot">
        {mine ? null : (
          <p id={hintId} className="position-picker__hint">
            Give your agreement first; a direction is optional.
          </p>
        )}
        <ActionButton action="clear-position" className="button button--quiet" />
      </div>
    </div>
  );
}
