// The opinion groups of a snapshot, for the exports. Found afresh from the snapshot's
// positions (no earlier grouping to carry forward), so the same snapshot always gives the
// same groups; on a live board that has been answered one position at a time, the
// screen's grouping — carried forward for stability — can differ in a borderline person.
import type { BoardSnapshot } from '../snapshot/format.ts';
import { agreementMatrix } from './agreementMatrix.ts';
import { beliefsAcrossGroups, type BeliefAcrossGroups } from './groupConsensus.ts';
import { findOpinionGroups, type OpinionGroups } from './opinionGroups.ts';

export interface SnapshotGroups {
  groups: OpinionGroups;
  /** Per belief id; empty unless groups were found. */
  beliefs: Map<string, BeliefAcrossGroups>;
}

export function snapshotGroups(snapshot: BoardSnapshot): SnapshotGroups {
  const beliefIds = snapshot.beliefs.map((belief) => belief.id);
  const { groups } = findOpinionGroups(agreementMatrix(beliefIds, snapshot.positions), null);
  const beliefs = groups.status === 'groups' ? beliefsAcrossGroups(beliefIds, snapshot.positions, groups.groups) : new Map();
  return { groups, beliefs };
}
