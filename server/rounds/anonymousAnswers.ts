// The relay's half of the anonymity levels (docs/groups.md, "Anonymity levels"):
// answers given under an anonymous level are written into the document under a random
// per-board pseudonym, by the relay's own Yjs client, and only the relay's store joins a
// pseudonym to a person. A belief's answers are held back until it has the minimum number
// of answers, so a lone answer is never in the document to be read off. Pure functions of
// the document and the relay's sealed state; the round keeper calls them inside its
// decisions (one at a time per board) and saves the state after.
import * as Y from 'yjs';
import { isPseudonym, makePseudonym, pseudonymNumber, writeWaitingAnswers } from '../../shared/anonymity.ts';
import { isBeliefLive, positionsOf, setPosition } from '../../shared/model.ts';
import { parsePositionKey, positionKey, positionsMap, readStoredPosition, type PositionRecord } from '../../shared/schema.ts';
import { readRoundHistory, readWorkshop, recordRound, writeRoundStatus } from '../../shared/workshop.ts';
import { moveCommentsUnder, namedCommentAuthors } from './anonymousComments.ts';
import type { SealedState } from './sealedState.ts';

/** The relay's writes: no origin (see RoundKeeper). */
const RELAY = null;

/** The participant's pseudonym on this board, made on first need. */
export function pseudonymFor(state: SealedState, participantId: string): string {
  let pseudonym = state.pseudonyms.get(participantId);
  if (!pseudonym) {
    const next = Math.max(0, ...Array.from(state.pseudonyms.values(), pseudonymNumber)) + 1;
    state.pseudonyms.set(participantId, (pseudonym = makePseudonym(next)));
  }
  return pseudonym;
}

/** People who answered the belief in the document (under a name or a pseudonym). */
function shownAnswers(doc: Y.Doc, beliefId: string): number {
  return positionsOf(doc, beliefId).size;
}

function heldOn(state: SealedState, beliefId: string): [string, PositionRecord][] {
  const out: [string, PositionRecord][] = [];
  for (const [participantId, byBelief] of state.held) {
    const position = byBelief.get(beliefId);
    if (position) out.push([participantId, position]);
  }
  return out;
}

function dropHeld(state: SealedState, participantId: string, beliefId: string): void {
  const mine = state.held.get(participantId);
  mine?.delete(beliefId);
  if (mine?.size === 0) state.held.delete(participantId);
}

/**
 * Writes the participant's answer under their pseudonym, or holds it while the belief has
 * fewer than `minAnswers` answers; once the held and shown answers reach it, every held
 * one is written in the same transaction, so none of them is ever alone in the document.
 * Returns the people whose held answers were written (their tabs are told).
 */
export function placeAnswer(doc: Y.Doc, state: SealedState, participantId: string, beliefId: string, position: PositionRecord, minAnswers: number): string[] {
  const pseudonym = pseudonymFor(state, participantId);
  const shown = positionsOf(doc, beliefId);
  if (shown.has(pseudonym)) {
    dropHeld(state, participantId, beliefId);
    setPosition(doc, beliefId, pseudonym, position, RELAY);
    return [];
  }
  let mine = state.held.get(participantId);
  if (!mine) state.held.set(participantId, (mine = new Map()));
  mine.set(beliefId, position);
  return releaseIfEnough(doc, state, beliefId, minAnswers);
}

/** Writes a belief's held answers once they and the shown ones reach `minAnswers`; returns whose they were. */
export function releaseIfEnough(doc: Y.Doc, state: SealedState, beliefId: string, minAnswers: number): string[] {
  const held = heldOn(state, beliefId);
  if (held.length === 0 || !isBeliefLive(doc, beliefId)) return [];
  if (held.length + shownAnswers(doc, beliefId) < minAnswers) return [];
  // One time for all, in no particular order: the times each was given, or the order they
  // came in, would pair each pseudonym with the moment the public count of waiting answers
  // went up — which presence ties to a person (found by a hostile review).
  const at = Date.now();
  doc.transact(() => {
    for (const [participantId, position] of shuffled(held)) {
      setPosition(doc, beliefId, pseudonymFor(state, participantId), { ...position, updatedAt: at }, RELAY);
      dropHeld(state, participantId, beliefId);
    }
  }, RELAY);
  return held.map(([participantId]) => participantId);
}

/** Publishes how many answers wait on each belief (counts only), after any change to what is held. */
export function publishWaiting(doc: Y.Doc, state: SealedState): void {
  const waiting = new Map<string, number>();
  for (const byBelief of state.held.values()) for (const beliefId of byBelief.keys()) waiting.set(beliefId, (waiting.get(beliefId) ?? 0) + 1);
  writeWaitingAnswers(doc, waiting, RELAY);
}

/** Takes the participant's anonymous answer back, held or shown. */
export function withdrawAnswer(doc: Y.Doc, state: SealedState, participantId: string, beliefId: string): void {
  dropHeld(state, participantId, beliefId);
  const pseudonym = state.pseudonyms.get(participantId);
  if (pseudonym && positionsMap(doc).has(positionKey(beliefId, pseudonym))) {
    doc.transact(() => positionsMap(doc).delete(positionKey(beliefId, pseudonym)), RELAY);
  }
}

