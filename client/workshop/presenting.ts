// "Present": while the facilitator presents, every other screen on the board follows
// their view — camera and layout — including a projector on the view-only link and a
// screen that opens the board later. Whoever steps out (pans, zooms, switches the view,
// or presses Stop) stays out until they press Follow again or a new presentation starts.
import { readParticipants } from '../../shared/model.ts';
import type { PresentingState } from '../../shared/workshop.ts';
import type { BoardSession } from '../state/session.ts';
import { workshopStore } from '../state/workshopStore.ts';
import type { Following } from './following.ts';

/** The presenter's name as the board knows it. */
export function presenterName(session: Pick<BoardSession, 'doc'>, presenting: PresentingState): string {
  return readParticipants(session.doc).get(presenting.participantId)?.name ?? 'the facilitator';
}

export function followPresenter(session: Pick<BoardSession, 'doc' | 'me'>, following: Following): () => void {
  const store = workshopStore(session.doc);
  let seen = '';
  let presenter: string | null = null;
  const check = () => {
    const presenting = store.get().state.presenting;
    const key = presenting ? `${presenting.participantId}:${presenting.at}` : '';
    if (key === seen) return;
    seen = key;
    // The presentation ended (or passed to someone else): stop following the one who gave it.
    if (presenter && following.target.get()?.participantId === presenter && presenting?.participantId !== presenter) following.stop();
    presenter = presenting?.participantId ?? null;
    if (!presenting || presenting.participantId === session.me.id) return;
    following.follow({ id: presenting.participantId, name: presenterName(session, presenting) });
  };
  check();
  return store.subscribe(check);
}
