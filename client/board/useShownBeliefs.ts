// The beliefs the list shows, sorted and filtered as chosen, following the team's
// positions live — except while I am working inside the rows: a row that jumps away or
// vanishes the moment I answer it would throw my keyboard focus out of the list. The
// beliefs in an open round sort and filter as having no figures (shared/roundFigures.ts),
// nor any verdict of the opinion groups.
import { useMemo, useState, useSyncExternalStore } from 'react';
import { dependsOnPositions, orderBeliefs, type BeliefOrder } from '../../shared/beliefOrder.ts';
import { readPosition } from '../../shared/model.ts';
import { figuresOutsideRound, hasAnswered, sealedRoundKey } from '../../shared/roundFigures.ts';
import { isBeliefInRound, type RoundStatus } from '../../shared/workshop.ts';
import type { GroupsView } from '../state/opinionGroups.ts';
import type { BoardSession } from '../state/session.ts';
import { workshopStore } from '../state/workshopStore.ts';

const NO_SUBSCRIPTION = () => () => {};
const NO_VERSION = () => 0;
const NO_ROUND_KEY = () => '';

/** Changes when the open round or the answers in it do (mine, or the person whose gaps are shown). */
function roundKey(round: RoundStatus | null): string {
  const sealed = sealedRoundKey(round);
  if (sealed === 0) return '';
  const answers = Object.values(round!.answered).reduce((sum, ids) => sum + ids.length, 0);
  return `${sealed}:${answers}`;
}

const viewVersions = new WeakMap<GroupsView, number>();
let lastViewVersion = 0;

/** A number per groups view, so a new grouping is one more change to let through. */
function versionOf(view: GroupsView): number {
  let version = viewVersions.get(view);
  if (version === undefined) viewVersions.set(view, (version = ++lastViewVersion));
  return version;
}

export interface ShownBeliefs {
  ids: string[];
  /** Positions changed while the order was held; it catches up when focus leaves the rows. */
  waiting: boolean;
}

export function useShownBeliefs(
  session: BoardSession,
  ids: string[],
  order: BeliefOrder,
  /** True while focus is inside the rows. */
  hold: boolean,
  groups: GroupsView,
): ShownBeliefs {
  const live = dependsOnPositions(order);
  // In board order positions change nothing here, so the list does not even listen.
  const statsVersion = useSyncExternalStore(
    live ? session.stats.subscribeAny : NO_SUBSCRIPTION,
    live ? session.stats.getVersion : NO_VERSION,
  );
  const workshop = workshopStore(session.doc);
  const roundVersion = useSyncExternalStore(
    live ? workshop.subscribe : NO_SUBSCRIPTION,
    live ? () => roundKey(workshop.get().state.round) : NO_ROUND_KEY,
  );
  const groupsVersion = live ? versionOf(groups) : 0;
  const version = `${statsVersion}|${roundVersion}|${groupsVersion}`;
  const [applied, setApplied] = useState(version);
  // Adjusting state while rendering (React's pattern for state that follows a value).
  if (!hold && applied !== version) setApplied(version);

  const shown = useMemo(
    () => {
      const { round } = workshop.get().state;
      // Under an anonymous level a person's answers are under their pseudonym, when this tab may know it.
      const answeredBy = (id: string, person: string) => {
        const answerId = session.workshop.answerIdOf(person);
        return hasAnswered(round, id, answerId, (beliefId) => readPosition(session.doc, beliefId, answerId) !== null || (person === session.me.id && session.workshop.isHeld(beliefId)));
      };
      return orderBeliefs(
        ids,
        order,
        figuresOutsideRound(round, session.stats.get),
        (id) => answeredBy(id, session.me.id),
        answeredBy,
        (id) => (isBeliefInRound(round, id) ? undefined : groups.beliefs.get(id)),
      );
    },
    // `applied` stands for the positions, the round and the groups: the order is recomputed when they are let through.
    [session, workshop, ids, order, applied],
  );
  return { ids: shown, waiting: live && hold && applied !== version };
}
