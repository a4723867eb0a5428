// One board's sealed rounds and private writing, relay side (docs/rounds.md). The keeper
// holds what must not be in the shared document — sealed positions, private notes — in
// memory and in the store, sends each participant only their own, and publishes into the
// document only who has answered. At the reveal it writes every sealed position, the
// round's record and its status in one transaction; when private writing ends it adds
// every private note in one transaction. Its own writes to the document carry no origin,
// which is how the room tells them from a browser's. It is one of the room's extensions
// (server/relay/roomExtension.ts): it reacts only to changes the room accepted.
import * as Y from 'yjs';
import { ANONYMITY_KEY, isAnonymous, readAnonymity, type AnonymityLevel } from '../../shared/anonymity.ts';
import { privateNoteProblem } from '../../shared/boardRules.ts';
import { MAX_PRIVATE_NOTES_PER_PARTICIPANT } from '../../shared/limits.ts';
import { addBelief, beliefIds, isBeliefLive, ModelError, setPosition } from '../../shared/model.ts';
import { beliefsMap, type PositionRecord } from '../../shared/schema.ts';
import {
  isBeliefInRound,
  readRoundHistory,
  readWorkshop,
  recordRound,
  workshopMap,
  writeRoundStatus,
  WORKSHOP_KEY,
  type RoundRecord,
  type RoundStatus,
} from '../../shared/workshop.ts';
import { encodeWorkshopNotice, type PrivateNote, type WorkshopNotice, type WorkshopRequest } from '../../shared/workshopMessages.ts';
import type { Connection } from '../relay/connection.ts';
import type { AcceptedUpdate, RoomExtension } from '../relay/roomExtension.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { Spaced } from '../limits/spaced.ts';
import {
  hasNamedAnswers,
  moveUnderPseudonyms,
  placeAnswer,
  publishWaiting,
  pseudonymFor,
  releaseAllThatMay,
  releaseIfEnough,
  removeAnonymousAnswers,
  withdrawAnswer,
} from './anonymousAnswers.ts';
import { writeAnonymousComment, type CommentRequest } from './anonymousComments.ts';
import { emptySealedState, sealedToStored, type SealedState } from './sealedState.ts';

export interface KeeperEvents {
  /** A save failed: the keeper's memory no longer matches the store. */
  onStoreFailed(error: unknown): void;
  /** The open round's deadline changed (null: none), for the relay's deadline timer. */
  onDeadline(at: number | null): void;
  /** Resolves once every document update so far is in the store. */
  whenDocWritten(): Promise<void>;
  /** Brings the room's document up to the store's log (other relays' writes). */
  catchUp(): Promise<void>;
  /** Passes a notice to the participant's tabs on other relays. */
  noticeElsewhere(participantId: string, message: Uint8Array): void;
  /** Participants with a tab open through other relays, with their role (none for one relay alone). */
  presentElsewhere(): Promise<{ id: string; role: string }[]>;
  /** Whether the facilitator removed the participant (on any relay: the record is read again). */
  isRemoved(participantId: string): Promise<boolean>;
  /** The most beliefs this relay lets a board hold (RelayLimits). */
  maxBeliefsPerBoard: number;
}

/** Writes of the sealed state are at least this far apart (save). */
const SAVE_EVERY_MS = 250;

/** Who-answered writes of an open round are at least this far apart (publishAnswered). */
const ANSWERED_EVERY_MS = 250;

/** The relay's writes: no origin, so no browser's undo or policy mistakes them for a browser's. */
const RELAY = null;

export class RoundKeeper implements RoomExtension {
  /** The connections of each verified participant, by participant id (one per tab). */
  private readonly tabs = new Map<string, Set<Connection>>();
  private saves: Promise<void> = Promise.resolve();
  /** The decisions asked for so far (each runs under the board's lock). */
  private decisions: Promise<void> = Promise.resolve();
  private wasPrivateWriting: boolean;
  /** The anonymity level last acted on: a switch to a more open one drops held answers. */
  private level: AnonymityLevel;
  private unloaded = false;
  /** The sealed state's writes (save), and what waits for the next one. */
  private readonly saveWrites = new Spaced(SAVE_EVERY_MS, () => this.writeSave());
  private nextSaveAfterDoc = false;
  private readonly afterNextSave: (() => void)[] = [];
  /** Who-answered's writes (publishAnswered). */
  private readonly answeredWrites = new Spaced(ANSWERED_EVERY_MS, () => {
    const round = readWorkshop(this.doc).round;
    // A reveal or a new round meanwhile writes its own list.
    if (!this.unloaded && round?.status === 'open') this.writeAnswered(round);
  });

