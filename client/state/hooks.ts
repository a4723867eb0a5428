// Yjs → React. Each hook subscribes to the smallest piece it reads, so a change re-renders
// only the components that show it. Most read through useSyncExternalStore; the board's
// title and template, the participants, the peers and the undo state are copied into
// React state by an effect instead, as their sources hand out a new object on every read.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { observeMeta, observeParticipants, readBoardMeta, readParticipants } from '../../shared/model.ts';
import { observeWorkshop } from '../../shared/workshop.ts';
import { type Belief, type BoardMeta, type ParticipantRecord, type PositionRecord } from '../../shared/schema.ts';
import type { BeliefStats } from '../../shared/stats.ts';
import type { ValueStore } from './externalStore.ts';
import { readPeers, type Peer } from './presence.ts';
import type { BoardSession, ConnectionStatus } from './session.ts';
import type { Role } from '../../shared/access.ts';

/** A ValueStore's value, re-rendering when it changes. */
export function useValue<T>(store: ValueStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

export function useBeliefIds(session: BoardSession): string[] {
  return useSyncExternalStore(session.beliefs.subscribeIds, session.beliefs.getIds);
}

export function useBelief(session: BoardSession, id: string): Belief | undefined {
  const subscribe = useCallback((l: () => void) => session.beliefs.subscribeBelief(id, l), [session, id]);
  const get = useCallback(() => session.beliefs.get(id), [session, id]);
  return useSyncExternalStore(subscribe, get);
}

/** Bumps on any belief change; for views that summarise every belief. */
export function useBeliefsVersion(session: BoardSession): number {
  return useSyncExternalStore(session.beliefs.subscribeAny, session.beliefs.getVersion);
}

/** The team's figures for one belief; re-renders only when this belief's positions change. */
export function useBeliefStats(session: BoardSession, id: string): BeliefStats {
  const subscribe = useCallback((l: () => void) => session.stats.subscribe(id, l), [session, id]);
  const get = useCallback(() => session.stats.get(id), [session, id]);
  return useSyncExternalStore(subscribe, get);
}

/**
 * My own position on one belief, or null, following every change to it: this list, the
 * canvas picker, my other tabs, my undo.
 */
export function useMyPosition(session: BoardSession, id: string): PositionRecord | null {
  // The stats index hears every change to this belief's positions, mine included; the
  // document hands back the same record object until mine changes. While the belief is
  // in an open round, my position is the sealed one the relay keeps (docs/rounds.md).
  const subscribe = useCallback(
    (l: () => void) => {
      const unsubscribers = [session.stats.subscribe(id, l), session.workshop.subscribeSealed(l), observeWorkshop(session.doc, l)];
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
    [session, id],
  );
  const get = useCallback(() => session.workshop.myPosition(id), [session, id]);
  return useSyncExternalStore(subscribe, get);
}

export function useBoardMeta(session: BoardSession): BoardMeta {
  const [meta, setMeta] = useState(() => readBoardMeta(session.doc));
  useEffect(() => {
    setMeta(readBoardMeta(session.doc));
    return observeMeta(session.doc, () => setMeta(readBoardMeta(session.doc)));
  }, [session]);
  return meta;
}

/** Everyone who has ever joined the board, by participant id: names for authors. */
export function useParticipants(session: BoardSession): Map<string, ParticipantRecord> {
  const [participants, setParticipants] = useState(() => readParticipants(session.doc));
  useEffect(() => {
    setParticipants(readParticipants(session.doc));
    return observeParticipants(session.doc, () => setParticipants(readParticipants(session.doc)));
  }, [session]);
  return participants;
}

export function useConnectionStatus(session: BoardSession): ConnectionStatus {
  return useSyncExternalStore(session.status.subscribe, session.status.get);
}

/** Everyone else here. Re-renders on every awareness change (cursor moves included). */
export function usePeers(session: BoardSession): Peer[] {
  const [peers, setPeers] = useState<Peer[]>(() => readPeers(session.awareness));
  useEffect(() => {
    const update = () => setPeers(readPeers(session.awareness));
    update();
    session.awareness.on('change', update);
    return () => session.awareness.off('change', update);
  }, [session]);
  return peers;
}

export function useUndoState(session: BoardSession): { canUndo: boolean; canRedo: boolean } {
  const read = () => ({
    canUndo: session.undoManager.undoStack.length > 0,
    canRedo: session.undoManager.redoStack.length > 0,
  });
  const [state, setState] = useState(read);
  useEffect(() => {
    const update = () => setState((prev) => {
      const next = read();
      return prev.canUndo === next.canUndo && prev.canRedo === next.canRedo ? prev : next;
    });
    const um = session.undoManager;
    um.on('stack-item-added', update);
    um.on('stack-item-popped', update);
    um.on('stack-cleared', update);
    return () => {
      um.off('stack-item-added', update);
      um.off('stack-item-popped', update);
      um.off('stack-cleared', update);
    };
  }, [session]);
  return state;
}

/** My role through my link (null until known); re-renders when it becomes known or changes. */
export function useAccessRole(session: BoardSession): Role | null {
  return useSyncExternalStore(session.access.role.subscribe, session.access.role.get);
}
