// The client end of the relay's workshop channel (docs/rounds.md): sealed positions and
// private notes travel to and from the relay on the board's websocket, never through the
// shared document, so no other browser can read them before the reveal. The relay sends
// this participant only their own sealed positions and notes, on connect and on every
// change, to each of their tabs; what is shown here between a request and the relay's
// answer is this tab's own guess, replaced by the answer. Under an anonymous level
// (docs/groups.md) every answer of mine goes to the relay the same way, which
// writes it under my pseudonym: only my own tabs learn which pseudonym is mine; so do my
// comments (docs/security.md, "Comments and the anonymity levels").
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { isAnonymous, readAnonymity } from '../../shared/anonymity.ts';
import { commentsMap, readStoredComment } from '../../shared/comments.ts';
import { DEFAULT_NOTE_COLOR } from '../../shared/colors.ts';
import { newId } from '../../shared/ids.ts';
import { clearPosition, ModelError, readPosition, setPosition, type PositionInput } from '../../shared/model.ts';
import type { PositionRecord } from '../../shared/schema.ts';
import { isBeliefInRound, observeWorkshop, readWorkshop } from '../../shared/workshop.ts';
import {
  encodeWorkshopRequest,
  readWorkshopNotice,
  type PrivateNote,
  type WorkshopRequest,
} from '../../shared/workshopMessages.ts';
import { onWorkshopNotice } from './channels.ts';
import { ValueStore } from './externalStore.ts';

export interface RoundOptions {
  /** The beliefs in the round; null means every belief on the board. */
  beliefIds: string[] | null;
  /** Reveal at this time (ms since epoch) even with nobody connected; null for none. */
  deadline: number | null;
  /** Reveal as soon as everyone present has answered every belief in the round. */
  autoReveal: boolean;
}

/** A note written during private writing: only its author sees it until the facilitator ends it. */
export type PrivateBelief = PrivateNote;

export interface NewPrivateBelief {
  text: string;
  x: number;
  y: number;
  color?: string;
}

export interface WorkshopChannel {
  /** Facilitator: opens a round; the relay refuses anyone else (see lastProblem). */
  startRound(options: RoundOptions): void;
  /** Facilitator: reveals the open round. */
  revealRound(): void;
  /** My position: sealed (to the relay) while the belief is in an open round, else into the document. */
  recordPosition(beliefId: string, input: PositionInput): void;
  clearMyPosition(beliefId: string): void;
  /** My sealed position on a belief in the open round, or null. */
  mySealedPosition(beliefId: string): PositionRecord | null;
  /** My position as I should see it: the sealed one while the belief is in the open round, else the document's. */
  myPosition(beliefId: string): PositionRecord | null;
  /** Whether my position on this belief is sealed now (the belief is in the open round). */
  isSealed(beliefId: string): boolean;
  /** Calls `listener` when my sealed answers, my held anonymous answers or my pseudonym change. */
  subscribeSealed(listener: () => void): () => void;
  /** The id my answers are kept under in `positions`: my pseudonym under an anonymous level once I have one, else my participant id. */
  myAnswerId(): string;
  /** The id a person's answers are kept under, as far as this tab may know: mine, or one the facilitator was told, else their participant id. */
  answerIdOf(participantId: string): string;
  /** Whether the relay holds my answer on this belief back until it has the minimum number of answers. */
  isHeld(beliefId: string): boolean;
  /** Facilitator under "anonymous to participants": pseudonym → participant id (empty for everyone else). */
  answerOwners(): ReadonlyMap<string, string>;
  subscribeOwners(listener: () => void): () => void;
  /** Adds a private note (while private writing is on); returns its id. */
  addPrivateBelief(belief: NewPrivateBelief): string;
  updatePrivateBelief(id: string, text: string): void;
  deletePrivateBelief(id: string): void;
  myPrivateBeliefs(): readonly PrivateBelief[];
  subscribePrivate(listener: () => void): () => void;
  /** Facilitator: takes a participant off the board with their answers; their id may not join again. */
  removeParticipant(participantId: string): void;
  /**
   * Under an anonymous level, my comment, edit or deletion goes to the relay, which writes
   * it under my pseudonym (the rules refuse my own write then); it shows once the relay has
   * written it, and a refusal comes back as lastProblem. A new comment or an edit the relay
   * refuses is handed to `notPosted` with the reason, so its words can go back where they
   * were typed.
   */
  sendComment(request: Extract<WorkshopRequest, { kind: 'comment' | 'editComment' | 'deleteComment' }>, notPosted?: (reason: string) => void): void;
  /** Calls `listener` when the relay kept part of a change of mine out (see ConnectionPhase 'reloading'). */
  onChangeRefused(listener: (reason: string) => void): void;
  /** The relay's last refusal of something I asked, in words (null: none). */
  lastProblem(): string | null;
  dismissProblem(): void;
  /** Shows something in the relay's words as if the relay had just said it (after a reload, say). */
  tell(problemText: string): void;
  subscribeProblems(listener: () => void): () => void;
  destroy(): void;
}

