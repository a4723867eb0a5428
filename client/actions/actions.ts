// The one table of board actions. The toolbar, the keyboard shortcuts and the tooltips
// all read it, so a label or a key is changed in one place.
import { NOTE_COLORS } from '../../shared/colors.ts';
import { addBelief, deleteBeliefs, ModelError, readBoardMeta, setBeliefColor } from '../../shared/model.ts';
import { contentBounds } from '../canvas/bounds.ts';
import { MAX_SCALE, MIN_SCALE, ZOOM_STEP, type ViewportStore } from '../canvas/viewport.ts';
import type { BoardSession } from '../state/session.ts';
import { placeNewNote } from './placement.ts';
import { shortcut, type Shortcut } from './shortcut.ts';

export interface ActionContext {
  session: BoardSession;
  viewport: ViewportStore;
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
 * Adds an empty belief in the middle of the view and selects it. Returns its id, or null
 * (after reporting why) when the board refuses another belief.
 */
export function addBeliefInView(ctx: ActionContext): string | null {
  const { session, viewport } = ctx;
  const at = placeNewNote(viewport.center(), session.beliefs.all());
  // A new note is its own undo step, never merged into the typing just before it.
  session.undoManager.stopCapturing();
  try {
    const id = addBelief(session.doc, { ...at, authorId: session.me.id }, session.origin);
    session.setSelection([id]);
    return id;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    ctx.report(error.message);
    return null;
  }
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

const colourActions: Action[] = NOTE_COLORS.map((colour) => ({
  id: `colour-${colour.id}`,
  label: `Colour: ${colour.label}`,
  enabled: (ctx) => selected(ctx).length > 0,
  run: (ctx) => setBeliefColor(ctx.session.doc, selected(ctx), colour.id, ctx.session.origin),
}));

export const ACTIONS: readonly Action[] = [
  {
    id: 'add-belief',
    label: 'Add belief',
    ...shortcut({ key: 'n' }),
    enabled: () => true,
    run: (ctx) => {
      const id = addBeliefInView(ctx);
      if (id) ctx.session.editing.set(id);
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
    enabled: (ctx) => selected(ctx).length > 0,
    run: ({ session }) => {
      const doomed = session.selection.get();
      const editing = session.editing.get();
      if (editing && doomed.includes(editing)) session.editing.set(null);
      session.undoManager.stopCapturing();
      deleteBeliefs(session.doc, doomed, session.origin);
      session.setSelection([]);
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
    run: ({ session, viewport }) => viewport.fit(contentBounds(session.beliefs.all(), readBoardMeta(session.doc).template)),
  },
  ...colourActions,
];

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
