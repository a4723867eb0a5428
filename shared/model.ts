// The only door to a board document. Components and the relay call these functions;
// each change is one transaction carrying the caller's origin, so undo and listeners can
// tell my changes from a colleague's.
import * as Y from 'yjs';
import { DEFAULT_NOTE_COLOR, isNoteColor, isParticipantColor, pickParticipantColor } from './colors.ts';
import { newId } from './ids.ts';
import { MAX_BELIEF_TEXT, MAX_BELIEFS_PER_BOARD, MAX_BOARD_COORDINATE, MAX_BOARD_TITLE, MAX_DISPLAY_NAME } from './limits.ts';
import { isPlainRecord } from './repairValues.ts';
import {
  beliefsMap,
  readStoredPosition,
  isScalePoint,
  isTemplate,
  metaMap,
  parsePositionKey,
  participantsMap,
  positionKey,
  positionsMap,
  ROOT,
  SCHEMA_VERSION,
  type Belief,
  type BoardMeta,
  type ParticipantRecord,
  type PositionRecord,
  type ScalePoint,
  type Template,
} from './schema.ts';

export class ModelError extends Error {}

function clampText(text: string, max: number): string {
  // Cut on code points so an emoji is never split in half.
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A place on the board, kept within the board: the relay refuses notes placed beyond it. */
function coordinate(value: unknown): number {
  return Math.max(-MAX_BOARD_COORDINATE, Math.min(MAX_BOARD_COORDINATE, finiteOr(value, 0)));
}

// ---------------------------------------------------------------- board

export interface NewBoard {
  title?: string;
  template?: Template;
  createdAt?: number;
}

/** Writes a new board's meta. The relay calls it once, when the board is created. */
export function createBoard(doc: Y.Doc, board: NewBoard = {}, origin: unknown = null): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', clampText((board.title ?? '').trim(), MAX_BOARD_TITLE));
    meta.set('template', board.template ?? 'blank');
    meta.set('createdAt', board.createdAt ?? Date.now());
  }, origin);
}

/** True once the document holds a board (its meta has arrived). */
export function hasBoard(doc: Y.Doc): boolean {
  return metaMap(doc).has('createdAt');
}

export function readBoardMeta(doc: Y.Doc): BoardMeta {
  const meta = metaMap(doc);
  const template = meta.get('template');
  return {
    schemaVersion: finiteOr(meta.get('schemaVersion'), 0),
    title: typeof meta.get('title') === 'string' ? (meta.get('title') as string) : '',
    template: isTemplate(template) ? template : 'blank',
    createdAt: finiteOr(meta.get('createdAt'), 0),
  };
}

/** The board's title, never longer than the model allows (any participant can write meta). */
export function readBoardTitle(doc: Y.Doc): string {
  return clampText(readBoardMeta(doc).title, MAX_BOARD_TITLE);
}

export function setBoardTitle(doc: Y.Doc, title: string, origin: unknown): void {
  doc.transact(() => metaMap(doc).set('title', clampText(title.trim(), MAX_BOARD_TITLE)), origin);
}

export function setBoardTemplate(doc: Y.Doc, template: Template, origin: unknown): void {
  doc.transact(() => metaMap(doc).set('template', template), origin);
}

// ---------------------------------------------------------------- beliefs

export interface NewBelief {
  text?: string;
  x: number;
  y: number;
  color?: string;
  authorId: string;
  id?: string;
  createdAt?: number;
}

export function beliefCount(doc: Y.Doc): number {
  return beliefsMap(doc).size;
}

export function addBelief(doc: Y.Doc, belief: NewBelief, origin: unknown): string {
  const beliefs = beliefsMap(doc);
  if (beliefs.size >= MAX_BELIEFS_PER_BOARD) {
    throw new ModelError(`This board already holds ${MAX_BELIEFS_PER_BOARD} beliefs, the most one board can hold.`);
  }
  const id = belief.id ?? newId();
  doc.transact(() => {
    const record = new Y.Map<unknown>();
    record.set('text', new Y.Text(clampText(belief.text ?? '', MAX_BELIEF_TEXT)));
    record.set('x', coordinate(belief.x));
    record.set('y', coordinate(belief.y));
    record.set('color', isNoteColor(belief.color) ? belief.color : DEFAULT_NOTE_COLOR);
    record.set('authorId', belief.authorId);
    record.set('createdAt', belief.createdAt ?? Date.now());
    beliefs.set(id, record);
  }, origin);
  return id;
}