  /** `state`: what the store held for the board (emptySealedState() for none). */
  constructor(
    private readonly boardId: string,
    private readonly doc: Y.Doc,
    private readonly store: BoardStore,
    private state: SealedState,
    private readonly events: KeeperEvents,
  ) {
    this.wasPrivateWriting = readWorkshop(doc).privateWriting;
    this.level = readAnonymity(doc).level;
    this.recover();
  }

  /** Sends a verified participant's tab what the relay holds for them. */
  join(connection: Connection): void {
    const participantId = connection.verifiedParticipant;
    if (participantId === null) return;
    let tabs = this.tabs.get(participantId);
    if (!tabs) this.tabs.set(participantId, (tabs = new Set()));
    tabs.add(connection);
    void this.decide(async () => {
      // Only when there is something to say: a browser that never takes part in a round
      // (a stock y-websocket client, say) never hears of the workshop channel.
      const { round, privateWriting } = readWorkshop(this.doc);
      if (round?.status === 'open' || this.state.sealed.has(participantId)) connection.send(this.sealedNotice(participantId));
      if (privateWriting || this.state.privateNotes.has(participantId)) connection.send(this.privateNotice(participantId));
      if (isAnonymous(readAnonymity(this.doc).level) || this.state.pseudonyms.has(participantId)) connection.send(this.answersNotice(participantId));
      if (connection.role === 'facilitate') connection.send(this.pseudonymsNotice());
      await this.revealIfEveryoneAnswered();
    });
  }

  leave(connection: Connection): void {
    const id = connection.verifiedParticipant;
    const tabs = id === null ? undefined : this.tabs.get(id);
    if (!tabs?.delete(connection) || tabs.size > 0) return;
    this.tabs.delete(id!);
    // Someone who leaves keeps their answers; whoever is still here may now be everyone.
    void this.decide(() => this.revealIfEveryoneAnswered());
  }

  /** Private writing ended in a change the room accepted: the notes join the board. */
  accepted({ transaction }: AcceptedUpdate): void {
    const keys = transaction.changed.get(workshopMap(this.doc) as Y.AbstractType<any>);
    if (keys?.has(ANONYMITY_KEY.level) || keys?.has(ANONYMITY_KEY.minAnswers)) void this.decide(() => this.applyAnonymity());
    if (!keys?.has(WORKSHOP_KEY.privateWriting)) return;
    const { privateWriting } = readWorkshop(this.doc);
    const ended = this.wasPrivateWriting && !privateWriting;
    this.wasPrivateWriting = privateWriting;
    // After the facilitator's transaction (a decision runs later), not inside its listeners.
    if (ended) void this.decide(() => this.releasePrivateNotes());
  }

  workshop(connection: Connection, request: WorkshopRequest): boolean {
    if (!['startRound', 'revealRound', 'seal', 'unseal', 'savePrivate', 'deletePrivate', 'answer', 'unanswer', 'comment', 'editComment', 'deleteComment'].includes(request.kind)) return false;
    // Who asks is read as the request arrives: a tab that sends a note and closes at once
    // (a laptop lid) still has it kept, though the decision runs after it left.
    const participantId = this.verifiedParticipant(connection);
    void this.decide(() => this.handle(connection, participantId, request));
    return true;
  }

