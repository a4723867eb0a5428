// The belief list's rows, virtualised: only the rows in and near view are in the document
// (a board of 2,000 beliefs took React ≈ 1.2 s to create every row on a cold load,
// docs/performance.md), each absolutely placed in a list as tall as all rows together, so
// the scrollbar, the scroll position and a screen reader's "row 40 of 2,000" stay those of
// the whole list. What the keyboard needs rendered beyond that is in rowWindow.ts.
//
// The list itself scrolls in both layouts. In the narrow layout its height follows its
// rows up to a cap (styles.css): the total height the virtualiser reports stands for the
// rows, so the list grows with them as before, and past the cap it scrolls and windows.
// The page never scrolls (the board fills the window), so the window is no scroller here.
import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import { useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useEffectEvent } from '../ui/useEffectEvent.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { BeliefRow, type BeliefRowExtras } from './BeliefRow.tsx';
import type { PeerMarker, PeerSelections } from './usePeerSelections.ts';
import { rowsToRender } from './rowWindow.ts';

/** A row with a short belief, its controls and figures (≈ 160 px at 1440 × 900); measured rows replace it. */
const ESTIMATED_ROW_PX = 160;
/** Between rows and at the list's ends; the virtualiser owns the spacing of what it places. */
const ROW_GAP_PX = 8;
/** Rows rendered beyond each edge of the view, so a short scroll shows rows already made. */
const OVERSCAN = 3;

const NO_MARKERS: readonly PeerMarker[] = [];

interface BeliefRowsProps {
  /** The beliefs shown, in order. */
  ids: string[];
  authorName(authorId: string): string;
  selected: ReadonlySet<string>;
  /** The belief to bring into view when the selection changes elsewhere (the canvas). */
  lead: string | undefined;
  markers: PeerSelections;
  /** A belief just added here, whose text takes the keyboard. */
  focusId: string | null;
  onAutoFocused(): void;
  /** Whether focus is inside the rows: the order holds still meanwhile (useShownBeliefs.ts). */
  onFocusWithin(inside: boolean): void;
  extras?: BeliefRowExtras;
}

export function BeliefRows(props: BeliefRowsProps) {
  const { ids, authorName, selected, lead, markers, focusId, onAutoFocused, onFocusWithin, extras } = props;
  const { session } = useEditor();
  const scroller = useRef<HTMLDivElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const indexOf = useMemo(() => new Map(ids.map((id, index) => [id, index])), [ids]);
  const focusedIndex = focusedId === null ? -1 : (indexOf.get(focusedId) ?? -1);
  const focusIndex = focusId === null ? -1 : (indexOf.get(focusId) ?? -1);
  // Rows are known by belief, so a measured height follows its row through a re-sort.
  const getItemKey = useCallback((index: number) => ids[index], [ids]);
  // A new function when the kept rows change: the virtualiser recomputes its window then.
  const rangeExtractor = useCallback((range: Range) => rowsToRender(range, [focusedIndex, focusIndex]), [focusedIndex, focusIndex]);

  const virtualizer = useVirtualizer<HTMLDivElement, HTMLLIElement>({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey,
    rangeExtractor,
    overscan: OVERSCAN,
    paddingStart: ROW_GAP_PX,
    paddingEnd: ROW_GAP_PX,
    gap: ROW_GAP_PX,
    // The list mounts with the board's rows; a first guess at its height renders the rows
    // in view in that first commit instead of a second one once it is measured.
    initialRect: { width: 0, height: typeof window === 'undefined' ? 0 : window.innerHeight },
    // Scrolling moves rows by writing their `top`, and re-renders only when the window changes.
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
  });

  // A row added here is focused by the row itself (autoFocus); it is rendered (kept above),
  // and this brings it into view where the focus's own scroll, from an estimated place,
  // may fall short.
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
  }, [virtualizer, focusIndex]);

  const leadShown = lead !== undefined && indexOf.has(lead);
  const followLead = useEffectEvent(() => {
    const index = lead === undefined ? -1 : (indexOf.get(lead) ?? -1);
    // Follow a selection made on the canvas, but never yank the list from under my keyboard.
    const list = scroller.current?.closest('[data-belief-list]');
    if (index >= 0 && !list?.contains(document.activeElement)) virtualizer.scrollToIndex(index, { align: 'auto' });
  });
  // As before virtualising: when the lead changes, or its row comes back into the list.
  useEffect(() => {
    if (leadShown) followLead();
  }, [lead, leadShown]);

  const onFocus = (event: FocusEvent<HTMLOListElement>) => {
    const row = event.target.closest<HTMLElement>('[data-belief-id]');
    setFocusedId(row?.dataset.beliefId ?? null);
    onFocusWithin(true);
  };
  const onBlur = (event: FocusEvent<HTMLOListElement>) => {
    if (event.currentTarget.contains(event.relatedTarget)) return;
    setFocusedId(null);
    onFocusWithin(false);
  };

  return (
    <div ref={scroller} className="belief-list__rows">
      <ol ref={virtualizer.containerRef} className="belief-list__window" onFocus={onFocus} onBlur={onBlur}>
        {virtualizer.getVirtualItems().map(({ index, key }) => {
          const beliefId = key as string;
          return (
            <BeliefRow
              key={beliefId}
              id={beliefId}
              index={index}
              setSize={ids.length}
              measure={virtualizer.measureElement}
              authorName={authorName(session.beliefs.get(beliefId)?.authorId ?? '')}
              selected={selected.has(beliefId)}
              markers={markers.get(beliefId) ?? NO_MARKERS}
              autoFocus={beliefId === focusId}
              onAutoFocused={onAutoFocused}
              extras={extras}
            />
          );
        })}
      </ol>
    </div>
  );
}
