// One open board in this tab: the Y.Doc, its connection to the relay, my presence, my
// undo history and my selection. Components get everything through this object and the
// hooks in hooks.ts; the document itself is changed only through shared/model.ts.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { hasBoard, readParticipants, undoScope, upsertParticipant } from '../../shared/model.ts';
import { colourOnBoard } from '../../shared/colors.ts';
import { CLOSE, CLOSE_REASON, PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM, WS_PATH } from '../../shared/protocol.ts';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { BeliefIndex } from './beliefIndex.ts';
import { ValueStore } from './externalStore.ts';
import { participantSecret, type Identity } from './identity.ts';
import { openOfflineCopy } from './offlineStore.ts';
import type { PresenceState } from './presence.ts';
import { watchAccess, type SessionAccess } from './sessionAccess.ts';
import { stopAwarenessEcho } from './awarenessEcho.ts';
import { catchUpQuietly } from './quietCatchUp.ts';
import { jitterReconnects } from './reconnect.ts';
import { SaveTracker } from './saveTracker.ts';
import { openWorkshopChannel, type WorkshopChannel } from './workshopChannel.ts';

export type ConnectionPhase =
  /** First connection not made yet. */
  | 'connecting'
  /** Connected and in sync with the relay: my changes reach it as I make them. */
  | 'live'
  /** Lost (or never reached) the relay, trying again; changes are kept on this device meanwhile. */
  | 'reconnecting'
  /** The browser says there is no network; changes are kept on this device meanwhile. */
  | 'offline'
  /** The relay refused this board for good (unknown board, bad link). */
  | 'refused';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** My changes on this device the relay has not confirmed as stored (see saveTracker.ts). */
  unsavedChanges: number;
  /** Why the relay refused, in words, when phase is 'refused'. */
  reason?: string;
}

/** The origin of every change this tab makes; undo tracks it and nothing else. */
export interface LocalOrigin {
  readonly kind: 'local';
  readonly participantId: string;
}

export interface BoardSession {
  boardId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  awareness: Awareness;
  me: Identity;
  origin: LocalOrigin;
  undoManager: Y.UndoManager;
  beliefs: BeliefIndex;
  /** Per-belief statistics of the recorded positions, recomputed one belief at a time. */
  stats: StatsIndex;
  selection: ValueStore<string[]>;
  /** The belief whose text editor is open in this tab (canvas overlay), or null. */
  editing: ValueStore<string | null>;
  status: ValueStore<ConnectionStatus>;
  /**
   * Resolves once the board is first known whole in this tab: after the relay's first sync
   * reply, or after this browser's offline copy loaded with the board in it, whichever is
   * first (the source says which). The canvas marks its first render from it (benchMode.ts).
   */
  loaded: Promise<'relay' | 'offline copy'>;
  /** My role through my link, and whether it lets me change the board (view-only: no). */
  access: SessionAccess;
  /** Sealed positions, private notes and round commands, between me and the relay only. */
  workshop: WorkshopChannel;
  /** Publishes my pointer (board coordinates) to the others, or null to hide it. */
  setCursor(cursor: { x: number; y: number } | null): void;
  setSelection(ids: string[]): void;
  /** Shows a new display name to everyone here: in presence now, on my participant record too. */
  rename(name: string): void;
  destroy(): void;
}