  private async handle(connection: Connection, participantId: string | null, request: WorkshopRequest): Promise<void> {
    switch (request.kind) {
      case 'startRound':
        if (connection.role !== 'facilitate') connection.send(refusal('Only the facilitator can start a round.'));
        else await this.startRound(connection, request);
        return;
      case 'revealRound':
        if (connection.role !== 'facilitate') connection.send(refusal('Only the facilitator can reveal a round.'));
        else await this.reveal();
        return;
      case 'seal':
      case 'unseal':
      case 'answer':
      case 'unanswer':
      case 'savePrivate':
      case 'deletePrivate':
      case 'comment':
      case 'editComment':
      case 'deleteComment': {
        // Removed through another relay after this request set out: the answer is not kept.
        if (participantId !== null && (await this.events.isRemoved(participantId))) participantId = null;
        if (participantId === null) {
          const isComment = request.kind === 'comment' || request.kind === 'editComment' || request.kind === 'deleteComment';
          connection.send(isComment ? refusal('This browser cannot comment through this link.', request.id) : refusal('This browser cannot answer in a round through this link.'));
        }
        else if (request.kind === 'comment' || request.kind === 'editComment' || request.kind === 'deleteComment') await this.comment(connection, participantId, request);
        else if (request.kind === 'seal' || request.kind === 'unseal') await this.seal(connection, participantId, request.beliefId, request.kind === 'seal' ? request : null);
        else if (request.kind === 'answer' || request.kind === 'unanswer') await this.answer(connection, participantId, request.beliefId, request.kind === 'answer' ? request : null);
        else this.keepPrivate(connection, participantId, request);
        return;
      }
    }
  }

  /** Forgets a removed participant's sealed answers and private notes. */
  forget(participantId: string): Promise<void> {
    return this.decide(() => {
      this.state.sealed.delete(participantId);
      this.state.privateNotes.delete(participantId);
      removeAnonymousAnswers(this.doc, this.state, participantId);
      publishWaiting(this.doc, this.state);
      this.state.pseudonyms.delete(participantId);
      this.save({ afterDocWritten: true });
      const round = readWorkshop(this.doc).round;
      if (round?.status === 'open') this.publishAnswered();
    });
  }

  /** Reveals the open round if its deadline has passed (the relay's deadline timer asks). */
  revealIfDue(now: number): Promise<void> {
    return this.decide(async () => {
      const round = readWorkshop(this.doc).round;
      if (round?.status === 'open' && round.deadline !== null && round.deadline <= now) await this.reveal();
    });
  }

  /** Resolves once every decision and save so far is stored (or failed). */
  whenSaved(): Promise<void> {
    // Whoever waits for what is stored (an unload, a shutdown) does not wait out the timer.
    return this.decisions.then(() => {
      if (this.saveWrites.waiting) this.saveWrites.runNow();
      return this.saves;
    });
  }

  unload(): void {
    this.unloaded = true;
    this.answeredWrites.cancel();
    // A save still waiting its turn is written now: nothing sealed is lost with the room.
    if (this.saveWrites.waiting) this.saveWrites.runNow();
  }

  /**
   * Runs `step` as the only decision on this board anywhere (the store's board lock). When
   * other relays share the store, the room first catches up with the log and the sealed
   * state is read again, so the decision is made on everything stored so far; the lock is
   * held until the decision's own writes are stored, so the next one sees them.
   */
  private decide(step: () => void | Promise<void>): Promise<void> {
    const decision = this.store
      .withBoardLock(this.boardId, async () => {
        if (this.unloaded) return;
        if (this.store.shared) {
          await this.events.catchUp();
          this.state = (await this.store.loadSealed(this.boardId)) ?? emptySealedState();
          this.wasPrivateWriting = readWorkshop(this.doc).privateWriting;
        }
        await step();
        // Shared with other relays, the next decision reads the state from the store: this
        // one's save is written before the lock goes, not when its turn would come.
        if (this.store.shared && this.saveWrites.waiting) this.saveWrites.runNow();
        await this.saves;
        await this.events.whenDocWritten();
      })
      .catch((error: unknown) => this.events.onStoreFailed(error));
    this.decisions = this.decisions.then(() => decision);
    return decision;
  }

  private verifiedParticipant(connection: Connection): string | null {
    const id = connection.verifiedParticipant;
    return id !== null && this.tabs.get(id)?.has(connection) ? id : null;
  }

