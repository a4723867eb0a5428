// The one table of board actions. The toolbar, the keyboard shortcuts and the tooltips
// all read it, so a label or a key is changed in one place. Each entry runs on the
// board's editor (BoardEditor.ts).
import { NOTE_COLORS } from '../../shared/colors.ts';
import { readBoardMeta, readPosition, type PositionInput } from '../../shared/model.ts';
import { AGREEMENT_LABELS, DIRECTION_LABELS, PASS_LABEL } from '../../shared/scale.ts';
import { SCALE, type PositionRecord, type ScalePoint } from '../../shared/schema.ts';
import type { Action } from './action.ts';
import type { BoardEditor } from './BoardEditor.ts';
import { discussionOf } from './discussion.ts';
import { shortcut } from './shortcut.ts';
import { MAX_SCALE, MIN_SCALE, ZOOM_STEP } from './viewport.ts';
import { WORKSHOP_ACTIONS } from './workshopActions.ts';
import { answersToKeep } from '../state/previousAnswers.ts';
import { workshopStore } from '../state/workshopStore.ts';

export type { Action } from './action.ts';

function selected(editor: BoardEditor): string[] {
  return editor.selection.get();
}

/** The belief my position keys act on: exactly one selected, and not being written in. */
function positionTarget(editor: BoardEditor): string | null {
  const ids = selected(editor);
  if (ids.length !== 1 || editor.editing.get() !== null || !editor.session.beliefs.get(ids[0])) return null;
  return ids[0];
}

function myPositionOnTarget(editor: BoardEditor): PositionRecord | null {
  const id = positionTarget(editor);
  return id ? editor.session.workshop.myPosition(id) : null;
}

/** Records my position on the target belief as `change` makes it from my current one (null: no change). */
function recordPosition(editor: BoardEditor, change: (mine: PositionRecord | null) => PositionInput | null): void {
  const id = positionTarget(editor);
  const next = id ? change(editor.session.workshop.myPosition(id)) : null;
  // Each choice is its own undo step, so undo steps back one choice at a time.
  if (id && next) editor.recordPosition(id, next);
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
      enabled: (editor) => positionTarget(editor) !== null,
      // Keep my direction: how far I agree does not change whether it is good for us.
      run: (editor) => recordPosition(editor, (mine) => ({ agreement: value, direction: mine?.direction ?? null })),
    }),
  ),
  ...SCALE.map(
    (point): Action => ({
      id: directionActionId(point),
      label: DIRECTION_LABELS[point],
      // A direction belongs to a position, so it waits for an agreement (or a pass).
      enabled: (editor) => myPositionOnTarget(editor) !== null,
      run: (editor) =>
        recordPosition(editor, (mine) => mine && { agreement: mine.agreement, direction: mine.direction === point ? null : point }),
    }),
  ),
  {
    id: 'clear-position',
    label: 'Clear my position',
    enabled: (editor) => myPositionOnTarget(editor) !== null,
    run: (editor) => {
      const id = positionTarget(editor);
      if (id) editor.clearMyPosition(id);
    },
  },
];

/** In the open round, my previous answers on the beliefs I have not answered in it yet. */
function keepableAnswers(editor: BoardEditor) {
  const { session } = editor;
  const me = session.workshop.myAnswerId();
  const { round } = workshopStore(session.doc).get().state;
  return answersToKeep(
    round,
    session.beliefs.getIds(),
    (id) => session.workshop.mySealedPosition(id) !== null || (round?.answered[id] ?? []).includes(me),
    (id) => readPosition(session.doc, id, me),
  );
}

/** Seals my previous answer on every belief of the open round I have not answered yet (docs/rounds.md). */
const keepAnswersAction: Action = {
  id: 'keep-answers',
  label: 'Keep my answers',
  ...shortcut({ key: 'k', shift: true }),
  enabled: (editor) => keepableAnswers(editor).length > 0,
  run: (editor) => {
    for (const { beliefId, agreement, direction } of keepableAnswers(editor)) editor.recordPosition(beliefId, { agreement, direction });
  },
};

const colourActions: Action[] = NOTE_COLORS.map((colour) => ({
  id: `colour-${colour.id}`,
  label: `Colour: ${colour.label}`,
  enabled: (editor) => selected(editor).length > 0,
  run: (editor) => editor.setColor(selected(editor), colour.id),
}));

/**
 * A belief's discussion and every action: opening them only looks (a view-only link reads
 * them); what may be written inside is the panel's to say (client/editor/discussion.ts).
 */
