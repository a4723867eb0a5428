// One belief in the list: its text (typed straight into the shared Y.Text), counter,
// colour, author, who else has it selected, a delete button, my position, the team's
// figures and, once there are opinion groups, each group's. Memoised; the belief, my
// position and the figures each come through their own subscription, so a change to one
// belief re-renders one row (a new grouping re-renders the rows in view).
import { memo, useCallback, useEffect, useId, useRef, type ComponentType, type KeyboardEvent, type RefObject } from 'react';
import type * as Y from 'yjs';
import { NOTE_COLORS, noteFill } from '../../shared/colors.ts';
import { MAX_BELIEF_TEXT } from '../../shared/limits.ts';
import { beliefText } from '../../shared/model.ts';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useMayChangeNotes } from '../editor/hooks.ts';
import { DOCUMENT_TEXT_PROPS } from '../editor/useShortcuts.ts';
import { mapIndexThroughDelta, type TextDeltaOp } from '../state/caret.ts';
import { useAccessRole, useBelief } from '../state/hooks.ts';
import { useBeliefAcrossGroups } from '../state/opinionGroups.ts';
import { useSealedAnswerCount } from '../state/roundHooks.ts';
import { BeliefFigures } from '../ui/BeliefFigures.tsx';
import { GroupFigures } from './onDemandParts.tsx';
import { PositionControls } from './PositionControls.tsx';
import type { PeerMarker } from './usePeerSelections.ts';

/** What the page adds to every row, from the parts of the board the list does not know. */
export interface BeliefRowExtras {
  /** Beside the author (a "New since your last visit" badge). */
  Badge?: ComponentType<{ id: string }>;
  /** Below the figures (how the belief moved between rounds). */
  Footer?: ComponentType<{ id: string }>;
}

interface BeliefRowProps {
  id: string;
  authorName: string;
  /** Its place in the shown list, from 0; with `setSize`, what a screen reader announces. */
  index: number;
  setSize: number;
  /** The virtualised list's measuring of this row's element (BeliefRows.tsx). */
  measure(element: HTMLLIElement | null): void;
  selected: boolean;
  markers: readonly PeerMarker[];
  autoFocus: boolean;
  onAutoFocused(): void;
  extras?: BeliefRowExtras;
}