  /** Who should answer, here and on other relays: participant links, and facilitators who answered something. */
  private async answering(): Promise<string[]> {
    const ids = new Set<string>();
    for (const [id, tabs] of this.tabs) {
      if (Array.from(tabs).some((tab) => tab.role === 'edit') || this.state.sealed.has(id)) ids.add(id);
    }
    for (const { id, role } of await this.events.presentElsewhere()) {
      if (role === 'edit' || this.state.sealed.has(id)) ids.add(id);
    }
    return Array.from(ids);
  }

  private async startRound(connection: Connection, request: Extract<WorkshopRequest, { kind: 'startRound' }>): Promise<void> {
    const current = readWorkshop(this.doc).round;
    if (current?.status === 'open') return connection.send(refusal(`Round ${current.number} is still open: reveal it first.`));
    const existing = new Set(beliefIds(this.doc));
    const chosen = request.beliefIds && request.beliefIds.filter((id) => existing.has(id));
    if (chosen?.length === 0) return connection.send(refusal('None of the chosen beliefs is on the board any more.'));
    const now = Date.now();
    if (request.deadline !== null && request.deadline <= now) return connection.send(refusal('The deadline has already passed.'));
    const number = Math.max(current?.number ?? 0, this.state.round, ...readRoundHistory(this.doc).map((r) => r.number)) + 1;
    this.state.round = number;
    this.state.sealed = new Map();
    // Stored before the status is written, so the store never knows less than the document says.
    this.save();
    const status: RoundStatus = {
      number,
      status: 'open',
      beliefIds: chosen,
      startedAt: now,
      deadline: request.deadline,
      autoReveal: request.autoReveal,
      answered: {},
      revealedAt: null,
    };
    writeRoundStatus(this.doc, status, RELAY);
    this.events.onDeadline(request.deadline);
    await this.broadcastSealed();
  }

  private async seal(connection: Connection, participantId: string, beliefId: string, position: Pick<PositionRecord, 'agreement' | 'direction'> | null): Promise<void> {
    const round = readWorkshop(this.doc).round;
    if (!round || !isBeliefInRound(round, beliefId) || !beliefsMap(this.doc).has(beliefId)) {
      connection.send(refusal('That belief is not in an open round any more; record your position again.'));
      connection.send(this.sealedNotice(participantId));
      return;
    }
    let mine = this.state.sealed.get(participantId);
    if (!mine) this.state.sealed.set(participantId, (mine = new Map()));
    if (position) mine.set(beliefId, { agreement: position.agreement, direction: position.direction, updatedAt: Date.now() });
    else mine.delete(beliefId);
    const hadPseudonym = this.state.pseudonyms.has(participantId);
    this.publishAnswered();
    this.save({ then: () => this.sendTo(participantId, this.sealedNotice(participantId)) });
    // Under an anonymous level the round's "who answered" names my pseudonym, which may be
    // new: my tabs (and a facilitator under "participants") must know it to read the list.
    if (!hadPseudonym && this.state.pseudonyms.has(participantId)) {
      this.save({ then: () => this.sendTo(participantId, this.answersNotice(participantId)) });
      if (readAnonymity(this.doc).level === 'participants') await this.tellFacilitators();
    }
    await this.revealIfEveryoneAnswered();
  }

  private keepPrivate(connection: Connection, participantId: string, request: Extract<WorkshopRequest, { kind: 'savePrivate' | 'deletePrivate' }>): void {
    const notes = this.state.privateNotes.get(participantId) ?? [];
    this.state.privateNotes.set(participantId, notes);
    if (request.kind === 'deletePrivate') {
      this.state.privateNotes.set(participantId, notes.filter((note) => note.id !== request.id));
    } else if (!readWorkshop(this.doc).privateWriting) {
      connection.send(refusal('Private writing has ended: add the note to the board instead.'));
    } else if (privateNoteProblem(request.note)) {
      // The note joins the board as the relay's own write, which nothing judges after
      // this: it must be a belief the rules would let its author add.
      connection.send(refusal(`That private note was not kept: ${privateNoteProblem(request.note)}.`));
    } else {
      const index = notes.findIndex((note) => note.id === request.note.id);
      if (index >= 0) notes[index] = { ...request.note, createdAt: notes[index]!.createdAt };
      else if (notes.length >= MAX_PRIVATE_NOTES_PER_PARTICIPANT) {
        connection.send(refusal(`You already have ${MAX_PRIVATE_NOTES_PER_PARTICIPANT} private notes, the most the relay keeps.`));
      } else if (this.beliefsOnceReleased() >= this.events.maxBeliefsPerBoard) {
        // Released, the notes join the board as the relay's own write, which no rule
        // judges: everyone's held notes and the board's beliefs together stay within the
        // board's limit (any number of ids on one shared link could each hold their 200).
        connection.send(refusal(`This board would hold more than ${this.events.maxBeliefsPerBoard} beliefs with everyone's private notes: that note was not kept.`));
      } else notes.push(request.note);
    }
    this.save({ then: () => this.sendTo(participantId, this.privateNotice(participantId)) });
  }

