// How visible a person's answers are on a board (docs/groups.md, "Anonymity
// levels"): the facilitator's setting in `workshop.anonymity` and `workshop.minAnswers`,
// the pseudonyms the relay writes answers under, and the words every screen uses for them.
// Under an anonymous level no browser writes `positions`: the relay does, under a random
// per-board pseudonym only it can map to a person (server/rounds/anonymousAnswers.ts).
import * as Y from 'yjs';
import { DEFAULT_MIN_ANSWERS, MAX_MIN_ANSWERS, MIN_MIN_ANSWERS } from './limits.ts';
import { parsePositionKey, positionsMap } from './schema.ts';
import { workshopMap } from './workshop.ts';

export const ANONYMITY_LEVELS = ['named', 'participants', 'everyone'] as const;
export type AnonymityLevel = (typeof ANONYMITY_LEVELS)[number];

/** Keys of the `workshop` map this file owns (the rules table checks their values). */
export const ANONYMITY_KEY = { level: 'anonymity', minAnswers: 'minAnswers', waiting: 'waitingAnswers' } as const;

export interface AnonymitySettings {
  level: AnonymityLevel;
  /** Answers a belief needs before any distribution of it is shown (anonymous levels only). */
  minAnswers: number;
}

export function isAnonymityLevel(value: unknown): value is AnonymityLevel {
  return typeof value === 'string' && (ANONYMITY_LEVELS as readonly string[]).includes(value);
}

export function isMinAnswers(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_MIN_ANSWERS && value <= MAX_MIN_ANSWERS;
}

/** The board's settings, whatever a peer wrote: anything malformed reads as the default. */
export function readAnonymity(doc: Y.Doc): AnonymitySettings {
  const map = workshopMap(doc);
  const level = map.get(ANONYMITY_KEY.level);
  const minAnswers = map.get(ANONYMITY_KEY.minAnswers);
  return { level: isAnonymityLevel(level) ? level : 'named', minAnswers: isMinAnswers(minAnswers) ? minAnswers : DEFAULT_MIN_ANSWERS };
}

/**
 * beliefId → how many answers the relay holds back on it (written by the relay alone), so
 * every screen can say "2 answers — shown from 3" while none of them is in the document.
 * A count, never who or what.
 */
export function readWaitingAnswers(doc: Y.Doc): ReadonlyMap<string, number> {
  const value = workshopMap(doc).get(ANONYMITY_KEY.waiting);
  const out = new Map<string, number>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [beliefId, count] of Object.entries(value)) if (Number.isSafeInteger(count) && (count as number) > 0) out.set(beliefId, count as number);
  return out;
}

/** The relay's write of the held counts (browsers never call it: the rules refuse it). */
export function writeWaitingAnswers(doc: Y.Doc, waiting: ReadonlyMap<string, number>, origin: unknown): void {
  // A plain object (Yjs stores nothing else as a value), made by fromEntries so that no id
  // is ever read as a prototype.
  const record: Record<string, number> = Object.fromEntries([...waiting].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const current = workshopMap(doc).get(ANONYMITY_KEY.waiting);
  if (JSON.stringify(current ?? {}) === JSON.stringify(record)) return;
  doc.transact(() => {
    if (Object.keys(record).length === 0) workshopMap(doc).delete(ANONYMITY_KEY.waiting);
    else workshopMap(doc).set(ANONYMITY_KEY.waiting, record);
  }, origin);
}

export function isAnonymous(level: AnonymityLevel): boolean {
  return level !== 'named';
}

/** How private a level is: a switch to a lower number is a switch to a more open level. */
export function privacyRank(level: AnonymityLevel): number {
  return ANONYMITY_LEVELS.indexOf(level);
}

export function setAnonymityLevel(doc: Y.Doc, level: AnonymityLevel, origin: unknown): void {
  doc.transact(() => workshopMap(doc).set(ANONYMITY_KEY.level, level), origin);
}

export function setMinAnswers(doc: Y.Doc, minAnswers: number, origin: unknown): void {
  const clamped = Math.max(MIN_MIN_ANSWERS, Math.min(MAX_MIN_ANSWERS, Math.round(minAnswers)));
  doc.transact(() => workshopMap(doc).set(ANONYMITY_KEY.minAnswers, clamped), origin);
}

/** What everyone on the board is told about the level in force. */
export function anonymityText(level: AnonymityLevel): string {
  switch (level) {
    case 'named':
      return 'Answers and comments are shown with names';
    case 'participants':
      return 'Answers and comments are anonymous to participants (the facilitator sees names)';
    case 'everyone':
      return 'Answers and comments are anonymous to everyone';
  }
}

/** The short name of a level, for the facilitator's choice. */
export function anonymityChoiceLabel(level: AnonymityLevel): string {
  return level === 'named' ? 'Named' : level === 'participants' ? 'Anonymous to participants' : 'Anonymous to everyone';
}

// ---------------------------------------------------------------- pseudonyms

/**
 * A pseudonym is `anon-<number>-<12 random symbols>`: the number gives the stable
 * "Person 3" every screen and export shows; the random part keeps it from being guessed or
 * derived from the participant id. Only the relay writes entries under one (the rules
 * table refuses a browser's), so no participant can pass their named answers off as
 * someone's anonymous ones.
 */
const PSEUDONYM_PATTERN = /^anon-([1-9][0-9]{0,5})-[A-Za-z0-9]{12}$/;

export function isPseudonym(id: string): boolean {
  return PSEUDONYM_PATTERN.test(id);
}

/** "Person 3" for a pseudonym, null for anything else. */
export function pseudonymName(id: string): string | null {
  const match = PSEUDONYM_PATTERN.exec(id);
  return match ? `Person ${match[1]}` : null;
}

export function pseudonymNumber(id: string): number {
  const match = PSEUDONYM_PATTERN.exec(id);
  return match ? Number(match[1]) : 0;
}

const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new pseudonym with this person number (the relay's alone to make). */
export function makePseudonym(number: number): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  // 62 symbols: the small bias of byte % 62 costs a fraction of a bit, and the part is
  // a name, not a secret — what protects it is that only the relay knows whose it is.
  let random = '';
  for (const byte of bytes) random += RANDOM_ALPHABET[byte % RANDOM_ALPHABET.length];
  return `anon-${number}-${random}`;
}

/** Whether a board holds any answer given under a pseudonym. */
export function hasPseudonymousAnswers(doc: Y.Doc): boolean {
  for (const key of positionsMap(doc).keys()) {
    const parsed = parsePositionKey(key);
    if (parsed && isPseudonym(parsed.participantId)) return true;
  }
  return false;
}

/** The name to show for whoever an answer belongs to: a person's name, "Person 3", or null when unknown. */
export function answererName(id: string, names: ReadonlyMap<string, string>): string | null {
  return names.get(id) ?? pseudonymName(id);
}

/**
 * Whether a belief's distribution may be shown: always under the named level (every
 * answer is shown with its name there anyway), else once it has `minAnswers` answers.
 */
export function mayShowDistribution(settings: AnonymitySettings, answers: number): boolean {
  return !isAnonymous(settings.level) || answers >= settings.minAnswers;
}

/** "2 answers — shown from 3". */
export function withheldText(answers: number, minAnswers: number): string {
  return `${answers} ${answers === 1 ? 'answer' : 'answers'} — shown from ${minAnswers}`;
}
