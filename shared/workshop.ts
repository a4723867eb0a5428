// The facilitated workshop's shared state in the board document: the timer, the lock,
// private writing, "bring everyone to me", who is presenting, the current round's public status and the
// history of revealed rounds. Only facilitators may change the workshop settings and only
// the relay writes round status and history — the relay enforces both (docs/rounds.md).
// Sealed positions and private notes are NOT here: the relay holds them until reveal.
import * as Y from 'yjs';
import { MAX_TIMER_MS } from './limits.ts';
import { finiteNumber, isPlainRecord, stringsOf, validTime } from './repairValues.ts';
import { isScalePoint, ROOT, type PositionRecord, type ScalePoint } from './schema.ts';

export const WORKSHOP_ROOT = ROOT.workshop;
export const ROUNDS_ROOT = ROOT.rounds;

/** Keys of the `workshop` map. */
export const WORKSHOP_KEY = {
  timer: 'timer',
  locked: 'locked',
  privateWriting: 'privateWriting',
  summon: 'summon',
  presenting: 'presenting',
  round: 'round',
} as const;

/** Which keys a facilitator's own client may write; `round` is the relay's alone. */
export const FACILITATOR_KEYS: readonly string[] = [
  WORKSHOP_KEY.timer,
  WORKSHOP_KEY.locked,
  WORKSHOP_KEY.privateWriting,
  WORKSHOP_KEY.summon,
  WORKSHOP_KEY.presenting,
];

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

/**
 * "Present": while set, every screen on the board — participants' and a projector on the
 * view-only link — follows `participantId`'s view (camera and layout) until its person
 * steps out. A state, not an event like a summon: a screen that opens the board later
 * follows too. Unset when the presenter stops.
 */
export interface PresentingState {
  participantId: string;
  /** When presenting started: a screen that stepped out follows again when this changes. */
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
  presenting: PresentingState | null;
  round: RoundStatus | null;
}

export function workshopMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(WORKSHOP_ROOT);
}

/** Round number (as a string key) → RoundRecord. */
export function roundsMap(doc: Y.Doc): Y.Map<RoundRecord> {
  return doc.getMap(ROUNDS_ROOT);
}

/**
 * The workshop's settings and current round. Read as well-formed values whatever a peer or
 * an older relay wrote under their keys: a malformed entry reads as not set, so
 * `{ status: "open", answered: null }` shows as no round instead of throwing.
 */
export function readWorkshop(doc: Y.Doc): WorkshopState {
  const map = workshopMap(doc);
  return {
    timer: timerOf(map.get(WORKSHOP_KEY.timer)),
    locked: map.get(WORKSHOP_KEY.locked) === true,
    privateWriting: map.get(WORKSHOP_KEY.privateWriting) === true,
    summon: summonOf(map.get(WORKSHOP_KEY.summon)),
    presenting: summonOf(map.get(WORKSHOP_KEY.presenting)),
    round: roundStatusOf(map.get(WORKSHOP_KEY.round)),
  };
}

/** Revealed rounds, oldest first, one per number; entries that are not rounds are left out. */
export function readRoundHistory(doc: Y.Doc): RoundRecord[] {
  const records: RoundRecord[] = [];
  roundsMap(doc).forEach((value) => {
    const record = roundRecordOf(value);
    if (record) records.push(record);
  });
  records.sort((a, b) => a.number - b.number);
  return records.filter((record, index) => index === 0 || records[index - 1].number !== record.number);
}

// ---------------------------------------------------------------- reading what a peer wrote

/** A time, or null where none (or none a Date can show) was written. */
function optionalTime(value: unknown): number | null {
  const time = validTime(value, NaN);
  return Number.isNaN(time) ? null : time;
}

function timerOf(value: unknown): TimerState | null {
  if (!isPlainRecord(value)) return null;
  const endsAt = optionalTime(value.endsAt);
  if (endsAt === null && value.endsAt !== null) return null;
  return { endsAt, remainingMs: Math.max(0, finiteNumber(value.remainingMs)), durationMs: Math.max(0, finiteNumber(value.durationMs)) };
}

/** A summons or a presenter: a participant and a time (both have that shape). */
function summonOf(value: unknown): SummonState | null {
  if (!isPlainRecord(value) || typeof value.participantId !== 'string') return null;
  return { participantId: value.participantId, at: validTime(value.at) };
}

function isRoundNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** The beliefs a round asks about: null (every belief), or a list, of which the strings count. */
function isBeliefIds(value: unknown): value is unknown[] | null {
  return value === null || Array.isArray(value);
}