  /**
   * Who has answered which belief, written at once and then at most every
   * ANSWERED_EVERY_MS: each write carries the whole round's list, so a tab sealing and
   * unsealing one answer in a loop made the relay send everyone ≈ 190 times the bytes it
   * sent, on a round of 1,500 beliefs (found by a hostile review).
   */
  private publishAnswered(): void {
    this.answeredWrites.ask();
  }

  private writeAnswered(round: RoundStatus): void {
    // Keyed by belief ids the relay checked (beliefsMap), written as a plain record the
    // document and every reader expect; built without a prototype, so no id is special.
    const answered: Record<string, string[]> = Object.create(null);
    // Under an anonymous level, by pseudonym: a list of names per belief, set beside the
    // pseudonyms' answers after the reveal, would pair them up by who answered what.
    const anonymous = isAnonymous(readAnonymity(this.doc).level);
    for (const [participantId, positions] of this.state.sealed) {
      const shownAs = anonymous ? pseudonymFor(this.state, participantId) : participantId;
      for (const beliefId of positions.keys()) (answered[beliefId] ??= []).push(shownAs);
    }
    for (const ids of Object.values(answered)) ids.sort();
    if (JSON.stringify(answered) === JSON.stringify(round.answered)) return;
    writeRoundStatus(this.doc, { ...round, answered }, RELAY);
  }

  /**
   * Auto-reveal: everyone here who answers — each participant link, and each facilitator
   * who has answered something — has answered every belief in the round.
   */
  private async revealIfEveryoneAnswered(): Promise<void> {
    const round = readWorkshop(this.doc).round;
    if (round?.status !== 'open' || !round.autoReveal) return;
    const inRound = round.beliefIds ?? beliefIds(this.doc);
    const answering = await this.answering();
    if (answering.length === 0 || inRound.length === 0) return;
    if (answering.every((id) => inRound.every((beliefId) => this.state.sealed.get(id)?.has(beliefId)))) await this.reveal();
  }

  private async reveal(): Promise<void> {
    const round = readWorkshop(this.doc).round;
    if (round?.status !== 'open') return;
    const revealedAt = Date.now();
    const positions: RoundRecord['positions'] = [];
    const { level, minAnswers } = readAnonymity(this.doc);
    const anonymous = isAnonymous(level);
    this.doc.transact(() => {
      if (anonymous) {
        // Under pseudonyms, and a belief with too few answers keeps them held (as answers
        // given outside a round are) rather than show one alone.
        const touched = new Set<string>();
        for (const [participantId, byBelief] of this.state.sealed) {
          for (const [beliefId, position] of byBelief) {
            if (!isBeliefLive(this.doc, beliefId)) continue;
            placeAnswer(this.doc, this.state, participantId, beliefId, position, Number.MAX_SAFE_INTEGER);
            touched.add(beliefId);
          }
        }
        for (const beliefId of touched) releaseIfEnough(this.doc, this.state, beliefId, minAnswers);
        publishWaiting(this.doc, this.state);
        // Every answerer hears of their answers below (broadcastAnswers).
        for (const [participantId, byBelief] of this.state.sealed) {
          const pseudonym = pseudonymFor(this.state, participantId);
          for (const [beliefId, position] of byBelief) {
            if (isBeliefLive(this.doc, beliefId) && !this.state.held.get(participantId)?.has(beliefId)) positions.push({ beliefId, participantId: pseudonym, ...position });
          }
        }
        positions.sort((a, b) => (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0));
      } else
      for (const [participantId, byBelief] of this.state.sealed) {
        for (const [beliefId, position] of byBelief) {
          // A belief deleted during the round takes its answers with it.
          if (!isBeliefLive(this.doc, beliefId)) continue;
          setPosition(this.doc, beliefId, participantId, position, RELAY);
          positions.push({ beliefId, participantId, ...position });
        }
      }
      recordRound(this.doc, { number: round.number, startedAt: round.startedAt, revealedAt, beliefIds: round.beliefIds, positions }, RELAY);
      writeRoundStatus(this.doc, { ...round, status: 'revealed', revealedAt }, RELAY);
    }, RELAY);
    this.state.sealed = new Map();
    // Forgotten only once the reveal is in the store: a crash in between loses nothing.
    this.save({ afterDocWritten: true });
    this.events.onDeadline(null);
    await this.broadcastSealed();
    if (anonymous) await this.broadcastAnswers();
  }

