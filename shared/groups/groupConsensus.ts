// What the opinion groups say about each belief: each group's distribution beside the
// team's, Pol.is's group-informed consensus, and whether the belief divides the groups.
//
// For a group g with agree_g answers at +1 or +2 and answered_g answers other than pass,
// (agree_g + 1) / (answered_g + 2) is the chance, with one imagined answer on each side
// (Laplace's rule), that a member agrees. Group-informed consensus is the product of it
// over the groups (Pol.is, math/src/polismath/math/repness.clj, and Small et al. 2021):
// high only when every group leans the same way, however small the group.
import { SCALE, type ScalePoint } from '../schema.ts';
import { distributionOf, type Distribution } from '../stats.ts';
import { formatMean } from '../statsText.ts';

/** A group "leans" to a side when its Laplace chance of that side is at least this. */
export const GROUP_LEANS_AT = 0.6;
/**
 * Consensus across groups: every group answered, the product over the k groups is at least
 * GROUP_LEANS_AT^k (its geometric mean at least GROUP_LEANS_AT), and no group leans the other way.
 */
export type GroupSide = 'agree' | 'disagree' | null;

export interface GroupAnswers {
  distribution: Distribution;
  answered: number;
  agree: number;
  disagree: number;
}

export interface BeliefAcrossGroups {
  /** One per group, in group order. */
  groups: GroupAnswers[];
  /** Π (agree + 1)/(answered + 2) over the groups. */
  agreement: number;
  /** The same for disagreement: Π (disagree + 1)/(answered + 2). */
  disagreement: number;
  /** Every group leans this way (see GROUP_LEANS_AT), or null. */
  consensus: GroupSide;
  /** At least one group leans to agree and another to disagree. */
  divisive: boolean;
}

function chance(count: number, answered: number): number {
  return (count + 1) / (answered + 2);
}

export function groupAnswers(agreements: readonly ScalePoint[]): GroupAnswers {
  return {
    distribution: distributionOf(agreements),
    answered: agreements.length,
    agree: agreements.filter((value) => value >= 1).length,
    disagree: agreements.filter((value) => value <= -1).length,
  };
}

/** The figures of one belief from each group's non-pass agreements. */
export function acrossGroups(agreementsByGroup: readonly (readonly ScalePoint[])[]): BeliefAcrossGroups {
  const groups = agreementsByGroup.map(groupAnswers);
  const agreeChances = groups.map((g) => chance(g.agree, g.answered));
  const disagreeChances = groups.map((g) => chance(g.disagree, g.answered));
  const product = (values: number[]) => values.reduce((a, b) => a * b, 1);
  const agreement = product(agreeChances);
  const disagreement = product(disagreeChances);
  const threshold = GROUP_LEANS_AT ** groups.length;
  const someAgree = agreeChances.some((p) => p >= GROUP_LEANS_AT);
  const someDisagree = disagreeChances.some((p) => p >= GROUP_LEANS_AT);
  let consensus: GroupSide = null;
  const everyGroupAnswered = groups.length >= 2 && groups.every((g) => g.answered > 0);
  if (!everyGroupAnswered) consensus = null;
  else if (agreement >= threshold - 1e-12 && !someDisagree) consensus = 'agree';
  else if (disagreement >= threshold - 1e-12 && !someAgree) consensus = 'disagree';
  return { groups, agreement, disagreement, consensus, divisive: someAgree && someDisagree };
}

export interface GroupedPosition {
  beliefId: string;
  participantId: string;
  agreement: ScalePoint | 'pass';
}

/** Every belief's figures across `groups` (participant ids per group); beliefs nobody in a group answered are left out. */
export function beliefsAcrossGroups(
  beliefIds: readonly string[],
  positions: Iterable<GroupedPosition>,
  groups: readonly (readonly string[])[],
): Map<string, BeliefAcrossGroups> {
  const groupOf = new Map<string, number>();
  groups.forEach((members, group) => members.forEach((id) => groupOf.set(id, group)));
  const byBelief = new Map<string, ScalePoint[][]>(beliefIds.map((id) => [id, groups.map(() => [])]));
  for (const position of positions) {
    const group = groupOf.get(position.participantId);
    const lists = byBelief.get(position.beliefId);
    if (group === undefined || !lists || position.agreement === 'pass') continue;
    lists[group].push(position.agreement);
  }
  const out = new Map<string, BeliefAcrossGroups>();
  for (const [id, lists] of byBelief) if (lists.some((list) => list.length > 0)) out.set(id, acrossGroups(lists));
  return out;
}

/** A group's answers in words, for the list and the Markdown export: "2 agree, 1 disagree of 3 (mean 0.67)". */
export function groupLean(group: GroupAnswers): string {
  if (group.answered === 0) return 'no answers';
  let sum = 0;
  for (const point of SCALE) sum += point * group.distribution[point];
  const mean = sum / group.answered;
  return `${group.agree} agree, ${group.disagree} disagree of ${group.answered} (mean ${formatMean(mean)})`;
}
