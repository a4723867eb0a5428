// The board's opinion groups for React: found in a Web Worker (opinionGroups.worker.ts),
// recomputed a moment after positions stop changing, and only while something on screen
// reads them. The worker's code (the numeric core in shared/groups/) is a file of its own,
// fetched when the first reader appears, so it is not part of the board page's first load.
import { useEffect, useSyncExternalStore } from 'react';
import { beliefIds, listPositions } from '../../shared/model.ts';
import type { BeliefAcrossGroups } from '../../shared/groups/groupConsensus.ts';
import type { OpinionGroups } from '../../shared/groups/opinionGroups.ts';
import { ValueStore } from './externalStore.ts';
import type { GroupsReply, GroupsRequest } from './opinionGroups.worker.ts';
import type { BoardSession } from './session.ts';

/** Positions often come in bursts (a reveal, someone tabbing down the list): wait for a pause. */
const RECOMPUTE_AFTER_MS = 300;

export interface GroupsView {
  /** Null until the first answer from the worker. */
  groups: OpinionGroups | null;
  beliefs: ReadonlyMap<string, BeliefAcrossGroups>;
}

const NOT_YET: GroupsView = { groups: null, beliefs: new Map() };

class OpinionGroupsStore {
  readonly view = new ValueStore<GroupsView>(NOT_YET);
  private readers = 0;
  private worker: Worker | null = null;
  private stopListening: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private again = false;

  constructor(private readonly session: BoardSession) {}

  /** Counts a reader in; the returned function counts it out. The worker runs while anyone reads. */
  read(): () => void {
    if (this.readers++ === 0) this.start();
    return () => {
      if (--this.readers === 0) this.stop();
    };
  }

  private start(): void {
    const worker = new Worker(new URL('./opinionGroups.worker.ts', import.meta.url), { type: 'module', name: 'opinion groups' });
    worker.onmessage = (event: MessageEvent<GroupsReply>) => {
      this.inFlight = false;
      this.view.set({ groups: event.data.groups, beliefs: new Map(event.data.beliefs) });
      if (this.again) this.send();
    };
    this.worker = worker;
    this.stopListening = this.session.stats.subscribeAny(() => this.schedule());
    this.send();
  }

  private stop(): void {
    this.stopListening?.();
    this.stopListening = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = false;
    this.again = false;
    // A later reader starts a fresh worker, which starts a fresh grouping.
    this.view.set(NOT_YET);
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, RECOMPUTE_AFTER_MS);
  }

  /** One request at a time: answers that come in meanwhile go in the next one. */
  private send(): void {
    if (!this.worker) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.again = false;
    this.inFlight = true;
    const { doc } = this.session;
    const request: GroupsRequest = {
      beliefIds: beliefIds(doc),
      answers: listPositions(doc).map(({ beliefId, participantId, agreement }) => ({ beliefId, participantId, agreement })),
    };
    this.worker.postMessage(request);
  }
}

const stores = new WeakMap<BoardSession, OpinionGroupsStore>();

function storeOf(session: BoardSession): OpinionGroupsStore {
  let store = stores.get(session);
  if (!store) stores.set(session, (store = new OpinionGroupsStore(session)));
  return store;
}

/** The board's groups and every belief's figures across them; keeps the worker running while mounted. */
export function useOpinionGroups(session: BoardSession): GroupsView {
  const store = storeOf(session);
  useEffect(() => store.read(), [store]);
  return useSyncExternalStore(store.view.subscribe, store.view.get);
}

/**
 * One belief's figures across the groups, without keeping the worker running (the list
 * does that): undefined while there are no groups or nobody in them answered it.
 */
export function useBeliefAcrossGroups(session: BoardSession, beliefId: string): BeliefAcrossGroups | undefined {
  const store = storeOf(session);
  return useSyncExternalStore(store.view.subscribe, () => store.view.get().beliefs.get(beliefId));
}