  /**
   * An answer under an anonymous level, kept under the participant's pseudonym (or held
   * back until its belief has enough answers). A belief in the open round is sealed as
   * ever; under the named level the browser writes its own answer, so this is refused.
   */
  private async answer(connection: Connection, participantId: string, beliefId: string, position: Pick<PositionRecord, 'agreement' | 'direction'> | null): Promise<void> {
    const { level, minAnswers } = readAnonymity(this.doc);
    if (isBeliefInRound(readWorkshop(this.doc).round, beliefId)) return this.seal(connection, participantId, beliefId, position);
    if (!isAnonymous(level)) {
      connection.send(refusal('Answers on this board are named now: record your position again.'));
      connection.send(this.answersNotice(participantId));
      return;
    }
    if (position && !isBeliefLive(this.doc, beliefId)) {
      connection.send(refusal('That belief is no longer on the board: your answer was not saved.'));
      connection.send(this.answersNotice(participantId));
      return;
    }
    const hadPseudonym = this.state.pseudonyms.has(participantId);
    const released = position ? placeAnswer(this.doc, this.state, participantId, beliefId, { agreement: position.agreement, direction: position.direction, updatedAt: Date.now() }, minAnswers) : [];
    if (!position) withdrawAnswer(this.doc, this.state, participantId, beliefId);
    publishWaiting(this.doc, this.state);
    // The answerer, and whoever's held answers this one released, hear their own set.
    const told = new Set([participantId, ...released]);
    this.save({ afterDocWritten: true, then: () => told.forEach((id) => this.sendTo(id, this.answersNotice(id))) });
    if (!hadPseudonym && this.state.pseudonyms.has(participantId) && level === 'participants') await this.tellFacilitators();
  }

  /**
   * A comment under an anonymous level, written by the relay under the writer's pseudonym
   * (made now when they have none); an edit or deletion only of a comment under their own.
   * A comment stays under its pseudonym when the board is named again (docs/security.md),
   * where the rules let no browser write it: its author still edits or deletes it here.
   */
  private async comment(connection: Connection, participantId: string, request: CommentRequest): Promise<void> {
    if (!isAnonymous(readAnonymity(this.doc).level) && (request.kind === 'comment' || !this.state.pseudonyms.has(participantId))) {
      connection.send(refusal('Comments on this board are named now: write your comment again.', request.id));
      return;
    }
    const hadPseudonym = this.state.pseudonyms.has(participantId);
    // Someone with no pseudonym owns no comment under one: no need to make one to say no.
    const pseudonym = hadPseudonym || request.kind === 'comment' ? pseudonymFor(this.state, participantId) : null;
    const problem = pseudonym === null ? 'Only its author may change a comment.' : writeAnonymousComment(this.doc, request, pseudonym);
    if (problem) connection.send(refusal(problem, request.id));
    if (hadPseudonym || !this.state.pseudonyms.has(participantId)) return;
    // A new pseudonym: my tabs must learn it to find my comments, a facilitator under "participants" whose it is.
    this.save({ afterDocWritten: true, then: () => this.sendTo(participantId, this.answersNotice(participantId)) });
    if (readAnonymity(this.doc).level === 'participants') await this.tellFacilitators();
  }

