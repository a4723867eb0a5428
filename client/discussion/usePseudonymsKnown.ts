// What this tab knows of the pseudonyms comments are written under: mine (from my own
// tabs' notice) and, for a facilitator under "anonymous to participants", whose each is.
// Both arrive after the comments may have, so the names follow them.
import { useSyncExternalStore } from 'react';
import type { BoardSession } from '../state/session.ts';
import type { PseudonymsKnown } from './people.ts';

export function usePseudonymsKnown(session: BoardSession): PseudonymsKnown {
  const owners = useSyncExternalStore(session.workshop.subscribeOwners, session.workshop.answerOwners);
  const mine = useSyncExternalStore(session.workshop.subscribeSealed, session.workshop.myAnswerId);
  return { mine, owners };
}
