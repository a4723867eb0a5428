// The one table of board actions. The toolbar, the keyboard shortcuts and the tooltips
// all read it, so a label or a key is changed in one place.
import { NOTE_COLORS } from '../../shared/colors.ts';
import {
  ModelError,
  readBoardMeta,
  setBeliefColor,
  type PositionInput,
} from '../../shared/model.ts';
import { AGREEMENT_LABELS, DIRECTION_LABELS, PASS_LABEL } from '../../shared/scale.ts';
import { SCALE, type PositionRecord, type ScalePoint } from '../../shared/schema.ts';
import type { BoardLayout } from './layout/boardLayout.ts';
import { MAX_SCALE, MIN_SCALE, ZOOM_STEP, type ViewportStore } from './viewport.ts';
import type { BoardSession } from '../state/session.ts';
import { canEditNotes } from './noteAccess.ts';
import { addNote, openNoteEditor, type AddedNote } from './privateWriting.ts';
import { WORKSHOP_ACTIONS } from './workshopActions.ts';
import { deletableBeliefs, deleteBeliefsAsAllowed } from './deleteBeliefs.ts';
import { placeNewNote } from './placement.ts';
import { shortcut, type Shortcut } from './shortcut.ts';

export interface ActionContext {
  session: BoardSession;
  viewport: ViewportStore;
  /** Free layout or Measured view: where this tab draws the notes. */
  layout: BoardLayout;
  /** Tells the person, in words, why an action did not happen. */
  report(message: string): void;
}

export interface Action extends Partial<Shortcut> {
  id: string;
  label: string;
  /**
   * Also runs while typing in a textbox bound to the document (the belief list), where
   * the browser's own undo would only know half the story.
   */
  whileTyping?: boolean;
  enabled(ctx: ActionContext): boolean;
  run(ctx: ActionContext): void;
}

/**
 * Adds a note (empty unless a text is given) in the middle of the view: a belief, selected,
 * or — while private writing is on — my private note (addNote decides). Returns what was
 * added, or null (after reporting why) when the board refuses another belief.
 */
export function addBeliefInView(ctx: ActionContext, text = ''): AddedNote | null {
  const { session, viewport } = ctx;
  // Stepped off my private notes too, so two private notes in a row do not stack.
  const taken = [...session.beliefs.all(), ...session.workshop.myPrivateBeliefs()];
  const added = addNote(session, { at: placeNewNote(viewport.center(), taken), text }, ctx.report);
  if (added && !added.private) session.setSelection([added.id]);
  return added;
}

function selected(ctx: ActionContext): string[] {
  return ctx.session.selection.get();
}

/** After undo or redo, forget selected beliefs that no longer exist. */
function dropVanishedFromSelection(session: BoardSession): void {
  const ids = session.selection.get();
  const kept = ids.filter((id) => session.beliefs.get(id));
  if (kept.length !== ids.length) session.setSelection(kept);
}

/** The belief my position keys act on: exactly one selected, and not being written in. */
function positionTarget(ctx: ActionContext): string | null {
  const ids = selected(ctx);
  if (ids.length !== 1 || ctx.session.editing.get() !== null || !ctx.session.beliefs.get(ids[0])) return null;
  return ids[0];
}

function myPositionOnTarget(ctx: ActionContext): PositionRecord | null {
  const id = positionTarget(ctx);
  return id ? ctx.session.workshop.myPosition(id) : null;
}

/** Records my position on the target belief as `change` makes it from my current one (null: no change). */
function recordPosition(ctx: ActionContext, change: (mine: PositionRecord | null) => PositionInput | null): void {
  const { session } = ctx;
  const id = positionTarget(ctx);
  const next = id ? change(session.workshop.myPosition(id)) : null;
  if (!id || !next) return;
  // Each choice is its own undo step, so undo steps back one choice at a time.
  session.undoManager.stopCapturing();
  try {
    // Sealed to the relay while the belief is in an open round, else into the document.
    session.workshop.recordPosition(id, next);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    ctx.report(error.message);
  }
}