  /** The facilitator changed the level or the minimum number of answers (or a relay restarted on a board mid-switch). */
  private async applyAnonymity(): Promise<void> {
    const { level, minAnswers } = readAnonymity(this.doc);
    const previous = this.level;
    this.level = level;
    if (isAnonymous(level)) {
      moveUnderPseudonyms(this.doc, this.state);
      releaseAllThatMay(this.doc, this.state, minAnswers);
    } else if (this.state.held.size > 0) {
      // Written now, they would stand alone under a pseudonym beside named answers: a more
      // open level never shows what was given under a more private one. Their owners are told.
      const owners = Array.from(this.state.held.keys());
      this.state.held = new Map();
      for (const owner of owners) this.sendTo(owner, refusal('Answers are named now: your answers that were waiting for more answers were not shown. Record them again if you want them on the board.'));
    }
    publishWaiting(this.doc, this.state);
    if (previous !== level || isAnonymous(level)) this.save({ afterDocWritten: true });
    await this.broadcastAnswers();
    await this.tellFacilitators();
  }

  /** How many beliefs the board would hold with every private note released. */
  private beliefsOnceReleased(): number {
    let held = 0;
    for (const notes of this.state.privateNotes.values()) held += notes.length;
    return beliefsMap(this.doc).size + held;
  }

  /**
   * Adds every private note to the board, each with its author, in one step — as many as
   * the board's belief limit takes (beliefs added meanwhile may have filled it); the rest
   * stay their authors' private notes, which they can add themselves once there is room.
   */
  private releasePrivateNotes(): void {
    const entries = Array.from(this.state.privateNotes).filter(([, notes]) => notes.length > 0);
    if (entries.length === 0) return;
    const beliefs = beliefsMap(this.doc);
    const left = new Map<string, PrivateNote[]>();
    const keep = (authorId: string, note: PrivateNote) => left.set(authorId, [...(left.get(authorId) ?? []), note]);
    this.doc.transact(() => {
      for (const [authorId, notes] of entries) {
        for (const note of notes) {
          // Already there when a release was written before a crash cut the save after it.
          if (beliefs.has(note.id)) continue;
          if (beliefs.size >= this.events.maxBeliefsPerBoard) {
            keep(authorId, note);
            continue;
          }
          try {
            addBelief(this.doc, { id: note.id, text: note.text, x: note.x, y: note.y, color: note.color, authorId, createdAt: note.createdAt }, RELAY);
          } catch (error) {
            if (!(error instanceof ModelError)) throw error;
            keep(authorId, note);
          }
        }
      }
    }, RELAY);
    this.state.privateNotes = left;
    this.save({ afterDocWritten: true });
    for (const [authorId] of entries) {
      const kept = left.get(authorId)?.length ?? 0;
      if (kept > 0) this.sendTo(authorId, refusal(`${kept === 1 ? 'One of your private notes' : `${kept} of your private notes`} could not join the board: it holds ${this.events.maxBeliefsPerBoard} beliefs, the most it can. ${kept === 1 ? 'It stays' : 'They stay'} with you.`));
      this.sendTo(authorId, this.privateNotice(authorId));
    }
  }

  /** Brings memory in line with a document written before a crash cut the save that followed it. */
  private recover(): void {
    const { round, privateWriting } = readWorkshop(this.doc);
    if (round && (round.status === 'revealed' || round.number !== this.state.round) && this.state.sealed.size > 0) {
      this.state.sealed = new Map();
      this.save();
    }
    if (round?.status === 'open') this.state.round = round.number;
    if (!privateWriting) this.releasePrivateNotes();
    // A crash between the switch to an anonymous level and the relay's rewrite: redone as
    // a decision, which runs once the room listens to the document, so it is stored.
    if (isAnonymous(this.level) && hasNamedAnswers(this.doc)) void this.decide(() => this.applyAnonymity());
  }

  private sealedNotice(participantId: string): Uint8Array {
    const mine = this.state.sealed.get(participantId) ?? new Map<string, PositionRecord>();
    const positions = Array.from(mine, ([beliefId, position]) => ({ beliefId, ...position }));
    return encodeWorkshopNotice({ kind: 'mySealed', round: this.state.round, positions });
  }

