// How the opinion groups are put in words, the same on screen and in the exports.
import type { OpinionGroups } from './opinionGroups.ts';
import { MIN_BELIEFS_FOR_GROUPS, MIN_PEOPLE_FOR_GROUPS, MIN_ANSWERS_PER_PERSON } from './agreementMatrix.ts';

export const GROUPS_EXPLANATION =
  'People who answer alike form a group: each person\'s answers are placed on the two directions in which the team\'s answers vary most ' +
  '(principal components, passes counted as no answer), then split into 2–4 groups by k-means, as Pol.is does. ' +
  'A belief is divisive when one group leans to agree and another to disagree; it has consensus across groups when every group leans the same way ' +
  '(the product over groups of (agree + 1)/(answered + 2) is high).';

/** Why there are no groups to show, or null when there are. */
export function noGroupsReason(groups: OpinionGroups): string | null {
  if (groups.status === 'groups') return null;
  if (groups.status === 'alike') return 'Everyone counted answers alike: there are no separate groups.';
  return (
    `Not enough answers to see groups: it takes ${MIN_PEOPLE_FOR_GROUPS} people with ${MIN_ANSWERS_PER_PERSON} answers each ` +
    `and ${MIN_BELIEFS_FOR_GROUPS} beliefs answered by two of them (now ${groups.people} people, ${groups.beliefs} beliefs).`
  );
}