function readRecord(id: string, record: Y.Map<unknown>): Belief {
  const text = record.get('text');
  const color = record.get('color');
  const deletedBy = record.get('deletedBy');
  return {
    id,
    text: text instanceof Y.Text ? text.toString() : '',
    // Read within the board, as the model writes it: a note a peer put at 1e308 shows at the edge.
    x: coordinate(record.get('x')),
    y: coordinate(record.get('y')),
    color: typeof color === 'string' ? color : DEFAULT_NOTE_COLOR,
    // Not String(…): a record a peer wrote with its own "toString" key throws when converted.
    authorId: typeof record.get('authorId') === 'string' ? (record.get('authorId') as string) : '',
    createdAt: finiteOr(record.get('createdAt'), 0),
    deletedAt: deletedAtOf(record),
    deletedBy: typeof deletedBy === 'string' ? deletedBy : null,
  };
}

function deletedAtOf(record: Y.Map<unknown>): number | null {
  const deletedAt = record.get('deletedAt');
  return typeof deletedAt === 'number' && Number.isFinite(deletedAt) ? deletedAt : null;
}

/** Whether a belief is on the board: it exists and is not waiting in "Recently deleted". */
export function isBeliefLive(doc: Y.Doc, id: string): boolean {
  const record = beliefsMap(doc).get(id);
  return record instanceof Y.Map && deletedAtOf(record) === null;
}

/** A belief, live or deleted; null when there is none with this id. */
export function readBelief(doc: Y.Doc, id: string): Belief | null {
  const record = beliefsMap(doc).get(id);
  return record instanceof Y.Map ? readRecord(id, record) : null;
}

/** Every belief on the board (deleted ones left out), in the stable order: oldest first, ties broken by id. */
export function listBeliefs(doc: Y.Doc): Belief[] {
  const out: Belief[] = [];
  beliefsMap(doc).forEach((record, id) => {
    if (record instanceof Y.Map && deletedAtOf(record) === null) out.push(readRecord(id, record));
  });
  return out.sort(compareBeliefs);
}

/** Deleted beliefs waiting in "Recently deleted", most recently deleted first. */
export function listDeletedBeliefs(doc: Y.Doc): Belief[] {
  const out: Belief[] = [];
  beliefsMap(doc).forEach((record, id) => {
    if (record instanceof Y.Map && deletedAtOf(record) !== null) out.push(readRecord(id, record));
  });
  return out.sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0) || compareBeliefs(a, b));
}

export function compareBeliefs(a: Pick<Belief, 'id' | 'createdAt'>, b: Pick<Belief, 'id' | 'createdAt'>): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Ids of the beliefs on the board in the stable order, without reading texts: cheap for large boards. */
export function beliefIds(doc: Y.Doc): string[] {
  const rows: { id: string; createdAt: number }[] = [];
  beliefsMap(doc).forEach((record, id) => {
    if (record instanceof Y.Map && deletedAtOf(record) === null) rows.push({ id, createdAt: finiteOr(record.get('createdAt'), 0) });
  });
  return rows.sort(compareBeliefs).map((row) => row.id);
}

/** The live Y.Text of a belief, for an editor that applies keystrokes as they happen. */
export function beliefText(doc: Y.Doc, id: string): Y.Text | null {
  const text = beliefsMap(doc).get(id)?.get('text');
  return text instanceof Y.Text ? text : null;
}

/**
 * Replaces a belief's text with `next` by changing only what differs (common prefix and
 * suffix kept), so a colleague typing elsewhere in the same note keeps their words.
 */
export function setBeliefText(doc: Y.Doc, id: string, next: string, origin: unknown): void {
  const text = beliefText(doc, id);
  if (!text) return;
  const target = clampText(next, MAX_BELIEF_TEXT);
  const current = text.toString();
  if (current === target) return;
  let start = 0;
  const maxStart = Math.min(current.length, target.length);
  while (start < maxStart && current.charCodeAt(start) === target.charCodeAt(start)) start++;
  let endCurrent = current.length;
  let endTarget = target.length;
  while (endCurrent > start && endTarget > start && current.charCodeAt(endCurrent - 1) === target.charCodeAt(endTarget - 1)) {
    endCurrent--;
    endTarget--;
  }
  doc.transact(() => {
    if (endCurrent > start) text.delete(start, endCurrent - start);
    if (endTarget > start) text.insert(start, target.slice(start, endTarget));
  }, origin);
}

export interface BeliefMove {
  id: string;
  x: number;
  y: number;
}

export function moveBeliefs(doc: Y.Doc, moves: BeliefMove[], origin: unknown): void {
  const beliefs = beliefsMap(doc);
  doc.transact(() => {
    for (const move of moves) {
      const record = beliefs.get(move.id);
      if (!(record instanceof Y.Map)) continue;
      if (!Number.isFinite(move.x) || !Number.isFinite(move.y)) continue;
      const x = coordinate(move.x);
      const y = coordinate(move.y);
      if (record.get('x') !== x) record.set('x', x);
      if (record.get('y') !== y) record.set('y', y);
    }
  }, origin);
}

