// The workshop's records (timer, summon, round status, revealed rounds) read as
// well-formed values, whatever a peer or an older relay wrote under their keys. The page
// and the exports read the workshop through these, so `{ status: "open", answered: null }`
// or a round history entry that is a string shows as no round instead of throwing.
import type * as Y from 'yjs';
import { finiteNumber, isPlainRecord, stringsOf, validTime } from './repairValues.ts';
import { isScalePoint, type ScalePoint } from './schema.ts';
import {
  roundsMap,
  WORKSHOP_KEY,
  workshopMap,
  type RoundRecord,
  type RoundStatus,
  type SummonState,
  type TimerState,
  type WorkshopState,
} from './workshop.ts';

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

/** The workshop's settings and current round; a malformed entry reads as not set. */
export function repairedWorkshop(doc: Y.Doc): WorkshopState {
  const map = workshopMap(doc);
  return {
    timer: timerOf(map.get(WORKSHOP_KEY.timer)),
    locked: map.get(WORKSHOP_KEY.locked) === true,
    privateWriting: map.get(WORKSHOP_KEY.privateWriting) === true,
    summon: summonOf(map.get(WORKSHOP_KEY.summon)),
    round: roundStatusOf(map.get(WORKSHOP_KEY.round)),
  };
}

/** Revealed rounds, oldest first, one per number; entries that are not rounds are left out. */
export function repairedRoundHistory(doc: Y.Doc): RoundRecord[] {
  const records: RoundRecord[] = [];
  roundsMap(doc).forEach((value) => {
    const record = roundRecordOf(value);
    if (record) records.push(record);
  });
  records.sort((a, b) => a.number - b.number);
  return records.filter((record, index) => index === 0 || records[index - 1].number !== record.number);
}