const discussionActions: Action[] = [
  {
    id: 'discuss',
    label: 'Discuss',
    ...shortcut({ key: 'c' }),
    enabled: (editor) => selected(editor).length === 1 && !!editor.session.beliefs.get(selected(editor)[0]),
    run: (editor) => discussionOf(editor).openThread.set(selected(editor)[0]),
  },
  {
    id: 'actions-panel',
    label: 'Actions',
    ...shortcut({ key: 'c', shift: true }),
    enabled: () => true,
    run: (editor) => discussionOf(editor).actionsOpen.set(true),
  },
];

/** Actions that only look (select, zoom, switch views, read): a view-only link keeps them. */
const LOOKING_ACTIONS = new Set(['select-all', 'clear-selection', 'zoom-in', 'zoom-out', 'reset-zoom', 'zoom-to-fit', 'measured-view', 'history', 'discuss', 'actions-panel']);

/** Actions that change positions or run the workshop, not notes: a locked board keeps them. */
const NOT_NOTE_ACTIONS = new Set([...positionActions, keepAnswersAction, ...WORKSHOP_ACTIONS].map((action) => action.id));

/**
 * Every other action changes the board, so it is off unless my link lets me edit; those
 * that change notes are also off while the facilitator has locked the board.
 */
function requireEditAccess(action: Action): Action {
  if (LOOKING_ACTIONS.has(action.id)) return action;
  const allowed = NOT_NOTE_ACTIONS.has(action.id)
    ? (editor: BoardEditor) => editor.canEdit()
    : (editor: BoardEditor) => editor.mayChangeNotes();
  return { ...action, enabled: (editor) => allowed(editor) && action.enabled(editor) };
}

export const ACTIONS: readonly Action[] = ([
  {
    id: 'add-belief',
    label: 'Add belief',
    ...shortcut({ key: 'n' }),
    enabled: () => true,
    run: (editor) => {
      const added = editor.addNoteInView();
      if (added) editor.openNoteEditor(added);
    },
  },
  {
    id: 'edit-text',
    label: 'Edit text',
    ...shortcut({ key: 'Enter' }),
    enabled: (editor) => selected(editor).length === 1 && !!editor.session.beliefs.get(selected(editor)[0]),
    run: (editor) => editor.editing.set(selected(editor)[0]),
  },
  {
    id: 'delete',
    label: 'Delete',
    ...shortcut({ key: 'Delete' }, { key: 'Backspace' }),
    enabled: (editor) => editor.deletableBeliefs(selected(editor)).length > 0,
    run: (editor) => {
      const doomed = selected(editor);
      const deleted = editor.deleteAsAllowed(doomed);
      editor.select(doomed.filter((id) => !deleted.includes(id)));
    },
  },
  {
    id: 'undo',
    label: 'Undo',
    ...shortcut({ key: 'z', mod: true }),
    whileTyping: true,
    enabled: (editor) => editor.session.undoManager.undoStack.length > 0,
    run: (editor) => editor.undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    ...shortcut({ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }),
    whileTyping: true,
    enabled: (editor) => editor.session.undoManager.redoStack.length > 0,
    run: (editor) => editor.redo(),
  },
  {
    id: 'select-all',
    label: 'Select all',
    ...shortcut({ key: 'a', mod: true }),
    enabled: (editor) => editor.session.beliefs.getIds().length > 0,
    run: (editor) => editor.select(editor.session.beliefs.getIds()),
  },
  {
    id: 'clear-selection',
    label: 'Clear selection',
    ...shortcut({ key: 'Escape' }),
    enabled: (editor) => selected(editor).length > 0,
    run: (editor) => editor.select([]),
  },
  {
    id: 'zoom-in',
    label: 'Zoom in',
    ...shortcut({ key: '+' }, { key: '=' }),
    enabled: (editor) => editor.viewport.get().scale < MAX_SCALE,
    run: (editor) => editor.viewport.zoomBy(ZOOM_STEP),
  },
  {
    id: 'zoom-out',
    label: 'Zoom out',
    ...shortcut({ key: '-' }),
    enabled: (editor) => editor.viewport.get().scale > MIN_SCALE,
    run: (editor) => editor.viewport.zoomBy(1 / ZOOM_STEP),
  },
  {
    id: 'reset-zoom',
    label: 'Reset zoom',
    ...shortcut({ code: 'Digit0', shift: true }),
    enabled: () => true,
    run: (editor) => editor.viewport.resetZoom(),
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
  {
    id: 'history',
    label: 'History',
    ...shortcut({ key: 'h' }),
    enabled: () => true,
    // Looking back only reads the board: every link may (docs/history.md).
    run: ({ historyOpen }) => historyOpen.set(!historyOpen.get()),
  },
  ...positionActions,
  keepAnswersAction,
  ...colourActions,
  ...discussionActions,
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