function beliefIdsOf(value: unknown[] | null): string[] | null {
  return value === null ? null : stringsOf(value);
}

/**
 * beliefId → who answered. Without a prototype, so a belief called "constructor" or
 * "__proto__" finds its own entry or none, never Object's.
 */
function answeredOf(value: unknown): Record<string, string[]> {
  const answered: Record<string, string[]> = Object.create(null);
  if (!isPlainRecord(value)) return answered;
  for (const [beliefId, ids] of Object.entries(value)) answered[beliefId] = stringsOf(ids);
  return answered;
}

function roundStatusOf(value: unknown): RoundStatus | null {
  if (!isPlainRecord(value) || !isRoundNumber(value.number)) return null;
  if ((value.status !== 'open' && value.status !== 'revealed') || !isBeliefIds(value.beliefIds)) return null;
  return {
    number: value.number,
    status: value.status,
    beliefIds: beliefIdsOf(value.beliefIds),
    startedAt: validTime(value.startedAt),
    deadline: optionalTime(value.deadline),
    autoReveal: value.autoReveal === true,
    answered: answeredOf(value.answered),
    revealedAt: optionalTime(value.revealedAt),
  };
}

type RoundPosition = RoundRecord['positions'][number];

function roundPositionOf(value: unknown): RoundPosition | null {
  if (!isPlainRecord(value)) return null;
  const { beliefId, participantId, agreement } = value;
  const direction = value.direction ?? null;
  if (typeof beliefId !== 'string' || typeof participantId !== 'string') return null;
  if (agreement !== 'pass' && !isScalePoint(agreement)) return null;
  if (direction !== null && !isScalePoint(direction)) return null;
  return { beliefId, participantId, agreement, direction: direction as ScalePoint | null, updatedAt: validTime(value.updatedAt) };
}

function roundRecordOf(value: unknown): RoundRecord | null {
  if (!isPlainRecord(value) || !isRoundNumber(value.number) || !isBeliefIds(value.beliefIds) || !Array.isArray(value.positions)) return null;
  const positions = value.positions.map(roundPositionOf).filter((position): position is RoundPosition => position !== null);
  return {
    number: value.number,
    startedAt: validTime(value.startedAt),
    revealedAt: validTime(value.revealedAt),
    beliefIds: beliefIdsOf(value.beliefIds),
    positions,
  };
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

/** A timer span kept within a day, as the relay takes it (shared/boardRules.ts). */
function timerSpan(ms: number): number {
  return Math.max(0, Math.min(MAX_TIMER_MS, Number.isFinite(ms) ? ms : 0));
}

export function startTimer(doc: Y.Doc, durationMs: number, now: number, origin: unknown): void {
  const span = timerSpan(durationMs);
  const timer: TimerState = { endsAt: now + span, remainingMs: span, durationMs: span };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, timer), origin);
}

export function addTimerTime(doc: Y.Doc, extraMs: number, now: number, origin: unknown): void {
  const timer = readWorkshop(doc).timer;
  if (!timer) return startTimer(doc, extraMs, now, origin);
  const next: TimerState =
    timer.endsAt === null
      ? { endsAt: null, remainingMs: timerSpan(timer.remainingMs + extraMs), durationMs: timerSpan(timer.durationMs + extraMs) }
      : { endsAt: Math.min(Math.max(timer.endsAt, now) + extraMs, now + MAX_TIMER_MS), remainingMs: timer.remainingMs, durationMs: timerSpan(timer.durationMs + extraMs) };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, next), origin);
}

export function pauseTimer(doc: Y.Doc, now: number, origin: unknown): void {
  const timer = readWorkshop(doc).timer;
  if (!timer || timer.endsAt === null) return;
  const next: TimerState = { endsAt: null, remainingMs: timerSpan(timerRemaining(timer, now)), durationMs: timer.durationMs };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.timer, next), origin);
}

export function resumeTimer(doc: Y.Doc, now: number, origin: unknown): void {
  const timer = readWorkshop(doc).timer;
  if (!timer || timer.endsAt !== null) return;
  const next: TimerState = { endsAt: now + timer.remainingMs, remainingMs: timer.remainingMs, durationMs: timer.durationMs };
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

export function startPresenting(doc: Y.Doc, participantId: string, now: number, origin: unknown): void {
  const presenting: PresentingState = { participantId, at: now };
  doc.transact(() => workshopMap(doc).set(WORKSHOP_KEY.presenting, presenting), origin);
}

export function stopPresenting(doc: Y.Doc, origin: unknown): void {
  doc.transact(() => workshopMap(doc).delete(WORKSHOP_KEY.presenting), origin);
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
