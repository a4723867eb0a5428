// The open round for React: who is here to answer, the round's progress, and per belief
// whether it is sealed and how many have answered. Each hook hands React the same value
// until what it shows changes, so a cursor moving or an answer elsewhere does not
// re-render every note.
import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
import { observeParticipants, readParticipants, readPosition } from '../../shared/model.ts';
import { isBeliefInRound } from '../../shared/workshop.ts';
import { previousAnswer, type PreviousAnswer } from './previousAnswers.ts';
import { useBeliefIds, useParticipants } from './hooks.ts';
import { readPeers } from './presence.ts';
import type { BoardSession } from './session.ts';
import { roundProgress, type Person, type RoundProgress } from './roundProgress.ts';
import { useWorkshop, workshopStore } from './workshopStore.ts';

/** Participants here now (me included), by name: a view-only audience is not among them. */
export function usePresentParticipants(session: BoardSession): Person[] {
  const cache = useRef<{ key: string; people: Person[] }>({ key: '', people: [] });
  const subscribe = useCallback(
    (listener: () => void) => {
      session.awareness.on('change', listener);
      const stop = observeParticipants(session.doc, listener);
      return () => {
        session.awareness.off('change', listener);
        stop();
      };
    },
    [session],
  );
  const get = useCallback(() => {
    const records = readParticipants(session.doc);
    const peers = readPeers(session.awareness);
    // A view-only screen (a projector, say) is not someone who answers.
    const answering = peers.filter((peer) => peer.viewing !== true);
    const here = new Set([...(session.access.canEdit() ? [session.me.id] : []), ...answering.map((peer) => peer.user.id)]);
    // A person is facilitating when every tab of theirs here holds the facilitator link.
    const facilitating = (id: string) =>
      id === session.me.id
        ? session.access.role.get() === 'facilitate'
        : answering.filter((peer) => peer.user.id === id).every((peer) => peer.facilitating === true);
    const people = [...here]
      .flatMap((id) => {
        const record = records.get(id);
        return record ? [{ id, name: id === session.me.id ? session.me.name : record.name, facilitating: facilitating(id) }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const key = people.map((person) => `${person.id}:${person.name}:${person.facilitating}`).join('\n');
    if (key !== cache.current.key) cache.current = { key, people };
    return cache.current.people;
  }, [session]);
  return useSyncExternalStore(subscribe, get);
}

/** The open round's progress, or null when no round is open. */
export function useRoundProgress(session: BoardSession): RoundProgress | null {
  const { round } = useWorkshop(session);
  const ids = useBeliefIds(session);
  const present = usePresentParticipants(session);
  const participants = useParticipants(session);
  // Counted again only when one of its inputs changes: the notes' layer reads it on every
  // zoom frame, and a round over 2,000 beliefs and 30 people is 60,000 steps.
  return useMemo(
    () => (round?.status === 'open' ? roundProgress(round, ids, present, (id) => participants.get(id)?.name || 'someone who left') : null),
    [round, ids, present, participants],
  );
}

/**
 * How many people the open round has (the "of 5" in "sealed — 2 of 5 answered"), or null
 * when no round is open: one count for every note, read once by the notes' layer rather
 * than by each of hundreds of notes.
 */
export function useRoundHeadcount(session: BoardSession): number | null {
  return useRoundProgress(session)?.people.length ?? null;
}

/** How many have answered this belief in the open round, or null when it is not in one. */
export function useSealedAnswerCount(session: BoardSession, beliefId: string): number | null {
  const store = workshopStore(session.doc);
  return useSyncExternalStore(store.subscribe, () => {
    const { round } = store.get().state;
    return isBeliefInRound(round, beliefId) ? (round!.answered[beliefId]?.length ?? 0) : null;
  });
}

/**
 * While the belief is in the open round: my answer from before it (what the board shows of
 * me, revealed already), so I see "last round: Agree" and may keep it. Null otherwise.
 */
export function usePreviousAnswer(session: BoardSession, beliefId: string): PreviousAnswer | null {
  const cache = useRef<{ key: string; value: PreviousAnswer | null }>({ key: '', value: null });
  const store = workshopStore(session.doc);
  const subscribe = useCallback(
    (listener: () => void) => {
      const stops = [session.stats.subscribe(beliefId, listener), store.subscribe(listener)];
      return () => stops.forEach((stop) => stop());
    },
    [session, store, beliefId],
  );
  const get = useCallback(() => {
    const me = session.workshop.myAnswerId();
    // The store's copy of the round and the history, read once per change for every row.
    const { state, history } = store.get();
    const value = isBeliefInRound(state.round, beliefId)
      ? previousAnswer(beliefId, readPosition(session.doc, beliefId, me), history, me)
      : null;
    const key = value ? `${value.agreement}:${value.direction}:${value.round}` : '';
    if (key !== cache.current.key) cache.current = { key, value };
    return cache.current.value;
  }, [session, store, beliefId]);
  return useSyncExternalStore(subscribe, get);
}