export function setBeliefColor(doc: Y.Doc, ids: string[], color: string, origin: unknown): void {
  if (!isNoteColor(color)) throw new ModelError(`Unknown note colour "${color}".`);
  const beliefs = beliefsMap(doc);
  doc.transact(() => {
    for (const id of ids) {
      const record = beliefs.get(id);
      if (record instanceof Y.Map && record.get('color') !== color) record.set('color', color);
    }
  }, origin);
}

/**
 * Moves beliefs to "Recently deleted": they leave the board, the list and every export,
 * and keep their text and positions, so `restoreBeliefs` brings them back whole.
 */
export function deleteBeliefs(doc: Y.Doc, ids: string[], deletedBy: string, origin: unknown, now = Date.now()): void {
  const beliefs = beliefsMap(doc);
  doc.transact(() => {
    for (const id of new Set(ids)) {
      const record = beliefs.get(id);
      if (!(record instanceof Y.Map) || deletedAtOf(record) !== null) continue;
      record.set('deletedAt', now);
      record.set('deletedBy', deletedBy);
    }
  }, origin);
}

/** Brings deleted beliefs back onto the board, with their positions. */
export function restoreBeliefs(doc: Y.Doc, ids: string[], origin: unknown): void {
  const beliefs = beliefsMap(doc);
  doc.transact(() => {
    for (const id of new Set(ids)) {
      const record = beliefs.get(id);
      if (!(record instanceof Y.Map) || deletedAtOf(record) === null) continue;
      record.set('deletedAt', null);
      record.set('deletedBy', null);
    }
  }, origin);
}

/** Participants other than `participantId` who recorded a position on the belief: deleting it asks first. */
export function othersWithPositions(doc: Y.Doc, beliefId: string, participantId: string): string[] {
  return Array.from(positionsOf(doc, beliefId).keys()).filter((id) => id !== participantId);
}

// ---------------------------------------------------------------- positions

export interface PositionInput {
  agreement: ScalePoint | 'pass';
  direction?: ScalePoint | null;
  /** When the position was given; now unless a snapshot import brings back the original time. */
  updatedAt?: number;
}

export function setPosition(
  doc: Y.Doc,
  beliefId: string,
  participantId: string,
  input: PositionInput,
  origin: unknown,
): void {
  if (!beliefsMap(doc).has(beliefId)) throw new ModelError('That belief no longer exists.');
  if (!isBeliefLive(doc, beliefId)) throw new ModelError('That belief was deleted; restore it to record a position.');
  if (input.agreement !== 'pass' && !isScalePoint(input.agreement)) {
    throw new ModelError(`Agreement must be −2…+2 or pass, not ${String(input.agreement)}.`);
  }
  const direction = input.direction ?? null;
  if (direction !== null && !isScalePoint(direction)) {
    throw new ModelError(`Direction must be −2…+2, not ${String(direction)}.`);
  }
  const record: PositionRecord = { agreement: input.agreement, direction, updatedAt: input.updatedAt ?? Date.now() };
  doc.transact(() => positionsMap(doc).set(positionKey(beliefId, participantId), record), origin);
}

export function clearPosition(doc: Y.Doc, beliefId: string, participantId: string, origin: unknown): void {
  doc.transact(() => positionsMap(doc).delete(positionKey(beliefId, participantId)), origin);
}

export function readPosition(doc: Y.Doc, beliefId: string, participantId: string): PositionRecord | null {
  return readStoredPosition(positionsMap(doc).get(positionKey(beliefId, participantId)));
}

export interface StoredPosition extends PositionRecord {
  beliefId: string;
  participantId: string;
}

/**
 * Every well-formed position on a belief on the board, in no particular order. Positions
 * on a deleted belief wait with it in "Recently deleted"; they are not part of the board.
 */
export function listPositions(doc: Y.Doc): StoredPosition[] {
  const out: StoredPosition[] = [];
  positionsMap(doc).forEach((record, key) => {
    const parsed = parsePositionKey(key);
    const position = parsed && isBeliefLive(doc, parsed.beliefId) ? readStoredPosition(record) : null;
    if (parsed && position) out.push({ ...parsed, ...position });
  });
  return out;
}

