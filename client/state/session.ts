// One open board in this tab: the Y.Doc, its connection to the relay, my presence and my
// undo history. The editor (client/editor/BoardEditor.ts) wraps it for the components; the
// hooks in hooks.ts read it; the document itself is changed only through shared/model.ts.
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { hasBoard, readParticipants, undoScope, upsertParticipant } from '../../shared/model.ts';
import { colourOnBoard } from '../../shared/colors.ts';
import { CLOSE, CLOSE_REASON, COMPRESSION_PARAM, PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM, WS_PATH } from '../../shared/protocol.ts';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { BeliefIndex } from './beliefIndex.ts';
import { ValueStore } from './externalStore.ts';
import { participantSecret, type Identity } from './identity.ts';
import { deleteOfflineCopy, openOfflineCopy } from './offlineStore.ts';
import { takeBoardCopy } from './boardCopy.ts';
import type { PresenceState } from './presence.ts';
import { watchAccess, type SessionAccess } from './sessionAccess.ts';
import { BoardProvider } from './boardProvider.ts';
import { catchUpQuietly } from './channels.ts';
import { inflatingWebSocket, readsCompressedMessages } from './inflatingSocket.ts';
import { QuietDoc } from './quietCatchUp.ts';
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
  /** The relay refused this board for good (unknown board, bad link), or stopped this browser. */
  | 'refused'
  /**
   * The relay kept part of a change of mine out (the board was locked, a round opened, it
   * is full): this tab's copy still shows it, so once the rest is confirmed the board is
   * reloaded from the relay.
   */
  | 'reloading';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** My changes on this device the relay has not confirmed as stored (see saveTracker.ts). */
  unsavedChanges: number;
  /** The things (notes, positions, settings) those changes touched: what people are told is kept. */
  unsavedThings: number;
  /** Why, in words, when phase is 'refused' or 'reloading'. */
  reason?: string;
  /**
   * For 'refused': 'gone' when the board or the link is not valid; 'reload' when this
   * browser's copy went out of step with the relay and reloading it from the relay mends
   * it; 'stopped' when there is nothing to do here (removed by the facilitator).
   */
  refusal?: 'gone' | 'reload' | 'stopped';
}

export type LoadedFrom = 'relay' | 'offline copy' | 'relay copy';

/** The origin of every change this tab makes; undo tracks it and nothing else. */
export interface LocalOrigin {
  readonly kind: 'local';
  readonly participantId: string;
}

export interface BoardSession {
  boardId: string;
  doc: Y.Doc;
  provider: BoardProvider;
  awareness: Awareness;
  me: Identity;
  origin: LocalOrigin;
  undoManager: Y.UndoManager;
  beliefs: BeliefIndex;
  /** Per-belief statistics of the recorded positions, recomputed one belief at a time. */
  stats: StatsIndex;
  status: ValueStore<ConnectionStatus>;
  /**
   * Resolves once the board is first known whole in this tab: after the relay's first sync
   * reply, after this browser's offline copy loaded with the board in it, or after the copy
   * the relay kept of a big board came over HTTP (boardCopy.ts), whichever is first (the
   * source says which). The canvas marks its first render from it (client/canvas/firstRenderMark.ts).
   */
  loaded: Promise<LoadedFrom>;
  /** My role through my link, and whether it lets me change the board (view-only: no). */
  access: SessionAccess;
  /** Sealed positions, private notes and round commands, between me and the relay only. */
  workshop: WorkshopChannel;
  /** Publishes my pointer (board coordinates) to the others, or null to hide it. */
  setCursor(cursor: { x: number; y: number } | null): void;
  /** Shows the others which beliefs I have selected. */
  shareSelection(ids: string[]): void;
  /** Shows a new display name to everyone here: in presence now, on my participant record too. */
  rename(name: string): void;
  /** Who I am to the board's rules (shared/boardRules.ts): my role and participant id. */
  actor(): Actor;
  destroy(): void;
}

