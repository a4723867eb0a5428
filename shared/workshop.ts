// The facilitated workshop's shared state in the board document: the timer, the lock,
// private writing, "bring everyone to me", the current round's public status and the
// history of revealed rounds. Only facilitators may change the workshop settings and only
// the relay writes round status and history — the relay enforces both (docs/rounds.md).
// Sealed positions and private notes are NOT here: the relay holds them until reveal.
import * as Y from 'yjs';
import { ROOT, type PositionRecord } from './schema.ts';

export const WORKSHOP_ROOT = ROOT.workshop;
export const ROUNDS_ROOT = ROOT.rounds;

/** Keys of the `workshop` map. */
export const WORKSHOP_KEY = {
  timer: 'timer',
  locked: 'locked',
  privateWriting: 'privateWriting',
  summon: 'summon',
  round: 'round',
} as const;

/** Which keys a facilitator's own client may write; `round` is the relay's alone. */
export const FACILITATOR_KEYS: readonly string[] = [WORKSHOP_KEY.timer, WORKSHOP_KEY.locked, WORKSHOP_KEY.privateWriting, WORKSHOP_KEY.summon];

/**
 * A shared countdown. Running: `endsAt` is the wall-clock end (ms since epoch), so every
 * page shows the same remaining time and a reload keeps it. Paused: `endsAt` is null and
 * `remainingMs` holds what is left.
 */
export interface TimerState {
  endsAt: number | null;
  remainingMs: number;
  durationMs: number;
}

/** "Bring everyone to me": participants follow `participantId`'s viewport from `at` on. */
export interface SummonState {
  participantId: string;
  at: number;
}

/** The current (or last) round, as everyone may see it: who answered, never what. */
export interface RoundStatus {
  number: number;
  status: 'open' | 'revealed';
  /** The beliefs in the round; null means every belief on the board. */
  beliefIds: string[] | null;
  startedAt: number;
  /** Reveal automatically at this time (ms since epoch), even with nobody connected. */
  deadline: number | null;
  /** Reveal as soon as everyone present has answered every belief in the round. */
  autoReveal: boolean;
  /** beliefId → ids of the participants who have answered it (values stay sealed). */
  answered: Record<string, string[]>;
  revealedAt: number | null;
}

/** A revealed round, kept so the Measured view can draw each belief's movement. */
export interface RoundRecord {
  number: number;
  startedAt: number;
  revealedAt: number;
  beliefIds: string[] | null;
  positions: ({ beliefId: string; participantId: string } & PositionRecord)[];
}

export interface WorkshopState {
  timer: TimerState | null;
  locked: boolean;
  privateWriting: boolean;
  summon: SummonState | null;
  round: RoundStatus | null;
}

export function workshopMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(WORKSHOP_ROOT);
}

/** Round number (as a string key) → RoundRecord. */
export function roundsMap(doc: Y.Doc): Y.Map<RoundRecord> {
  return doc.getMap(ROUNDS_ROOT);
}

export function readWorkshop(doc: Y.Doc): WorkshopState {
  const map = workshopMap(doc);
  return {
    timer: (map.get(WORKSHOP_KEY.timer) as TimerState | undefined) ?? null,
    locked: map.get(WORKSHOP_KEY.locked) === true,
    privateWriting: map.get(WORKSHOP_KEY.privateWriting) === true,
    summon: (map.get(WORKSHOP_KEY.summon) as SummonState | undefined) ?? null,
    round: (map.get(WORKSHOP_KEY.round) as RoundStatus | undefined) ?? null,
  };
}

/** Revealed rounds, oldest first. */
export function readRoundHistory(doc: Y.Doc): RoundRecord[] {
  return Array.from(roundsMap(doc).values()).sort((a, b) => a.number - b.number);
}

export function observeWorkshop(doc: Y.Doc, listener: () => void): () => void {
  const workshop = workshopMap(doc);
  const rounds = roundsMap(doc);
  const handler = () => listener();
  workshop.observe(handler);
  rounds.observe(handler);
  return () => {
    workshop.unobserve(handler);
    rounds.unobserve(handler);
  };
}

/** Remaining time of a timer at `now`, never negative. */
export function timerRemaining(timer: TimerState, now: number): number {
  return timer.endsAt === null ? Math.max(0, timer.remainingMs) : Math.max(0, timer.endsAt - now);
}

export function startTimer(doc: Y.Doc, durationMs: number, now: number, origin: unknown): void {
  const timer: TimerState = { endsAt: now + durationMs, remainingMs: durationMs, durationMs };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, timer), origin);
}

export function addTimerTime(doc: Y.Doc, extraMs: number, now: number, origin: unknown): void {
  const timer = readWorkshop(doc).timer;
  if (!timer) return startTimer(doc, extraMs, now, origin);
  const next: TimerState =
    timer.endsAt === null
      ? { ...timer, remainingMs: timer.remainingMs + extraMs, durationMs: timer.durationMs + extraMs }
      : { ...timer, endsAt: Math.max(timer.endsAt, now) + extraMs, durationMs: timer.durationMs + extraMs };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, next), origin);
}

export function pauseTimer(doc: Y.Doc, now: number, origin: unknown): void {
  const timer = readWorkshop(doc).timer;
  if (!timer || timer.endsAt === null) return;
  const next: TimerState = { ...timer, endsAt: null, remainingMs: timerRemaining(timer, now) };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, next), origin);
}

export function resumeTimer(doc: Y.Doc, now: number, origin: unknown): void {
  const timer = readWorkshop(doc).timer;
  if (!timer || timer.endsAt !== null) return;
  const next: TimerState = { ...timer, endsAt: now + timer.remainingMs };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, next), origin);
}

export function resetTimer(doc: Y.Doc, origin: unknown): void {
  doc.transact(() => workshopMap(doc).delete(WORKSHOP_KEY.timer), origin);
}

export function setLocked(doc: Y.Doc, locked: boolean, origin: unknown): void {
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.locked, locked), origin);
}

export function setPrivateWriting(doc: Y.Doc, on: boolean, origin: unknown): void {
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.privateWriting, on), origin);
}

export function summonEveryone(doc: Y.Doc, participantId: string, now: number, origin: unknown): void {
  const summon: SummonState = { participantId, at: now };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.summon, summon), origin);
}

/** The relay's writes of the round status and history (clients never call these). */
export function writeRoundStatus(doc: Y.Doc, round: RoundStatus, origin: unknown): void {
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.round, round), origin);
}

/** The relay's record of a revealed round, kept for the movement between rounds. */
export function recordRound(doc: Y.Doc, record: RoundRecord, origin: unknown): void {
  doc.transact(() => roundsMap(doc).set(String(record.number), record), origin);
}

export function isBeliefInRound(round: RoundStatus | null, beliefId: string): boolean {
  // Callers may hold a round status read raw from the document, where a peer could have
  // written anything as its beliefIds.
  if (!round || round.status !== 'open') return false;
  return round.beliefIds === null || (Array.isArray(round.beliefIds) && round.beliefIds.includes(beliefId));
}