/** The action recording agreement `value` on the one selected belief: keys 1–5, and 0 for pass. */
export function agreementActionId(value: ScalePoint | 'pass'): string {
  return `agreement:${value}`;
}

/** The action setting my direction `point` on the one selected belief (pressed again, it clears it). */
export function directionActionId(point: ScalePoint): string {
  return `direction:${point}`;
}

const positionActions: Action[] = [
  ...([...SCALE, 'pass'] as const).map(
    (value): Action => ({
      id: agreementActionId(value),
      label: value === 'pass' ? PASS_LABEL : AGREEMENT_LABELS[value],
      ...shortcut({ key: value === 'pass' ? '0' : String(SCALE.indexOf(value) + 1) }),
      enabled: (ctx) => positionTarget(ctx) !== null,
      // Keep my direction: how far I agree does not change whether it is good for us.
      run: (ctx) => recordPosition(ctx, (mine) => ({ agreement: value, direction: mine?.direction ?? null })),
    }),
  ),
  ...SCALE.map(
    (point): Action => ({
      id: directionActionId(point),
      label: DIRECTION_LABELS[point],
      // A direction belongs to a position, so it waits for an agreement (or a pass).
      enabled: (ctx) => myPositionOnTarget(ctx) !== null,
      run: (ctx) =>
        recordPosition(ctx, (mine) => mine && { agreement: mine.agreement, direction: mine.direction === point ? null : point }),
    }),
  ),
  {
    id: 'clear-position',
    label: 'Clear my position',
    enabled: (ctx) => myPositionOnTarget(ctx) !== null,
    run: (ctx) => {
      const id = positionTarget(ctx);
      if (!id) return;
      ctx.session.undoManager.stopCapturing();
      ctx.session.workshop.clearMyPosition(id);
    },
  },
];

const colourActions: Action[] = NOTE_COLORS.map((colour) => ({
  id: `colour-${colour.id}`,
  label: `Colour: ${colour.label}`,
  enabled: (ctx) => selected(ctx).length > 0,
  run: (ctx) => setBeliefColor(ctx.session.doc, selected(ctx), colour.id, ctx.session.origin),
}));

/** Actions that only look (select, zoom, switch views): a view-only link keeps them. */
const LOOKING_ACTIONS = new Set(['select-all', 'clear-selection', 'zoom-in', 'zoom-out', 'reset-zoom', 'zoom-to-fit', 'measured-view']);

/** Actions that change positions or run the workshop, not notes: a locked board keeps them. */
const NOT_NOTE_ACTIONS = new Set([...positionActions, ...WORKSHOP_ACTIONS].map((action) => action.id));

/**
 * Every other action changes the board, so it is off unless my link lets me edit; those
 * that change notes are also off while the facilitator has locked the board.
 */
function requireEditAccess(action: Action): Action {
  if (LOOKING_ACTIONS.has(action.id)) return action;
  const allowed = NOT_NOTE_ACTIONS.has(action.id)
    ? (ctx: ActionContext) => ctx.session.access.canEdit()
    : (ctx: ActionContext) => canEditNotes(ctx.session);
  return { ...action, enabled: (ctx) => allowed(ctx) && action.enabled(ctx) };
}

