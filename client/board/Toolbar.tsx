// The board's buttons, drawn from the action table. It re-renders when what enables its
// buttons changes: my selection, my undo history, the zoom.
import { useSyncExternalStore, type KeyboardEvent } from 'react';
import { NOTE_COLORS } from '../../shared/colors.ts';
import type { ActionContext } from '../editor/actions.ts';
import { useBeliefsVersion, useSelection, useUndoState } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import { ActionButton } from '../ui/ActionButton.tsx';
import { MeasuredViewToggle } from './MeasuredViewToggle.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { FacilitatorPanel } from '../workshop/FacilitatorPanel.tsx';

interface ToolbarProps {
  ctx: ActionContext;
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

export function Toolbar({ ctx, listOpen, listId, onToggleList }: ToolbarProps) {
  const { session } = ctx;
  // Subscriptions only: the buttons read the live state through the action table.
  useSelection(session);
  useUndoState(session);

  return (
    <div className="toolbar" role="toolbar" aria-label="Board tools" onKeyDown={moveFocus}>
      <div className="toolbar__group">
        <ActionButton action="add-belief" ctx={ctx} className="button button--primary" />
      </div>
      <div className="toolbar__group">
        <ActionButton action="undo" ctx={ctx} />
        <ActionButton action="redo" ctx={ctx} />
        <ActionButton action="delete" ctx={ctx} />
      </div>
      <ColourSwatches ctx={ctx} />
      <ZoomControls ctx={ctx} />
      <MeasuredViewToggle ctx={ctx} />
      <div className="toolbar__group toolbar__end">
        <FacilitatorPanel ctx={ctx} />
        <ExportMenu ctx={ctx} />
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
function ColourSwatches({ ctx }: { ctx: ActionContext }) {
  const selection = useSelection(ctx.session);
  useBeliefsVersion(ctx.session);
  const current = sharedColour(ctx.session, selection);
  return (
    <div className="toolbar__group swatches" role="group" aria-label="Note colour">
      {NOTE_COLORS.map((colour) => (
        <ActionButton
          key={colour.id}
          action={`colour-${colour.id}`}
          ctx={ctx}
          className="swatch"
          pressed={selection.length > 0 ? current === colour.id : undefined}
        >
          <span className="swatch__fill" style={{ backgroundColor: colour.fill }} aria-hidden="true" />
        </ActionButton>
      ))}
    </div>
  );
}

function sharedColour(session: BoardSession, ids: string[]): string | null {
  const colours = new Set(ids.map((id) => session.beliefs.get(id)?.color));
  return colours.size === 1 ? ([...colours][0] ?? null) : null;
}

function ZoomControls({ ctx }: { ctx: ActionContext }) {
  const { viewport } = ctx;
  const scale = useSyncExternalStore(viewport.subscribe, () => viewport.get().scale);
  return (
    <div className="toolbar__group" role="group" aria-label="Zoom">
      <ActionButton action="zoom-out" ctx={ctx}>−</ActionButton>
      {/* The current zoom, shown on the button that resets it, as most canvases do. */}
      <ActionButton action="reset-zoom" ctx={ctx} className="button zoom-level">
        {Math.round(scale * 100)}%
      </ActionButton>
      <ActionButton action="zoom-in" ctx={ctx}>+</ActionButton>
      <ActionButton action="zoom-to-fit" ctx={ctx}>Fit</ActionButton>
    </div>
  );
}
