// The opinion groups above the list's rows: how many groups, who is in each (names
// attached here, through groupMemberNames, the one door names go through), how many
// beliefs divide or unite them, and how the groups are found. Downloaded with the groups.
import { useSyncExternalStore } from 'react';
import { pseudonymName } from '../../shared/anonymity.ts';
import { groupLabel, groupMemberNames } from '../../shared/groups/groupNames.ts';
import { GROUPS_EXPLANATION, noGroupsReason } from '../../shared/groups/groupsText.ts';
import type { OpinionGroups } from '../../shared/groups/opinionGroups.ts';
import { isBeliefInRound } from '../../shared/workshop.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useParticipants } from '../state/hooks.ts';
import type { GroupsView } from '../state/opinionGroups.ts';
import { useWorkshop } from '../state/workshopStore.ts';

export function OpinionGroupsSummary({ view }: { view: GroupsView & { groups: OpinionGroups } }) {
  const { session } = useEditor();
  const participants = useParticipants(session);
  const { groups } = view;
  const owners = useSyncExternalStore(session.workshop.subscribeOwners, session.workshop.answerOwners);
  useSyncExternalStore(session.workshop.subscribeSealed, session.workshop.myAnswerId);
  // Under an anonymous level members are pseudonyms: "Person 3", or the name behind it for
  // a facilitator under "anonymous to participants", the only one told whose each is.
  const nameOf = (id: string) => {
    if (id === session.workshop.myAnswerId()) return 'you';
    const person = owners.get(id) ?? id;
    return participants.get(person)?.name.trim() || pseudonymName(id) || 'someone unnamed';
  };
  const reason = noGroupsReason(groups);
  const { round } = useWorkshop(session);
  // The open round's beliefs show no figures, so they are not counted here either.
  const beliefs = [...view.beliefs].filter(([id]) => !isBeliefInRound(round, id)).map(([, figures]) => figures);
  const divisive = beliefs.filter((figures) => figures.divisive).length;
  const consensus = beliefs.filter((figures) => figures.consensus !== null).length;
  return (
    <section className="opinion-groups" aria-label="Opinion groups" data-opinion-groups={groups.status === 'groups' ? groups.groups.length : 0}>
      <h3 className="opinion-groups__heading">Opinion groups</h3>
      {groups.status !== 'groups' || reason !== null ? (
        <p className="muted" data-opinion-groups-reason>
          {reason}
        </p>
      ) : (
        <>
          <ul className="opinion-groups__list">
            {groups.groups.map((members, index) => (
              <li key={index} data-group={groupLabel(index)}>
                <strong>{groupLabel(index)}</strong> ({members.length}): {groupMemberNames(members, nameOf).join(', ')}
              </li>
            ))}
          </ul>
          <p className="muted">
            {divisive} divisive, {consensus} with consensus across groups.
          </p>
        </>
      )}
      <details className="opinion-groups__how">
        <summary>How groups are found</summary>
        <p>{GROUPS_EXPLANATION}</p>
      </details>
    </section>
  );
}