  /** My pseudonym and my held answers, for my tabs only. */
  private answersNotice(participantId: string): Uint8Array {
    const held = Array.from(this.state.held.get(participantId) ?? [], ([beliefId, position]) => ({ beliefId, ...position }));
    return encodeWorkshopNotice({ kind: 'myAnswers', pseudonym: this.state.pseudonyms.get(participantId) ?? '', held });
  }

  /** Whose each pseudonym is: for facilitators, and only under "anonymous to participants" (else an empty list, which also clears theirs). */
  private pseudonymsNotice(): Uint8Array {
    const owners = readAnonymity(this.doc).level === 'participants' ? Array.from(this.state.pseudonyms, ([participantId, pseudonym]) => ({ pseudonym, participantId })) : [];
    return encodeWorkshopNotice({ kind: 'pseudonyms', owners });
  }

  /** Facilitators here get the list on their tabs; facilitators on other relays through the bus. */
  private async tellFacilitators(): Promise<void> {
    const message = this.pseudonymsNotice();
    for (const tabs of this.tabs.values()) for (const tab of tabs) if (tab.role === 'facilitate') tab.send(message);
    for (const { id, role } of await this.events.presentElsewhere()) if (role === 'facilitate') this.events.noticeElsewhere(id, message);
  }

  /** Everyone with a pseudonym or a tab here learns their own (a switch, a reveal). */
  private async broadcastAnswers(): Promise<void> {
    const elsewhere = await this.events.presentElsewhere();
    const everyone = new Set([...this.tabs.keys(), ...this.state.pseudonyms.keys(), ...elsewhere.map(({ id }) => id)]);
    for (const participantId of everyone) this.sendTo(participantId, this.answersNotice(participantId));
  }

  private privateNotice(participantId: string): Uint8Array {
    return encodeWorkshopNotice({ kind: 'myPrivate', notes: this.state.privateNotes.get(participantId) ?? [] });
  }

  /** Every participant here or elsewhere, and everyone holding sealed answers, gets their own set. */
  private async broadcastSealed(): Promise<void> {
    const elsewhere = await this.events.presentElsewhere();
    const everyone = new Set([...this.tabs.keys(), ...this.state.sealed.keys(), ...elsewhere.map(({ id }) => id)]);
    for (const participantId of everyone) this.sendTo(participantId, this.sealedNotice(participantId));
  }

  /** To the participant's tabs here, and through the bus to their tabs on other relays. */
  private sendTo(participantId: string, message: Uint8Array): void {
    for (const tab of this.tabs.get(participantId) ?? []) tab.send(message);
    this.events.noticeElsewhere(participantId, message);
  }

  /**
   * Stores the state, once the document's writes made before it are stored when
   * `afterDocWritten`, then runs `then`. Written at once, then at most every SAVE_EVERY_MS:
   * every seal wrote the whole state, so ids on one shared link each sealing their answers
   * held an honest seal back for 15 s and more (found by a hostile review). The state and
   * the document writes it must follow are taken at one instant, when the write starts.
   */
  private save({ then, afterDocWritten = false }: { then?: () => void; afterDocWritten?: boolean } = {}): void {
    if (then) this.afterNextSave.push(then);
    this.nextSaveAfterDoc ||= afterDocWritten;
    this.saveWrites.ask();
  }

  private writeSave(): void {
    const snapshot = sealedToStored(this.state);
    const docWritten = this.nextSaveAfterDoc ? this.events.whenDocWritten() : undefined;
    const thens = this.afterNextSave.splice(0);
    this.nextSaveAfterDoc = false;
    this.saves = this.saves
      .then(() => docWritten)
      .then(() => this.store.saveSealed(this.boardId, snapshot))
      .then(
        () => thens.forEach((done) => done()),
        (error: unknown) => this.events.onStoreFailed(error),
      );
  }
}

/** A refusal; `comment`: the id of the comment request it refuses, null when it refuses something else. */
function refusal(reason: string, comment: string | null = null): Uint8Array {
  const notice: WorkshopNotice = { kind: 'refused', reason, comment };
  return encodeWorkshopNotice(notice);
}