/** Every held answer of every belief that has reached `minAnswers` (the minimum was lowered, say). */
export function releaseAllThatMay(doc: Y.Doc, state: SealedState, minAnswers: number): string[] {
  const beliefs = new Set<string>();
  for (const byBelief of state.held.values()) for (const beliefId of byBelief.keys()) beliefs.add(beliefId);
  return Array.from(beliefs).flatMap((beliefId) => releaseIfEnough(doc, state, beliefId, minAnswers));
}

/** Fisher–Yates with the platform's random source. */
function shuffled<T>(items: T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const random = new Uint32Array(1);
    globalThis.crypto.getRandomValues(random);
    const j = random[0]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The switch to an anonymous level: every named answer, revealed round, "who answered"
 * list and comment moves under pseudonyms in one transaction of the relay's. People get their numbers
 * in a random order here, so "Person 1" is not whoever answered first. What the named
 * entries leave behind in the document's history is in docs/groups.md.
 */
export function moveUnderPseudonyms(doc: Y.Doc, state: SealedState): void {
  if (!hasNamedAnswers(doc)) return;
  const commentAuthors = namedCommentAuthors(doc);
  const positions = positionsMap(doc);
  // A malformed entry under a name is taken away with the others and not written again.
  const named: { key: string; beliefId: string; participantId: string; record: PositionRecord | null }[] = [];
  positions.forEach((value, key) => {
    const parsed = parsePositionKey(key);
    if (parsed && !isPseudonym(parsed.participantId)) named.push({ key, ...parsed, record: readStoredPosition(value) });
  });
  const history = readRoundHistory(doc);
  const round = readWorkshop(doc).round;
  const people = new Set(named.map(({ participantId }) => participantId));
  for (const record of history) for (const { participantId } of record.positions) if (!isPseudonym(participantId)) people.add(participantId);
  for (const ids of Object.values(round?.answered ?? {})) for (const id of ids) if (!isPseudonym(id)) people.add(id);
  for (const id of commentAuthors) people.add(id);
  for (const participantId of shuffled(Array.from(people).sort())) pseudonymFor(state, participantId);
  const under = (participantId: string) => (isPseudonym(participantId) ? participantId : pseudonymFor(state, participantId));
  doc.transact(() => {
    // Deletions first, then the new entries in a random order, so nothing in the order of
    // the relay's writes pairs an old key with its new one.
    for (const { key } of named) positions.delete(key);
    const now = Date.now();
    for (const { beliefId, participantId, record } of shuffled(named)) {
      // The time of the named answer would pair it with its old entry for anyone who saw that.
      if (record) positions.set(positionKey(beliefId, under(participantId)), { agreement: record.agreement, direction: record.direction, updatedAt: now });
    }
    for (const record of history) {
      if (record.positions.every(({ participantId }) => isPseudonym(participantId))) continue;
      recordRound(doc, { ...record, positions: shuffled(record.positions.map((position) => ({ ...position, participantId: under(position.participantId) }))) }, RELAY);
    }
    if (round && Object.values(round.answered).some((ids) => ids.some((id) => !isPseudonym(id)))) writeRoundStatus(doc, { ...round, answered: anonymousAnswered(round.answered, under) }, RELAY);
    if (commentAuthors.size > 0) moveCommentsUnder(doc, under);
  }, RELAY);
}

/** Whether anything in the document still joins a person's id to an answer or a comment. */
export function hasNamedAnswers(doc: Y.Doc): boolean {
  if (namedCommentAuthors(doc).size > 0) return true;
  for (const key of positionsMap(doc).keys()) {
    const parsed = parsePositionKey(key);
    if (parsed && !isPseudonym(parsed.participantId)) return true;
  }
  if (readRoundHistory(doc).some((record) => record.positions.some(({ participantId }) => !isPseudonym(participantId)))) return true;
  return Object.values(readWorkshop(doc).round?.answered ?? {}).some((ids) => ids.some((id) => !isPseudonym(id)));
}

/** "Who answered" with each person under their pseudonym, sorted, so the order says nothing. */
export function anonymousAnswered(answered: Record<string, string[]>, under: (participantId: string) => string): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  for (const [beliefId, ids] of Object.entries(answered)) out[beliefId] = ids.map(under).sort();
  return out;
}

/** Removes a participant's anonymous answers (the facilitator removed them). */
export function removeAnonymousAnswers(doc: Y.Doc, state: SealedState, participantId: string): void {
  state.held.delete(participantId);
  const pseudonym = state.pseudonyms.get(participantId);
  if (!pseudonym) return;
  const positions = positionsMap(doc);
  const keys = Array.from(positions.keys()).filter((key) => parsePositionKey(key)?.participantId === pseudonym);
  if (keys.length > 0) doc.transact(() => keys.forEach((key) => positions.delete(key)), RELAY);
}
