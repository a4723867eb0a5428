// The workshop channel on the wire (message type `messageWorkshop`, docs/rounds.md): a
// sub-type, then its fields, all in lib0 encoding. The relay decodes what a browser sends
// defensively — every field is checked here, so a handler only ever sees valid values —
// and anything malformed throws, which closes that one connection.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isItemId } from './ids.ts';
import { MAX_BELIEF_TEXT, MAX_BELIEFS_PER_BOARD, MAX_COMMENT_MENTIONS, MAX_COMMENT_TEXT } from './limits.ts';
import { messageWorkshop } from './protocol.ts';
import { SCALE, type PositionRecord, type ScalePoint } from './schema.ts';

/** A note kept by the relay for its author alone while private writing is on. */
export interface PrivateNote {
  id: string;
  text: string;
  x: number;
  y: number;
  color: string;
  createdAt: number;
}

export type SealedPosition = { beliefId: string } & PositionRecord;

/** What a browser asks of the relay. */
export type WorkshopRequest =
  | { kind: 'startRound'; beliefIds: string[] | null; deadline: number | null; autoReveal: boolean }
  | { kind: 'revealRound' }
  | { kind: 'seal'; beliefId: string; agreement: ScalePoint | 'pass'; direction: ScalePoint | null }
  | { kind: 'unseal'; beliefId: string }
  | { kind: 'savePrivate'; note: PrivateNote }
  | { kind: 'deletePrivate'; id: string }
  /** Facilitator: takes a participant off the board with their answers; the id may not join again. */
  | { kind: 'removeParticipant'; participantId: string }
  /** My answer under an anonymous level: the relay writes it under my pseudonym (docs/groups.md). */
  | { kind: 'answer'; beliefId: string; agreement: ScalePoint | 'pass'; direction: ScalePoint | null }
  /** Takes my answer under an anonymous level back. */
  | { kind: 'unanswer'; beliefId: string }
  /**
   * My comment under an anonymous level: the relay writes it under my pseudonym, with the
   * id I chose (so my tab can follow it). `text` as the model stores it; mentions by id.
   */
  | { kind: 'comment'; id: string; beliefId: string; parentId: string | null; text: string; mentions: string[] }
  /** My new words for my comment under an anonymous level (the relay checks it is mine). */
  | { kind: 'editComment'; id: string; text: string; mentions: string[] }
  | { kind: 'deleteComment'; id: string };

/** What the relay tells one participant (in every tab of theirs). */
export type WorkshopNotice =
  /** All my sealed positions in the open round (empty when there is none). */
  | { kind: 'mySealed'; round: number; positions: SealedPosition[] }
  /** All my private notes not yet released. */
  | { kind: 'myPrivate'; notes: PrivateNote[] }
  /**
   * Something I asked was refused; said to the user. `comment`: the id of the comment
   * request refused, or null when what was refused is not one (an answer, a round command,
   * a change to the document, a notice on joining). Absent from a relay from before it was
   * said, which sent only the reason.
   */
  | { kind: 'refused'; reason: string; comment?: string | null }
  /**
   * Part of a change I made was not kept (the board was locked, a round opened, the board
   * is full): the relay has the rest. My copy still shows it, so it is reloaded from the relay.
   */
  | { kind: 'changeRefused'; reason: string }
  /**
   * My pseudonym on this board ('' for none yet) — sent only to my own tabs, so they find my
   * answers among the anonymous ones — and my answers the relay holds back until their
   * beliefs have the minimum number of answers.
   */
  | { kind: 'myAnswers'; pseudonym: string; held: SealedPosition[] }
  /** Facilitators under "anonymous to participants" only: whose each pseudonym is (empty: none to know). */
  | { kind: 'pseudonyms'; owners: { pseudonym: string; participantId: string }[] };

const REQUEST_KINDS = [
  'startRound',
  'revealRound',
  'seal',
  'unseal',
  'savePrivate',
  'deletePrivate',
  'removeParticipant',
  'answer',
  'unanswer',
  'comment',
  'editComment',
  'deleteComment',
] as const;
const NOTICE_KINDS = ['mySealed', 'myPrivate', 'refused', 'changeRefused', 'myAnswers', 'pseudonyms'] as const;
/** Marks what a refusal says after its reason: which comment request, if any, it refuses. */
const REFUSED_ABOUT = 1;
/** A board has at most this many people to name (the roster's size is bounded by the board's connections over time). */
const MAX_PSEUDONYMS = 10_000;

