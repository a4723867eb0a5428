// The board as it was at one moment of its history (docs/history.md), as a session the
// same canvas and list code can draw: its document is a copy made from the history
// (Y.createDocFromSnapshot), connected to nothing, and every door to change it is shut —
// the role is "view", the workshop channel records nothing, presence goes nowhere. The
// live session lends only what does not change the board: the board's id and who I am.
// The document stays its maker's (the History view's), who may show it elsewhere too;
// destroying the session stops what would outlive it (the presence's timer).
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { readPosition, undoScope } from '../../shared/model.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { BeliefIndex } from './beliefIndex.ts';
import { ValueStore } from './externalStore.ts';
import type { BoardSession, ConnectionStatus } from './session.ts';
import type { WorkshopChannel } from './workshopChannel.ts';

export function momentSession(live: BoardSession, doc: Y.Doc): BoardSession {
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  const beliefs = new BeliefIndex(doc);
  const stats = new StatsIndex(doc);
  const origin = { kind: 'local', participantId: live.me.id } as const;
  return {
    boardId: live.boardId,
    doc,
    // Never connected: nothing here reaches the relay.
    provider: live.provider,
    awareness,
    me: live.me,
    origin,
    undoManager: new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([origin]) }),
    beliefs,
    stats,
    status: new ValueStore<ConnectionStatus>(live.status.get()),
    loaded: Promise.resolve('relay'),
    access: { role: new ValueStore('view'), participant: new ValueStore(null), canEdit: () => false },
    workshop: pastWorkshop(doc, live.me.id),
    setCursor: () => {},
    shareSelection: () => {},
    rename: () => {},
    actor: () => ({ role: 'view', participantId: live.me.id }),
    destroy() {
      beliefs.destroy();
      stats.destroy();
      awareness.destroy();
    },
  };
}

// The same values every time: React stores read them as their snapshots.
const NO_OWNERS: ReadonlyMap<string, string> = new Map();
const NO_PRIVATE_NOTES: ReturnType<WorkshopChannel['myPrivateBeliefs']> = [];

/** My positions as the moment's document holds them; nothing sealed, nothing private, nothing sent. */
function pastWorkshop(doc: Y.Doc, me: string): WorkshopChannel {
  const none = () => {};
  const never = () => () => {};
  return {
    startRound: none,
    revealRound: none,
    recordPosition: none,
    clearMyPosition: none,
    mySealedPosition: () => null,
    myPosition: (beliefId) => readPosition(doc, beliefId, me),
    isSealed: () => false,
    subscribeSealed: never,
    myAnswerId: () => me,
    answerIdOf: (someone) => someone,
    isHeld: () => false,
    answerOwners: () => NO_OWNERS,
    subscribeOwners: never,
    addPrivateBelief: () => '',
    updatePrivateBelief: none,
    deletePrivateBelief: none,
    myPrivateBeliefs: () => NO_PRIVATE_NOTES,
    subscribePrivate: never,
    removeParticipant: none,
    sendComment: none,
    onChangeRefused: none,
    lastProblem: () => null,
    dismissProblem: none,
    tell: none,
    subscribeProblems: never,
    destroy: none,
  };
}
