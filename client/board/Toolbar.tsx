// The board's buttons, drawn from the action table. It re-renders when what enables its
// buttons changes: my selection, my undo history, the zoom.
import { useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { NOTE_COLORS } from '../../shared/colors.ts';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useSelection } from '../editor/hooks.ts';
import { useBeliefsVersion, useUndoState } from '../state/hooks.ts';
import { ActionButton } from '../ui/ActionButton.tsx';
import { MeasuredViewToggle } from './MeasuredViewToggle.tsx';

interface ToolbarProps {
  /** Buttons the page brings from elsewhere (the facilitator's, the export menu), before "Belief list". */
  tools?: ReactNode;
  listOpen: boolean;
  listId: string;
  onToggleList(): void;
}

/** Left and right arrows move between the toolbar's buttons, as in any toolbar. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)'));
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  event.preventDefault();
  buttons[(at + step + buttons.length) % buttons.length].focus();
}

export function Toolbar({ tools, listOpen, listId, onToggleList }: ToolbarProps) {
  const { session } = useEditor();
  // Subscriptions only: the buttons read the live state through the action table.
  useSelection();
  useUndoState(session);

  return (
    <div className="toolbar" role="toolbar" aria-label="Board tools" onKeyDown={moveFocus}>
      <div className="toolbar__group">
        <ActionButton action="add-belief" className="button button--primary" />
      </div>
      <div className="toolbar__group">
        <ActionButton action="undo" />
        <ActionButton action="redo" />
        <ActionButton action="delete" />
      </div>
      <ColourSwatches />
      <ZoomControls />
      <MeasuredViewToggle />
      <div className="toolbar__group toolbar__end">
        {tools}
        <button
          type="button"
          className="button toggle"
          aria-expanded={listOpen}
          aria-controls={listId}
          onClick={onToggleList}
        >
          Belief list
        </button>
      </div>
    </div>
  );
}

/** The note colours; the one every selected note already has shows as pressed. */
function ColourSwatches() {
  const editor = useEditor();
  const selection = useSelection();
  useBeliefsVersion(editor.session);
  const current = sharedColour(editor, selection);
  return (
    <div className="toolbar__group swatches" role="group" aria-label="Note colour">
      {NOTE_COLORS.map((colour) => (
        <ActionButton
          key={colour.id}
          action={`colour-${colour.id}`}
          className="swatch"
          pressed={selection.length > 0 ? current === colour.id : undefined}
        >
          <span className="swatch__fill" style={{ backgroundColor: colour.fill }} aria-hidden="true" />
        </ActionButton>
      ))}
    </div>
  );
}

function sharedColour(editor: BoardEditor, ids: string[]): string | null {
  const colours = new Set(ids.map((id) => editor.session.beliefs.get(id)?.color));
  return colours.size === 1 ? ([...colours][0] ?? null) : null;
}

function ZoomControls() {
  const { viewport } = useEditor();
  const scale = useSyncExternalStore(viewport.subscribe, () => viewport.get().scale);
  return (
    <div className="toolbar__group" role="group" aria-label="Zoom">
      <ActionButton action="zoom-out">−</ActionButton>
      {/* The current zoom, shown on the button that resets it, as most canvases do. */}
      <ActionButton action="reset-zoom" className="button zoom-level">
        {Math.round(scale * 100)}%
      </ActionButton>
      <ActionButton action="zoom-in">+</ActionButton>
      <ActionButton action="zoom-to-fit">Fit</ActionButton>
    </div>
  );
}