export function relayUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}`;
}

export function openBoardSession(boardId: string, me: Identity, secret: string): BoardSession {
  const doc = new Y.Doc();
  const origin: LocalOrigin = Object.freeze({ kind: 'local', participantId: me.id });
  // This browser's copy first, so the board shows at once (offline too) and the relay
  // sends only what the copy lacks.
  const offlineCopy = openOfflineCopy(boardId, doc);
  // The link's secret rides in the query string; the relay never logs it. So does the
  // secret that proves my participant id, for my sealed positions (docs/rounds.md).
  const params = { [ACCESS_KEY_PARAM]: secret, [PARTICIPANT_ID_PARAM]: me.id, [PARTICIPANT_SECRET_PARAM]: participantSecret() };
  const provider = new WebsocketProvider(relayUrl(), boardId, doc, { connect: false, params });
  jitterReconnects(provider);
  stopAwarenessEcho(provider);
  catchUpQuietly(provider);
  let destroyed = false;
  void offlineCopy.ready.then(() => {
    if (!destroyed) provider.connect();
  });
  const loaded = new Promise<'relay' | 'offline copy'>((resolve) => {
    void offlineCopy.ready.then(() => {
      if (hasBoard(doc)) resolve('offline copy');
    });
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve('relay');
    };
    provider.on('sync', onSync);
  });
  const awareness = provider.awareness;
  const presence: PresenceState = { user: { id: me.id, name: me.name, color: me.color }, cursor: null, selection: [] };
  awareness.setLocalState(presence);

  const undoManager = new Y.UndoManager(undoScope(doc), {
    trackedOrigins: new Set([origin]),
    captureTimeout: 500,
  });

  const beliefs = new BeliefIndex(doc);
  const stats = new StatsIndex(doc);
  const workshop = openWorkshopChannel(provider, doc, me.id, origin);
  const selection = new ValueStore<string[]>([]);
  const editing = new ValueStore<string | null>(null);
  const status = new ValueStore<ConnectionStatus>({ phase: 'connecting', unsavedChanges: 0 });
  const saves = new SaveTracker(
    provider,
    doc,
    (updateOrigin) => updateOrigin === origin || updateOrigin === undoManager,
    offlineCopy.inherited,
  );

  let everTried = false;
  let refusedReason: string | undefined;

  const recompute = () => {
    let phase: ConnectionPhase;
    if (refusedReason) phase = 'refused';
    // The browser knows it has no network before a half-open socket times out.
    else if (typeof navigator !== 'undefined' && navigator.onLine === false) phase = 'offline';
    else if (provider.wsconnected && provider.synced) phase = 'live';
    else phase = everTried ? 'reconnecting' : 'connecting';
    const unsaved = saves.unconfirmed;
    const current = status.get();
    if (current.phase !== phase || current.unsavedChanges !== unsaved || current.reason !== refusedReason) {
      status.set({ phase, unsavedChanges: unsaved, reason: refusedReason });
    }
  };
  saves.subscribe(() => {
    offlineCopy.recordUnconfirmed(saves.unconfirmed);
    recompute();
  });

  provider.on('status', recompute);
  const refuse = (code: number) => {
    refusedReason = CLOSE_REASON[code];
    // A refused board will not start to exist by retrying.
    provider.shouldConnect = false;
    provider.disconnect();
  };
  const access = watchAccess(provider, boardId, secret, () => {
    refuse(CLOSE.badSecret);
    recompute();
  });
  // Only someone who may edit is recorded as a participant (a view-only audience is not).
  const joinAsParticipant = () => {
    if (!provider.synced || !access.canEdit()) return;
    const { id, name } = session.me;
    const color = colourOnBoard(id, session.me.color, readParticipants(doc));
    if (color !== session.me.color) {
      session.me = { ...session.me, color };
      publish({ user: { id, name, color } });
    }
    upsertParticipant(doc, { id, name, color }, origin);
  };
  access.role.subscribe(joinAsParticipant);
  access.role.subscribe(() => publish({ facilitating: access.role.get() === 'facilitate' }));
  provider.on('sync', (synced: boolean) => {
    recompute();
    if (synced) joinAsParticipant();
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    const code = event?.code;
    if (code === CLOSE.unknownBoard || code === CLOSE.badBoardId || code === CLOSE.badSecret) refuse(code);
    // The refused change is still in this tab and would be sent again on every reconnect.
    if (code === CLOSE.facilitatorOnly || code === CLOSE.boardLocked) refuse(code);
    everTried = true;
    recompute();
  });
  const onNetworkChange = () => recompute();
  window.addEventListener('online', onNetworkChange);
  window.addEventListener('offline', onNetworkChange);

  const publish = (patch: Partial<PresenceState>) => {
    const current = (awareness.getLocalState() as PresenceState | null) ?? presence;
    awareness.setLocalState({ ...current, ...patch });
  };

  const session: BoardSession = {
    boardId,
    doc,
    provider,
    awareness,
    me,
    origin,
    undoManager,
    beliefs,
    stats,
    selection,
    editing,
    status,
    loaded,
    access,
    workshop,
    setCursor(cursor) {
      publish({ cursor });
    },
    setSelection(ids) {
      const current = selection.get();
      if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
      selection.set(ids);
      publish({ selection: ids });
    },
    rename(name) {
      session.me = { ...session.me, name };
      const { id, color } = session.me;
      publish({ user: { id, name, color } });
      if (access.canEdit()) upsertParticipant(doc, { id, name, color }, origin);
    },
    destroy() {
      window.removeEventListener('online', onNetworkChange);
      window.removeEventListener('offline', onNetworkChange);
      destroyed = true;
      saves.destroy();
      workshop.destroy();
      offlineCopy.destroy();
      beliefs.destroy();
      stats.destroy();
      undoManager.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
  return session;
}