export function openWorkshopChannel(
  provider: WebsocketProvider,
  doc: Y.Doc,
  participantId: string,
  origin: unknown,
): WorkshopChannel {
  const sealed = new ValueStore<ReadonlyMap<string, PositionRecord>>(new Map());
  const privateNotes = new ValueStore<readonly PrivateNote[]>([]);
  const problem = new ValueStore<string | null>(null);
  const pseudonym = new ValueStore('');
  const held = new ValueStore<ReadonlyMap<string, PositionRecord>>(new Map());
  const owners = new ValueStore<ReadonlyMap<string, string>>(new Map());
  // Anonymous answers sent and not yet seen in a \`myAnswers\` answer or the document (null: withdrawn).
  const pendingAnswers = new ValueStore<ReadonlyMap<string, PositionRecord | null>>(new Map());
  const anonymous = () => isAnonymous(readAnonymity(doc).level);
  const shownAnswer = (beliefId: string): PositionRecord | null => {
    const mine = pseudonym.get();
    return mine ? readPosition(doc, beliefId, mine) : null;
  };
  // Asked while the socket was down; sent once the next connection has synced.
  const waiting: Uint8Array<ArrayBuffer>[] = [];

  const send = (request: WorkshopRequest) => {
    const message = encodeWorkshopRequest(request);
    const ws = provider.ws;
    if (provider.synced && ws && ws.readyState === ws.OPEN) ws.send(message);
    else waiting.push(message);
  };
  const onSync = (synced: boolean) => {
    const ws = provider.ws;
    if (!synced || !ws) return;
    for (const message of waiting.splice(0)) ws.send(message);
  };
  provider.on('sync', onSync);

  // Seals and unseals sent and not yet seen in a `mySealed` answer (null: unsealed). The
  // relay answers each request with my whole set as it stood then, so without this the
  // answer to an earlier request would undo a later one still on its way — after "Keep my
  // answers", a choice made at once would flicker back. Forgotten when the round changes.
  const unconfirmed = new Map<string, PositionRecord | null>();
  const roundKey = () => {
    const round = readWorkshop(doc).round;
    return round ? `${round.number}:${round.status}` : '';
  };
  let seenRound = roundKey();
  // My private notes added, changed or deleted (null) and not yet seen so in a `myPrivate`
  // answer. The same reason: an answer to an earlier request (a keystroke's save) came
  // after a note was added, took it away, and took the keyboard out of its row with it.
  const unconfirmedPrivate = new Map<string, PrivateNote | null>();
  const showPrivate = (fromRelay: readonly PrivateNote[]) => {
    const shown = new Map(fromRelay.map((note) => [note.id, note]));
    for (const [id, wanted] of unconfirmedPrivate) {
      const relay = shown.get(id);
      if (wanted === null ? relay === undefined : relay?.text === wanted.text) unconfirmedPrivate.delete(id);
      else if (wanted === null) shown.delete(id);
      else shown.set(id, relay ? { ...relay, text: wanted.text } : wanted);
    }
    privateNotes.set([...shown.values()]);
  };
  const stopRound = observeWorkshop(doc, () => {
    const now = roundKey();
    if (now !== seenRound) unconfirmed.clear();
    seenRound = now;
    // Saves still on their way after private writing ended are refused: the relay's list is the truth.
    if (!readWorkshop(doc).privateWriting) unconfirmedPrivate.clear();
  });
  const sameAnswer = (relay: PositionRecord | undefined, wanted: PositionRecord | null) =>
    wanted === null ? relay === undefined : relay !== undefined && relay.agreement === wanted.agreement && relay.direction === wanted.direction;

  // Comment requests sent and not yet seen in the document, oldest first, with what to do
  // if refused. A refusal names the comment request it refuses, or says it refuses
  // something else (an answer, say); a relay from before names nothing, and then — since
  // it answers requests in order and writes an accepted one before it answers a later one —
  // the oldest still missing was the refused one. The others wait for their own answers.
  let awaitingComments: { id: string; written: () => boolean; notPosted?: (reason: string) => void }[] = [];
  const stillAwaiting = () => awaitingComments.filter(({ written }) => !written());
  const sendComment: WorkshopChannel['sendComment'] = (request, notPosted) => {
    const written =
      request.kind === 'comment'
        ? () => commentsMap(doc).has(request.id)
        : request.kind === 'editComment'
          ? () => readStoredComment(doc, request.id)?.text === request.text
          : () => !commentsMap(doc).has(request.id);
    awaitingComments = [...stillAwaiting(), { id: request.id, written, notPosted }];
    send(request);
  };

  const stopNotices = onWorkshopNotice(provider, (decoder) => {
    const notice = readWorkshopNotice(decoder);
    switch (notice.kind) {
      case 'mySealed': {
        const fromRelay = new Map(notice.positions.map(({ beliefId, ...record }) => [beliefId, record]));
        for (const [beliefId, wanted] of unconfirmed) {
          if (sameAnswer(fromRelay.get(beliefId), wanted)) unconfirmed.delete(beliefId);
          else if (wanted === null) fromRelay.delete(beliefId);
          else fromRelay.set(beliefId, wanted);
        }
        sealed.set(fromRelay);
        return;
      }
      case 'myPrivate':
        showPrivate(notice.notes);
        return;
      case 'refused': {
        // What was refused will not be confirmed: the relay's next answer is the truth.
        unconfirmed.clear();
        unconfirmedPrivate.clear();
        pendingAnswers.set(new Map());
        problem.set(notice.reason);
        const awaiting = stillAwaiting();
        const refused = notice.comment === undefined ? awaiting[0] : awaiting.find(({ id }) => id === notice.comment);
        awaitingComments = awaiting.filter((request) => request !== refused);
        refused?.notPosted?.(notice.reason);
        return;
      }
      case 'myAnswers': {
        pseudonym.set(notice.pseudonym);
        const fromRelay = new Map(notice.held.map(({ beliefId, ...record }) => [beliefId, record]));
        held.set(fromRelay);
        const pending = new Map(pendingAnswers.get());
        for (const [beliefId, wanted] of pending) {
          const relay = fromRelay.get(beliefId) ?? shownAnswer(beliefId) ?? undefined;
          if (sameAnswer(relay, wanted)) pending.delete(beliefId);
        }
        pendingAnswers.set(pending);
        return;
      }
      case 'pseudonyms':
        owners.set(new Map(notice.owners.map(({ pseudonym: name, participantId: owner }) => [name, owner])));
        return;
      case 'changeRefused':
        for (const listener of changeRefusedListeners) listener(notice.reason);
        return;
    }
  });
  const changeRefusedListeners: ((reason: string) => void)[] = [];

  const isSealed = (beliefId: string) => isBeliefInRound(readWorkshop(doc).round, beliefId);

  return {
    startRound({ beliefIds, deadline, autoReveal }) {
      send({ kind: 'startRound', beliefIds, deadline, autoReveal });
    },
    revealRound() {
      send({ kind: 'revealRound' });
    },
    recordPosition(beliefId, input) {
      if (!isSealed(beliefId) && !anonymous()) {
        setPosition(doc, beliefId, participantId, input, origin);
        return;
      }
      if (input.agreement !== 'pass' && typeof input.agreement !== 'number') throw new ModelError('Agreement must be −2…+2 or pass.');
      const record: PositionRecord = { agreement: input.agreement, direction: input.direction ?? null, updatedAt: Date.now() };
      if (!isSealed(beliefId)) {
        pendingAnswers.set(new Map(pendingAnswers.get()).set(beliefId, record));
        send({ kind: 'answer', beliefId, agreement: record.agreement, direction: record.direction });
        return;
      }
      sealed.set(new Map(sealed.get()).set(beliefId, record));
      unconfirmed.set(beliefId, record);
      send({ kind: 'seal', beliefId, agreement: record.agreement, direction: record.direction });
    },
    clearMyPosition(beliefId) {
      if (!isSealed(beliefId) && anonymous()) {
        pendingAnswers.set(new Map(pendingAnswers.get()).set(beliefId, null));
        send({ kind: 'unanswer', beliefId });
        return;
      }
      if (!isSealed(beliefId)) {
        clearPosition(doc, beliefId, participantId, origin);
        return;
      }
      const next = new Map(sealed.get());
      next.delete(beliefId);
      sealed.set(next);
      unconfirmed.set(beliefId, null);
      send({ kind: 'unseal', beliefId });
    },
    mySealedPosition(beliefId) {
      return sealed.get().get(beliefId) ?? null;
    },
    myPosition(beliefId) {
      if (isSealed(beliefId)) return sealed.get().get(beliefId) ?? null;
      const pending = pendingAnswers.get();
      if (pending.has(beliefId)) return pending.get(beliefId)!;
      const anonymousAnswer = held.get().get(beliefId) ?? shownAnswer(beliefId);
      if (anonymousAnswer) return anonymousAnswer;
      return readPosition(doc, beliefId, participantId);
    },
    isSealed,
    subscribeSealed(listener) {
      const stops = [sealed.subscribe(listener), held.subscribe(listener), pseudonym.subscribe(listener), pendingAnswers.subscribe(listener)];
      return () => stops.forEach((stop) => stop());
    },
    myAnswerId: () => pseudonym.get() || participantId,
    answerIdOf(someone) {
      if (someone === participantId) return pseudonym.get() || participantId;
      for (const [name, owner] of owners.get()) if (owner === someone) return name;
      return someone;
    },
    isHeld: (beliefId) => held.get().has(beliefId),
    answerOwners: owners.get,
    subscribeOwners: owners.subscribe,
    addPrivateBelief({ text, x, y, color }) {
      const note: PrivateNote = { id: newId(), text, x, y, color: color ?? DEFAULT_NOTE_COLOR, createdAt: Date.now() };
      privateNotes.set([...privateNotes.get(), note]);
      unconfirmedPrivate.set(note.id, note);
      send({ kind: 'savePrivate', note });
      return note.id;
    },
    updatePrivateBelief(id, text) {
      const note = privateNotes.get().find((candidate) => candidate.id === id);
      if (!note) return;
      const next = { ...note, text };
      privateNotes.set(privateNotes.get().map((candidate) => (candidate.id === id ? next : candidate)));
      unconfirmedPrivate.set(id, next);
      send({ kind: 'savePrivate', note: next });
    },
    deletePrivateBelief(id) {
      privateNotes.set(privateNotes.get().filter((note) => note.id !== id));
      unconfirmedPrivate.set(id, null);
      send({ kind: 'deletePrivate', id });
    },
    removeParticipant(participantId) {
      send({ kind: 'removeParticipant', participantId });
    },
    sendComment,
    onChangeRefused(listener) {
      changeRefusedListeners.push(listener);
    },
    myPrivateBeliefs: privateNotes.get,
    subscribePrivate: privateNotes.subscribe,
    lastProblem: problem.get,
    dismissProblem: () => problem.set(null),
    tell: (problemText) => problem.set(problemText),
    subscribeProblems: problem.subscribe,
    destroy() {
      provider.off('sync', onSync);
      stopNotices();
      stopRound();
    },
  };
}