/** Scale points travel as 0…4, pass as 5, "no direction" as 6. */
const PASS_CODE = SCALE.length;
const NONE_CODE = SCALE.length + 1;
const MAX_REASON = 1000;
const MAX_COLOR = 32;

class BadWorkshopMessage extends Error {}

function start(): encoding.Encoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageWorkshop);
  return encoder;
}

function writeOptional(encoder: encoding.Encoder, value: number | null): void {
  encoding.writeUint8(encoder, value === null ? 0 : 1);
  if (value !== null) encoding.writeFloat64(encoder, value);
}

function readOptional(decoder: decoding.Decoder): number | null {
  return decoding.readUint8(decoder) === 0 ? null : readFinite(decoder);
}

function readFinite(decoder: decoding.Decoder): number {
  const value = decoding.readFloat64(decoder);
  if (!Number.isFinite(value)) throw new BadWorkshopMessage('a number is not finite');
  return value;
}

function readId(decoder: decoding.Decoder): string {
  const id = decoding.readVarString(decoder);
  if (!isItemId(id)) throw new BadWorkshopMessage('an id is malformed');
  return id;
}

function readString(decoder: decoding.Decoder, max: number): string {
  const value = decoding.readVarString(decoder);
  if (value.length > max) throw new BadWorkshopMessage(`a text is longer than ${max} characters`);
  return value;
}

function readAgreement(decoder: decoding.Decoder): ScalePoint | 'pass' {
  const code = decoding.readUint8(decoder);
  if (code === PASS_CODE) return 'pass';
  const point = SCALE[code];
  if (point === undefined) throw new BadWorkshopMessage('an agreement is off the scale');
  return point;
}

function readDirection(decoder: decoding.Decoder): ScalePoint | null {
  const code = decoding.readUint8(decoder);
  if (code === NONE_CODE) return null;
  const point = SCALE[code];
  if (point === undefined) throw new BadWorkshopMessage('a direction is off the scale');
  return point;
}

function writePosition(encoder: encoding.Encoder, position: Pick<PositionRecord, 'agreement' | 'direction'>): void {
  encoding.writeUint8(encoder, position.agreement === 'pass' ? PASS_CODE : SCALE.indexOf(position.agreement));
  encoding.writeUint8(encoder, position.direction === null ? NONE_CODE : SCALE.indexOf(position.direction));
}

function writePositions(encoder: encoding.Encoder, positions: readonly SealedPosition[]): void {
  encoding.writeVarUint(encoder, positions.length);
  for (const position of positions) {
    encoding.writeVarString(encoder, position.beliefId);
    writePosition(encoder, position);
    encoding.writeFloat64(encoder, position.updatedAt);
  }
}

function readPositions(decoder: decoding.Decoder): SealedPosition[] {
  const positions: SealedPosition[] = [];
  for (let i = readCount(decoder); i > 0; i--) {
    const beliefId = readId(decoder);
    positions.push({ beliefId, agreement: readAgreement(decoder), direction: readDirection(decoder), updatedAt: readFinite(decoder) });
  }
  return positions;
}

function writeNote(encoder: encoding.Encoder, note: PrivateNote): void {
  encoding.writeVarString(encoder, note.id);
  encoding.writeVarString(encoder, note.text);
  encoding.writeFloat64(encoder, note.x);
  encoding.writeFloat64(encoder, note.y);
  encoding.writeVarString(encoder, note.color);
  encoding.writeFloat64(encoder, note.createdAt);
}

function readNote(decoder: decoding.Decoder): PrivateNote {
  return {
    id: readId(decoder),
    text: readString(decoder, MAX_BELIEF_TEXT),
    x: readFinite(decoder),
    y: readFinite(decoder),
    color: readString(decoder, MAX_COLOR),
    createdAt: readFinite(decoder),
  };
}

function writeMentions(encoder: encoding.Encoder, mentions: readonly string[]): void {
  encoding.writeVarUint(encoder, mentions.length);
  for (const id of mentions) encoding.writeVarString(encoder, id);
}

