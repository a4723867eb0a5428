// The opinion groups, found off the main thread: the board's answers in, the groups and
// each belief's figures across them out. The worker keeps the last grouping, so each
// update carries it forward (shared/groups/opinionGroups.ts: one answer moves at most
// the person who gave it) instead of starting over.
import { agreementMatrix, type Answer } from '../../shared/groups/agreementMatrix.ts';
import { beliefsAcrossGroups, type BeliefAcrossGroups } from '../../shared/groups/groupConsensus.ts';
import { findOpinionGroups, type GroupingState, type OpinionGroups } from '../../shared/groups/opinionGroups.ts';

export interface GroupsRequest {
  /** The live beliefs, in board order. */
  beliefIds: string[];
  answers: Answer[];
}

export interface GroupsReply {
  groups: OpinionGroups;
  beliefs: [string, BeliefAcrossGroups][];
}

let state: GroupingState | null = null;

self.onmessage = (event: MessageEvent<GroupsRequest>) => {
  const { beliefIds, answers } = event.data;
  const found = findOpinionGroups(agreementMatrix(beliefIds, answers), state);
  state = found.state;
  const beliefs = found.groups.status === 'groups' ? [...beliefsAcrossGroups(beliefIds, answers, found.groups.groups)] : [];
  const reply: GroupsReply = { groups: found.groups, beliefs };
  self.postMessage(reply);
};