export const ACTIONS: readonly Action[] = ([
  {
    id: 'add-belief',
    label: 'Add belief',
    ...shortcut({ key: 'n' }),
    enabled: () => true,
    run: (ctx) => {
      const added = addBeliefInView(ctx);
      if (added) openNoteEditor(ctx.session, added);
    },
  },
  {
    id: 'edit-text',
    label: 'Edit text',
    ...shortcut({ key: 'Enter' }),
    enabled: (ctx) => selected(ctx).length === 1 && !!ctx.session.beliefs.get(selected(ctx)[0]),
    run: (ctx) => ctx.session.editing.set(selected(ctx)[0]),
  },
  {
    id: 'delete',
    label: 'Delete',
    ...shortcut({ key: 'Delete' }, { key: 'Backspace' }),
    enabled: (ctx) => deletableBeliefs(ctx.session, selected(ctx)).length > 0,
    run: ({ session, report }) => {
      const doomed = session.selection.get();
      const editing = session.editing.get();
      const deleted = deleteBeliefsAsAllowed(session, doomed, report);
      if (editing && deleted.includes(editing)) session.editing.set(null);
      session.setSelection(doomed.filter((id) => !deleted.includes(id)));
    },
  },
  {
    id: 'undo',
    label: 'Undo',
    ...shortcut({ key: 'z', mod: true }),
    whileTyping: true,
    enabled: (ctx) => ctx.session.undoManager.undoStack.length > 0,
    run: ({ session }) => {
      session.undoManager.undo();
      dropVanishedFromSelection(session);
    },
  },
  {
    id: 'redo',
    label: 'Redo',
    ...shortcut({ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }),
    whileTyping: true,
    enabled: (ctx) => ctx.session.undoManager.redoStack.length > 0,
    run: ({ session }) => {
      session.undoManager.redo();
      dropVanishedFromSelection(session);
    },
  },
  {
    id: 'select-all',
    label: 'Select all',
    ...shortcut({ key: 'a', mod: true }),
    enabled: (ctx) => ctx.session.beliefs.getIds().length > 0,
    run: ({ session }) => session.setSelection([...session.beliefs.getIds()]),
  },
  {
    id: 'clear-selection',
    label: 'Clear selection',
    ...shortcut({ key: 'Escape' }),
    enabled: (ctx) => selected(ctx).length > 0,
    run: ({ session }) => session.setSelection([]),
  },
  {
    id: 'zoom-in',
    label: 'Zoom in',
    ...shortcut({ key: '+' }, { key: '=' }),
    enabled: (ctx) => ctx.viewport.get().scale < MAX_SCALE,
    run: ({ viewport }) => viewport.zoomBy(ZOOM_STEP),
  },
  {
    id: 'zoom-out',
    label: 'Zoom out',
    ...shortcut({ key: '-' }),
    enabled: (ctx) => ctx.viewport.get().scale > MIN_SCALE,
    run: ({ viewport }) => viewport.zoomBy(1 / ZOOM_STEP),
  },
  {
    id: 'reset-zoom',
    label: 'Reset zoom',
    ...shortcut({ code: 'Digit0', shift: true }),
    enabled: () => true,
    run: ({ viewport }) => viewport.resetZoom(),
  },
  {
    id: 'zoom-to-fit',
    label: 'Zoom to fit',
    ...shortcut({ code: 'Digit1', shift: true }),
    enabled: () => true,
    run: ({ session, viewport, layout }) => viewport.fit(layout.fitBounds(readBoardMeta(session.doc).template)),
  },
  {
    id: 'measured-view',
    label: 'Measured view',
    ...shortcut({ key: 'm' }),
    enabled: () => true,
    // Framing the map and its tray at once shows every note arrive where it glides to.
    run: ({ session, viewport, layout }) => {
      layout.setMode(layout.mode.get() === 'measured' ? 'free' : 'measured');
      viewport.fit(layout.fitBounds(readBoardMeta(session.doc).template));
    },
  },
  ...positionActions,
  ...colourActions,
  ...WORKSHOP_ACTIONS,
] satisfies Action[]).map(requireEditAccess);

const byId = new Map(ACTIONS.map((action) => [action.id, action]));

export function getAction(id: string): Action {
  const action = byId.get(id);
  if (!action) throw new Error(`No action "${id}" in the action table.`);
  return action;
}

/** The tooltip: the label, and the shortcut when there is one. */
export function tooltip(action: Action): string {
  return action.kbd ? `${action.label} (${action.kbd})` : action.label;
}
