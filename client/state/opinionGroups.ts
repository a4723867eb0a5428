// The board's opinion groups for React. They are found in a Web Worker, started by
// opinionGroupsRunner.ts while something on screen reads them; that module and the worker
// (the numeric core in shared/groups/) are fetched when the first reader appears, so they
// are not part of the board page's first download.
import { useEffect, useSyncExternalStore } from 'react';
import type { BeliefAcrossGroups } from '../../shared/groups/groupConsensus.ts';
import type { OpinionGroups } from '../../shared/groups/opinionGroups.ts';
import { ValueStore } from './externalStore.ts';
import type { BoardSession } from './session.ts';
import { whenIdle } from './whenIdle.ts';

export interface GroupsView {
  /** Null until the first answer from the worker. */
  groups: OpinionGroups | null;
  beliefs: ReadonlyMap<string, BeliefAcrossGroups>;
}

const NOT_YET: GroupsView = { groups: null, beliefs: new Map() };

interface Groups {
  view: ValueStore<GroupsView>;
  readers: number;
  stop: (() => void) | null;
}

const boards = new WeakMap<BoardSession, Groups>();

function groupsOf(session: BoardSession): Groups {
  let groups = boards.get(session);
  if (!groups) boards.set(session, (groups = { view: new ValueStore(NOT_YET), readers: 0, stop: null }));
  return groups;
}

/** Counts a reader in; the returned function counts it out. The worker runs while anyone reads. */
function read(session: BoardSession, groups: Groups): () => void {
  if (groups.readers++ === 0) {
    let stopped = false;
    let cancelIdle = () => {};
    groups.stop = () => {
      stopped = true;
      cancelIdle();
    };
    // Not before the board is drawn: grouping thousands of answers is seconds of work on a
    // second thread, and on a machine of two cores it took them from the board's first
    // picture (the cold load of 2,000 beliefs × 30 people waited for it).
    void session.loaded.then(() => {
      if (stopped) return;
      cancelIdle = whenIdle(() => {
        void import('./opinionGroupsRunner.ts').then(({ runOpinionGroups }) => {
          if (stopped) return;
          groups.stop = runOpinionGroups(session, (reply) => groups.view.set({ groups: reply.groups, beliefs: new Map(reply.beliefs) }));
        }, () => {
          // Not downloadable (offline before the service worker kept it): the board works
          // without groups, which simply do not appear; the next reader tries again.
        });
      });
    });
  }
  return () => {
    if (--groups.readers > 0) return;
    groups.stop?.();
    groups.stop = null;
    // A later reader starts a fresh worker, which starts a fresh grouping.
    groups.view.set(NOT_YET);
  };
}

/** The board's groups and every belief's figures across them; keeps the worker running while mounted. */
export function useOpinionGroups(session: BoardSession): GroupsView {
  const groups = groupsOf(session);
  useEffect(() => read(session, groups), [session, groups]);
  return useSyncExternalStore(groups.view.subscribe, groups.view.get);
}

/**
 * One belief's figures across the groups, without keeping the worker running (the list
 * does that): undefined while there are no groups or nobody in them answered it.
 */
export function useBeliefAcrossGroups(session: BoardSession, beliefId: string): BeliefAcrossGroups | undefined {
  const { view } = groupsOf(session);
  return useSyncExternalStore(view.subscribe, () => view.get().beliefs.get(beliefId));
}