export const BeliefRow = memo(function BeliefRow(props: BeliefRowProps) {
  const { id, index, setSize, measure, authorName, selected, markers, autoFocus, onAutoFocused, extras } = props;
  const editor = useEditor();
  const belief = useBelief(editor.session, id);
  // A locked board freezes the note (text, colour, delete) but not my position on it.
  const canEditNote = useMayChangeNotes();
  useAccessRole(editor.session);
  // A view-only link reads the belief and the team's figures; controls it could never use are left out.
  const watching = !editor.canEdit();
  const row = useRef<HTMLLIElement | null>(null);
  const setRow = useCallback(
    (element: HTMLLIElement | null) => {
      row.current = element;
      measure(element);
    },
    [measure],
  );
  const textbox = useRef<HTMLTextAreaElement>(null);
  const counterId = useId();
  const acrossGroups = useBeliefAcrossGroups(editor.session, id);
  // In an open round the groups' figures stay hidden like the team's: no anchoring.
  const sealed = useSealedAnswerCount(editor.session, id) !== null;

  useLiveText(editor, id, textbox);

  useEffect(() => {
    if (!autoFocus) return;
    textbox.current?.focus();
    onAutoFocused();
  }, [autoFocus, onAutoFocused]);

  if (!belief) return null;

  const select = () => editor.select([id]);

  const onTextKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      // Leave the text but stay on this row, so Tab and the shortcuts carry on from here.
      event.preventDefault();
      row.current?.focus();
    }
  };

  const remove = () => {
    const next = focusTargetAfterRemoving(row.current);
    // The button is enabled only where I may delete, so nothing is refused to report here.
    if (editor.deleteAsAllowed([id]).length === 0) return;
    editor.select([]);
    next?.focus();
  };

  return (
    <li
      ref={setRow}
      className="belief-row"
      data-index={index}
      data-belief-id={id}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      tabIndex={-1}
      aria-current={selected ? 'true' : undefined}
      style={{ borderInlineStartColor: noteFill(belief.color) }}
      onFocus={select}
    >
      <div className="belief-row__meta">
        <span className="belief-row__author">by {authorName}</span>
        {extras?.Badge && <extras.Badge id={id} />}
        {markers.map((marker) => (
          <span key={marker.userId} className="peer-marker" style={{ borderColor: marker.color, color: marker.color }}>
            <span className="sr-only">selected by </span>
            {marker.name}
          </span>
        ))}
      </div>
      <textarea
        ref={textbox}
        className="belief-row__text"
        aria-label="Belief text"
        aria-describedby={watching ? undefined : counterId}
        placeholder="Write a belief…"
        rows={2}
        maxLength={MAX_BELIEF_TEXT}
        readOnly={!canEditNote}
        defaultValue={belief.text}
        {...DOCUMENT_TEXT_PROPS}
        onInput={(event) => editor.setText(id, event.currentTarget.value)}
        onKeyDown={onTextKeyDown}
      />
      {/* Drawn on the author's line (styles.css), so a row stays a few lines tall; after the text in tab order. */}
      {!watching && (
        <div className="belief-row__controls">
          <span id={counterId} className="counter" data-full={belief.text.length >= MAX_BELIEF_TEXT || undefined}>
            {belief.text.length}/{MAX_BELIEF_TEXT}
          </span>
          <select
            aria-label="Colour"
            value={belief.color}
            disabled={!canEditNote}
            onChange={(event) => editor.setColor([id], event.target.value)}
          >
            {NOTE_COLORS.map((colour) => (
              <option key={colour.id} value={colour.id}>
                {colour.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--quiet"
            disabled={!canEditNote || !editor.mayDelete(belief.authorId)}
            title={editor.mayDelete(belief.authorId) ? undefined : 'Only its author or the facilitator can delete this belief'}
            onClick={remove}
          >
            Delete belief
          </button>
        </div>
      )}
      {!watching && <PositionControls id={id} />}
      <BeliefFigures id={id} />
      {acrossGroups && !sealed && <GroupFigures id={id} figures={acrossGroups} />}
      {extras?.Footer && <extras.Footer id={id} />}
    </li>
  );
});

/**
 * Keeps the textbox equal to the belief's Y.Text when anyone but me changes it (a
 * colleague, or my undo), moving my caret and selection with the text around them.
 */
function useLiveText(editor: BoardEditor, id: string, textbox: RefObject<HTMLTextAreaElement | null>) {
  useEffect(() => {
    const text = beliefText(editor.session.doc, id);
    if (!text) return;
    const onChange = (event: Y.YTextEvent) => {
      const element = textbox.current;
      const value = text.toString();
      // My own typing is already in the textbox; anything else (a colleague, my undo,
      // the length limit) is not.
      if (!element || element.value === value) return;
      const focused = document.activeElement === element;
      const delta = event.delta as TextDeltaOp[];
      const start = mapIndexThroughDelta(element.selectionStart, delta);
      const end = mapIndexThroughDelta(element.selectionEnd, delta);
      element.value = value;
      if (focused) element.setSelectionRange(start, end);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [editor, id, textbox]);
}

/**
 * Where focus goes when a row is deleted: the next row, else the previous, else "Add belief".
 * The virtualised list keeps both neighbours of the focused row in the document (rowWindow.ts).
 */
function focusTargetAfterRemoving(row: HTMLLIElement | null): HTMLElement | null {
  const sibling = row?.nextElementSibling ?? row?.previousElementSibling;
  return (
    sibling?.querySelector<HTMLElement>('textarea') ??
    row?.closest('[data-belief-list]')?.querySelector<HTMLElement>('[data-add-belief]') ??
    null
  );
}