export function relayUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}`;
}

export interface SessionHooks {
  /** My link is a personal one for another participant id: this board must be opened as them. */
  onPersonalParticipant(participant: { id: string; name: string }): void;
}

const RELOAD_REASON_KEY = 'beliefmap.reloadReason.';

/**
 * Forgets this browser's copy of a board and loads the page again, so the board comes
 * whole from the relay; `reason` is said again on the reloaded page.
 */
export async function reloadFromRelay(boardId: string, reason?: string): Promise<void> {
  if (reason) sessionStorage.setItem(RELOAD_REASON_KEY + boardId, reason);
  await deleteOfflineCopy(boardId);
  location.reload();
}

/**
 * Applies the relay's copy as if it had come over the socket (the provider as its origin:
 * it is not sent back, and it is not a change of mine); false when it cannot be read, and
 * the board then comes whole over the socket.
 */
function applyBoardCopy(doc: QuietDoc, copy: Uint8Array, provider: BoardProvider): boolean {
  try {
    doc.applyQuietly(copy, provider);
    return true;
  } catch (error) {
    console.warn('The copy of the board could not be read; loading it from the relay instead.', error);
    return false;
  }
}

/** Runs `then` once after the next frame is drawn, or after a moment in a tab that draws none (hidden). */
function afterNextFrame(then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 250);
}

/** Why the page was reloaded from the relay, once (see reloadFromRelay). */
function takeReloadReason(boardId: string): string | null {
  const reason = sessionStorage.getItem(RELOAD_REASON_KEY + boardId);
  sessionStorage.removeItem(RELOAD_REASON_KEY + boardId);
  return reason;
}

export function openBoardSession(boardId: string, me: Identity, secret: string, hooks?: SessionHooks): BoardSession {
  const doc = new QuietDoc();
  const origin: LocalOrigin = Object.freeze({ kind: 'local', participantId: me.id });
  // This browser's copy first, so the board shows at once (offline too) and the relay
  // sends only what the copy lacks; a board never kept here connects at once, without
  // waiting for IndexedDB (in a new browser profile opening it took 0.15–0.7 s).
  const offlineCopy = openOfflineCopy(boardId, doc);
  // The link's secret rides in the query string; the relay never logs it. So does the
  // secret that proves my participant id, for my sealed positions (docs/rounds.md).
  // And whether this browser reads compressed messages: the board's first state then comes
  // about 12× smaller (inflatingSocket.ts).
  const params: Record<string, string> = { [ACCESS_KEY_PARAM]: secret, [PARTICIPANT_ID_PARAM]: me.id, [PARTICIPANT_SECRET_PARAM]: participantSecret() };
  const inflating = readsCompressedMessages();
  if (inflating) params[COMPRESSION_PARAM] = '1';
  const provider = new BoardProvider(relayUrl(), boardId, doc, { connect: false, params, ...(inflating && { WebSocketPolyfill: inflatingWebSocket(WebSocket) }) });
  catchUpQuietly(provider, doc);
  let destroyed = false;
  let resolveFromRelayCopy: () => void = () => {};
  if (offlineCopy.kept) {
    void offlineCopy.ready.then(() => {
      if (!destroyed) provider.connect();
    });
  } else {
    // Nothing kept here: the relay's copy of a big board, when it kept one, is drawn while
    // the relay loads the board, and the socket then brings only what it lacks.
    void takeBoardCopy(boardId, secret).then((copy) => {
      if (destroyed) return;
      const connect = () => {
        if (!destroyed) provider.connect();
      };
      if (!copy || !applyBoardCopy(doc, copy, provider)) {
        connect();
        return;
      }
      resolveFromRelayCopy();
      // After the board is drawn: the relay's first reply, and the load of the board it may
      // start, then do not share the machine with that first drawing.
      afterNextFrame(connect);
    });
  }
  const loaded = new Promise<LoadedFrom>((resolve) => {
    void offlineCopy.ready.then(() => {
      if (hasBoard(doc)) resolve('offline copy');
    });
    resolveFromRelayCopy = () => {
      if (hasBoard(doc)) resolve('relay copy');
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve('relay');
    };
    provider.on('sync', onSync);
  });
  void loaded.then(() => offlineCopy.markKept());
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
  const reloadedBecause = takeReloadReason(boardId);
  if (reloadedBecause) workshop.tell(reloadedBecause);
  const status = new ValueStore<ConnectionStatus>({ phase: 'connecting', unsavedChanges: 0, unsavedThings: 0 });
  const saves = new SaveTracker(
    provider,
    doc,
    (updateOrigin) => updateOrigin === origin || updateOrigin === undoManager,
    offlineCopy.inherited,
  );

  let everTried = false;
  let refusedReason: string | undefined;
  let refusal: ConnectionStatus['refusal'];
  let reloadReason: string | undefined;

  const recompute = () => {
    let phase: ConnectionPhase;
    if (refusedReason) phase = 'refused';
    else if (reloadReason) phase = 'reloading';
    // The browser knows it has no network before a half-open socket times out.
    else if (typeof navigator !== 'undefined' && navigator.onLine === false) phase = 'offline';
    else if (provider.wsconnected && provider.synced) phase = 'live';
    else phase = everTried ? 'reconnecting' : 'connecting';
    const unsaved = saves.unconfirmed;
    const things = saves.unconfirmedThings;
    const reason = refusedReason ?? reloadReason;
    const current = status.get();
    if (current.phase !== phase || current.unsavedChanges !== unsaved || current.unsavedThings !== things || current.reason !== reason) {
      status.set({ phase, unsavedChanges: unsaved, unsavedThings: things, reason, ...(refusal ? { refusal } : {}) });
    }
    // Reloaded once the relay has confirmed everything else I sent, so nothing of it is lost.
    if (phase === 'reloading' && unsaved === 0 && !reloadStarted) {
      reloadStarted = true;
      void reloadFromRelay(boardId, `${refusedChange} The board was reloaded as the relay keeps it.`);
    }
  };
  let reloadStarted = false;
  saves.subscribe(() => {
    // Things, not transactions: the next page says "N changes kept" from this count.
    offlineCopy.recordUnconfirmed(saves.unconfirmedThings);
    recompute();
  });

  provider.on('status', recompute);
  const refuse = (code: number, kind: ConnectionStatus['refusal'] = 'gone') => {
    refusedReason = CLOSE_REASON[code];
    refusal = kind;
    // A refused board will not start to exist by retrying.
    provider.shouldConnect = false;
    provider.disconnect();
  };
  const access = watchAccess(provider, boardId, secret, () => {
    refuse(CLOSE.badSecret);
    recompute();
  });
  // A personal link names who I am on this board; the board is opened again as them
  // before anything is written under another id.
  const personalMismatch = () => {
    const personal = access.participant.get();
    return personal !== null && personal.id !== me.id;
  };
  access.participant.subscribe(() => {
    const personal = access.participant.get();
    if (personal && personal.id !== me.id) hooks?.onPersonalParticipant(personal);
  });
  // Only someone who may edit is recorded as a participant (a view-only audience is not).
  const joinAsParticipant = () => {
    if (!provider.synced || !access.canEdit() || personalMismatch() || reloadReason) return;
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
    // The refused change is still in this tab and would be sent again on every reconnect:
    // only a copy of the board reloaded from the relay goes on from here.
    if (code === CLOSE.forbiddenChange) refuse(code, 'reload');
    if (code === CLOSE.removed) refuse(code, 'stopped');
    everTried = true;
    recompute();
  });
  let refusedChange = '';
  workshop.onChangeRefused((reason) => {
    refusedChange = reason;
    reloadReason = `${reason} Reloading the board…`;
    // Nothing more is changed on a copy about to be replaced.
    access.role.set('view');
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
    status,
    loaded,
    access,
    workshop,
    setCursor(cursor) {
      publish({ cursor });
    },
    shareSelection(ids) {
      publish({ selection: ids });
    },
    actor() {
      return { role: access.role.get() ?? 'view', participantId: session.me.id };
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
