// The editor's state for React: each hook subscribes to the one store it reads, so a
// change re-renders only the components that show it. The document's own hooks (beliefs,
// figures, positions, people) are in state/hooks.ts and take `useEditor().session`.
import { useCallback, useSyncExternalStore } from 'react';
import { useAccessRole, useValue } from '../state/hooks.ts';
import type { PrivateBelief } from '../state/workshopChannel.ts';
import { workshopStore } from '../state/workshopStore.ts';
import { useEditor } from './EditorContext.tsx';
import type { Point } from './viewport.ts';

export function useSelection(): string[] {
  return useValue(useEditor().selection);
}

/** Whether this belief's canvas editor is open; re-renders one note, not all, when it opens. */
export function useIsEditing(id: string): boolean {
  const { editing } = useEditor();
  return useSyncExternalStore(editing.subscribe, () => editing.get() === id);
}

/** editor.mayChangeNotes(), re-rendering when my role or the lock changes. */
export function useMayChangeNotes(): boolean {
  const editor = useEditor();
  useAccessRole(editor.session);
  const store = workshopStore(editor.session.doc);
  return useSyncExternalStore(store.subscribe, () => editor.mayChangeNotes());
}

/** Whether private writing is on, re-rendering when the facilitator turns it on or off. */
export function usePrivateWriting(): boolean {
  const editor = useEditor();
  const store = workshopStore(editor.session.doc);
  return useSyncExternalStore(store.subscribe, () => store.get().state.privateWriting);
}

/** My private notes not yet released, as the relay last told them (or this tab's guess since). */
export function usePrivateNotes(): readonly PrivateBelief[] {
  const { workshop } = useEditor().session;
  return useSyncExternalStore(workshop.subscribePrivate, workshop.myPrivateBeliefs);
}

/**
 * A note's displayed top-left corner: it follows the belief when it moves in the free
 * layout, and the layout when it glides or the Measured view rearranges.
 */
export function useDisplayedPosition(id: string): Point | undefined {
  const { session, layout } = useEditor();
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopLayout = layout.subscribe(listener);
      const stopBelief = session.beliefs.subscribeBelief(id, listener);
      return () => {
        stopLayout();
        stopBelief();
      };
    },
    [session, layout, id],
  );
  const get = useCallback(() => layout.positionOf(id), [layout, id]);
  return useSyncExternalStore(subscribe, get);
}