/** Positions on one belief, keyed by participant id. */
export function positionsOf(doc: Y.Doc, beliefId: string): Map<string, PositionRecord> {
  const out = new Map<string, PositionRecord>();
  const prefix = `${beliefId}:`;
  positionsMap(doc).forEach((record, key) => {
    const position = key.startsWith(prefix) ? readStoredPosition(record) : null;
    if (position) out.set(key.slice(prefix.length), position);
  });
  return out;
}

// ---------------------------------------------------------------- participants

export function upsertParticipant(
  doc: Y.Doc,
  participant: { id: string } & ParticipantRecord,
  origin: unknown,
): void {
  const participants = participantsMap(doc);
  const name = clampText(participant.name.trim(), MAX_DISPLAY_NAME);
  // The relay takes only the participant colours (shared/boardRules.ts).
  const color = isParticipantColor(participant.color) ? participant.color : pickParticipantColor(participant.id);
  const existing = participants.get(participant.id);
  if (existing && existing.name === name && existing.color === color) return;
  doc.transact(() => participants.set(participant.id, { name, color }), origin);
}

/** Takes a participant off the board: their record and every position they recorded (the relay, for the facilitator). */
export function removeParticipant(doc: Y.Doc, participantId: string, origin: unknown): void {
  const positions = positionsMap(doc);
  doc.transact(() => {
    participantsMap(doc).delete(participantId);
    for (const key of Array.from(positions.keys())) {
      if (parsePositionKey(key)?.participantId === participantId) positions.delete(key);
    }
  }, origin);
}

/**
 * Everyone who joined, by id. An entry a peer running other code wrote that is not a
 * record is left out, and a name or colour that is not text reads as "" (readers then
 * show "Unnamed" or pick a colour), so no view meets `null.name` or a number as a name.
 */
export function readParticipants(doc: Y.Doc): Map<string, ParticipantRecord> {
  const out = new Map<string, ParticipantRecord>();
  participantsMap(doc).forEach((record: unknown, id) => {
    if (!isPlainRecord(record)) return;
    const { name, color } = record;
    out.set(id, { name: typeof name === 'string' ? name : '', color: typeof color === 'string' ? color : '' });
  });
  return out;
}

// ---------------------------------------------------------------- observing

export interface BeliefChanges {
  /** Beliefs whose fields or text changed, or that were added or deleted. */
  changed: Set<string>;
  /** True when beliefs were added, deleted or restored, so the list of ids may differ. */
  structural: boolean;
}

/**
 * Calls `listener` once per transaction that touched beliefs, with the ids touched, so a
 * view of one note re-renders only when that note changed.
 */
export function observeBeliefs(
  doc: Y.Doc,
  listener: (changes: BeliefChanges, transaction: Y.Transaction) => void,
): () => void {
  const beliefs = beliefsMap(doc);
  const handler = (events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    const changes: BeliefChanges = { changed: new Set(), structural: false };
    for (const event of events) {
      if (event.target === beliefs) {
        changes.structural = true;
        for (const key of event.changes.keys.keys()) changes.changed.add(key);
      } else {
        const id = event.path[0];
        if (typeof id === 'string') changes.changed.add(id);
        // Deleting or restoring a belief takes it off the board or puts it back.
        if (event.path.length === 1 && (event as Y.YMapEvent<unknown>).keysChanged?.has('deletedAt')) changes.structural = true;
      }
    }
    if (changes.changed.size > 0) listener(changes, transaction);
  };
  beliefs.observeDeep(handler);
  return () => beliefs.unobserveDeep(handler);
}

/** Calls `listener` with the belief ids whose positions changed in each transaction. */
export function observePositions(
  doc: Y.Doc,
  listener: (beliefIds: Set<string>, transaction: Y.Transaction) => void,
): () => void {
  const positions = positionsMap(doc);
  const handler = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    const ids = new Set<string>();
    for (const key of event.keysChanged) {
      const parsed = parsePositionKey(key);
      if (parsed) ids.add(parsed.beliefId);
    }
    if (ids.size > 0) listener(ids, transaction);
  };
  positions.observe(handler);
  return () => positions.unobserve(handler);
}

export function observeMeta(doc: Y.Doc, listener: () => void): () => void {
  const meta = metaMap(doc);
  const handler = () => listener();
  meta.observe(handler);
  return () => meta.unobserve(handler);
}

export function observeParticipants(doc: Y.Doc, listener: () => void): () => void {
  const participants = participantsMap(doc);
  const handler = () => listener();
  participants.observe(handler);
  return () => participants.unobserve(handler);
}

/** The types a participant's undo history covers: what they change on the board. */
export function undoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  return [beliefsMap(doc), positionsMap(doc), doc.getMap(ROOT.comments), doc.getMap(ROOT.hiddenComments), doc.getMap(ROOT.actions)];
}
