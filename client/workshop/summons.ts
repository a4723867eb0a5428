// "Bring everyone to me": when the facilitator summons, everyone else starts following
// them. Only a summon made after this page caught up with the relay counts: one already
// in the board when I open it is history, not a call.
import { readParticipants } from '../../shared/model.ts';
import type { SummonState } from '../../shared/workshop.ts';
import type { BoardSession } from '../state/session.ts';
import type { Following } from './following.ts';
import { workshopStore } from '../state/workshopStore.ts';

export function answerSummons(session: Pick<BoardSession, 'doc' | 'provider' | 'me'>, following: Following): () => void {
  const store = workshopStore(session.doc);
  let seen: SummonState | null = store.get().state.summon;
  return store.subscribe(() => {
    const summon = store.get().state.summon;
    if (summon === seen || (summon && seen && summon.at === seen.at && summon.participantId === seen.participantId)) return;
    seen = summon;
    // Until the first sync completes, what arrives is the board's past.
    if (!summon || !session.provider.synced || summon.participantId === session.me.id) return;
    const name = readParticipants(session.doc).get(summon.participantId)?.name ?? 'the facilitator';
    following.follow({ id: summon.participantId, name });
  });
}