function readMentions(decoder: decoding.Decoder): string[] {
  const count = decoding.readVarUint(decoder);
  if (count > MAX_COMMENT_MENTIONS) throw new BadWorkshopMessage(`a comment mentions at most ${MAX_COMMENT_MENTIONS} people`);
  const mentions: string[] = [];
  for (let i = 0; i < count; i++) mentions.push(readId(decoder));
  return mentions;
}

/** Comment text: code points are bounded by the model; this bounds the UTF-16 units a message may carry. */
const MAX_COMMENT_UNITS = MAX_COMMENT_TEXT * 2;

function readCount(decoder: decoding.Decoder): number {
  const count = decoding.readVarUint(decoder);
  if (count > MAX_BELIEFS_PER_BOARD) throw new BadWorkshopMessage(`a list of ${count} items is too long`);
  return count;
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new BadWorkshopMessage('a workshop message has bytes left over');
}

export function encodeWorkshopRequest(request: WorkshopRequest): Uint8Array<ArrayBuffer> {
  const encoder = start();
  encoding.writeVarUint(encoder, REQUEST_KINDS.indexOf(request.kind));
  switch (request.kind) {
    case 'startRound':
      encoding.writeUint8(encoder, request.beliefIds === null ? 0 : 1);
      if (request.beliefIds !== null) {
        encoding.writeVarUint(encoder, request.beliefIds.length);
        for (const id of request.beliefIds) encoding.writeVarString(encoder, id);
      }
      writeOptional(encoder, request.deadline);
      encoding.writeUint8(encoder, request.autoReveal ? 1 : 0);
      break;
    case 'revealRound':
      break;
    case 'seal':
    case 'answer':
      encoding.writeVarString(encoder, request.beliefId);
      writePosition(encoder, request);
      break;
    case 'unseal':
    case 'unanswer':
      encoding.writeVarString(encoder, request.beliefId);
      break;
    case 'savePrivate':
      writeNote(encoder, request.note);
      break;
    case 'deletePrivate':
      encoding.writeVarString(encoder, request.id);
      break;
    case 'removeParticipant':
      encoding.writeVarString(encoder, request.participantId);
      break;
    case 'comment':
      encoding.writeVarString(encoder, request.id);
      encoding.writeVarString(encoder, request.beliefId);
      encoding.writeVarString(encoder, request.parentId ?? '');
      encoding.writeVarString(encoder, request.text);
      writeMentions(encoder, request.mentions);
      break;
    case 'editComment':
      encoding.writeVarString(encoder, request.id);
      encoding.writeVarString(encoder, request.text);
      writeMentions(encoder, request.mentions);
      break;
    case 'deleteComment':
      encoding.writeVarString(encoder, request.id);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Reads a request's body (the message type already read); throws when malformed. */
export function readWorkshopRequest(decoder: decoding.Decoder): WorkshopRequest {
  const kind = REQUEST_KINDS[decoding.readVarUint(decoder)];
  let request: WorkshopRequest;
  switch (kind) {
    case 'startRound': {
      let beliefIds: string[] | null = null;
      if (decoding.readUint8(decoder) === 1) {
        const count = readCount(decoder);
        beliefIds = [];
        for (let i = 0; i < count; i++) beliefIds.push(readId(decoder));
      }
      const deadline = readOptional(decoder);
      request = { kind, beliefIds, deadline, autoReveal: decoding.readUint8(decoder) === 1 };
      break;
    }
    case 'revealRound':
      request = { kind };
      break;
    case 'seal':
    case 'answer': {
      const beliefId = readId(decoder);
      request = { kind, beliefId, agreement: readAgreement(decoder), direction: readDirection(decoder) };
      break;
    }
    case 'unseal':
    case 'unanswer':
      request = { kind, beliefId: readId(decoder) };
      break;
    case 'savePrivate':
      request = { kind, note: readNote(decoder) };
      break;
    case 'deletePrivate':
      request = { kind, id: readId(decoder) };
      break;
    case 'removeParticipant':
      request = { kind, participantId: readId(decoder) };
      break;
    case 'comment': {
      const id = readId(decoder);
      const beliefId = readId(decoder);
      const parent = decoding.readVarString(decoder);
      if (parent !== '' && !isItemId(parent)) throw new BadWorkshopMessage('an id is malformed');
      request = { kind, id, beliefId, parentId: parent === '' ? null : parent, text: readString(decoder, MAX_COMMENT_UNITS), mentions: readMentions(decoder) };
      break;
    }
    case 'editComment': {
      const id = readId(decoder);
      request = { kind, id, text: readString(decoder, MAX_COMMENT_UNITS), mentions: readMentions(decoder) };
      break;
    }
    case 'deleteComment':
      request = { kind, id: readId(decoder) };
      break;
    default:
      throw new BadWorkshopMessage('unknown workshop request');
  }
  expectEnd(decoder);
  return request;
}

export function encodeWorkshopNotice(notice: WorkshopNotice): Uint8Array {
  const encoder = start();
  encoding.writeVarUint(encoder, NOTICE_KINDS.indexOf(notice.kind));
  switch (notice.kind) {
    case 'mySealed':
      encoding.writeVarUint(encoder, notice.round);
      writePositions(encoder, notice.positions);
      break;
    case 'myAnswers':
      encoding.writeVarString(encoder, notice.pseudonym);
      writePositions(encoder, notice.held);
      break;
    case 'pseudonyms':
      encoding.writeVarUint(encoder, notice.owners.length);
      for (const { pseudonym, participantId } of notice.owners) {
        encoding.writeVarString(encoder, pseudonym);
        encoding.writeVarString(encoder, participantId);
      }
      break;
    case 'myPrivate':
      encoding.writeVarUint(encoder, notice.notes.length);
      for (const note of notice.notes) writeNote(encoder, note);
      break;
    case 'refused':
      encoding.writeVarString(encoder, notice.reason.slice(0, MAX_REASON));
      // After the reason, where a client from before reads nothing more.
      if (notice.comment !== undefined) {
        encoding.writeVarUint(encoder, REFUSED_ABOUT);
        encoding.writeVarString(encoder, notice.comment ?? '');
      }
      break;
    case 'changeRefused':
      encoding.writeVarString(encoder, notice.reason.slice(0, MAX_REASON));
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Reads a notice's body (the message type already read); throws when malformed. */
export function readWorkshopNotice(decoder: decoding.Decoder): WorkshopNotice {
  const kind = NOTICE_KINDS[decoding.readVarUint(decoder)];
  switch (kind) {
    case 'mySealed': {
      const round = decoding.readVarUint(decoder);
      return { kind, round, positions: readPositions(decoder) };
    }
    case 'myAnswers': {
      const pseudonym = decoding.readVarString(decoder);
      if (pseudonym !== '' && !isItemId(pseudonym)) throw new BadWorkshopMessage('a pseudonym is malformed');
      return { kind, pseudonym, held: readPositions(decoder) };
    }
    case 'pseudonyms': {
      const count = decoding.readVarUint(decoder);
      if (count > MAX_PSEUDONYMS) throw new BadWorkshopMessage(`a list of ${count} pseudonyms is too long`);
      const owners: { pseudonym: string; participantId: string }[] = [];
      for (let i = 0; i < count; i++) owners.push({ pseudonym: readId(decoder), participantId: readId(decoder) });
      return { kind, owners };
    }
    case 'myPrivate': {
      const notes: PrivateNote[] = [];
      for (let i = readCount(decoder); i > 0; i--) notes.push(readNote(decoder));
      return { kind, notes };
    }
    case 'refused': {
      const reason = readString(decoder, MAX_REASON);
      // Nothing more from a relay from before; something else from one after: not known here.
      if (!decoding.hasContent(decoder) || decoding.readVarUint(decoder) !== REFUSED_ABOUT) return { kind, reason };
      const comment = decoding.readVarString(decoder);
      if (comment !== '' && !isItemId(comment)) throw new BadWorkshopMessage('an id is malformed');
      return { kind, reason, comment: comment === '' ? null : comment };
    }
    case 'changeRefused':
      return { kind, reason: readString(decoder, MAX_REASON) };
    default:
      throw new BadWorkshopMessage('unknown workshop notice');
  }
}
