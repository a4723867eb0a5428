// Reads everything one browser received from the relay — every sync message, update,
// awareness update and workshop notice, byte for byte — and lists every way it joins a
// person to an answer: a position kept under their id, a revealed round or a "who
// answered" list naming them, an answer written under their Yjs client id (even one since
// deleted), a position key with their id anywhere in the bytes, their pseudonym in someone
// else's hands. Used by tests/integration/anonymity.test.ts for each anonymity level.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { isPseudonym } from '../../shared/anonymity.ts';
import { messageWorkshop } from '../../shared/protocol.ts';
import { parsePositionKey, positionsMap, readStoredPosition } from '../../shared/schema.ts';
import { readRoundHistory, readWorkshop } from '../../shared/workshop.ts';
import { readWorkshopNotice, type WorkshopNotice } from '../../shared/workshopMessages.ts';
import { messageAwareness, messageSync } from '../../server/relay/messages.ts';

export interface Person {
  id: string;
  name: string;
  /** The Yjs client ids the person's browser wrote under. */
  clientIds: number[];
  /** Their pseudonym, once known (from their own tabs' notices). */
  pseudonym?: string;
}

export interface Received {
  /** The board as the browser holds it after applying every update it was sent. */
  doc: Y.Doc;
  updates: Uint8Array[];
  awarenessStates: unknown[];
  notices: WorkshopNotice[];
  bytes: Uint8Array[];
}

/** Decodes a browser's received messages from scratch, into a fresh document. */
export function decodeReceived(messages: readonly Uint8Array[]): Received {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const received: Received = { doc, updates: [], awarenessStates: [], notices: [], bytes: messages.slice() };
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageSync) {
      const syncType = decoding.readVarUint(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep1) continue;
      const update = decoding.readVarUint8Array(decoder);
      received.updates.push(update);
      Y.applyUpdate(doc, update);
    } else if (type === messageAwareness) {
      const update = decoding.readVarUint8Array(decoder);
      awarenessProtocol.applyAwarenessUpdate(awareness, update, 'relay');
      for (const state of awareness.getStates().values()) received.awarenessStates.push(state);
    } else if (type === messageWorkshop) {
      received.notices.push(readWorkshopNotice(decoder));
    }
  }
  awareness.destroy();
  return received;
}

function contains(haystack: Uint8Array, needle: string): boolean {
  const bytes = new TextEncoder().encode(needle);
  outer: for (let i = 0; i + bytes.length <= haystack.length; i++) {
    for (let j = 0; j < bytes.length; j++) if (haystack[i + j] !== bytes[j]) continue outer;
    return true;
  }
  return false;
}

/** A position's value, as either shape a board holds (schema.ts, readStoredPosition). */
function isAnswerValue(value: unknown): boolean {
  return readStoredPosition(value) !== null || (typeof value === 'object' && value !== null && 'agreement' in value);
}

export interface AuditOptions {
  /** The receiver: their own pseudonym may reach them. */
  self?: Person;
  /** Answers given under names before a switch to an anonymous level: their deleted keys stay in the history (docs/groups.md). */
  namedBefore?: boolean;
}

/** Every way `received` joins one of `people` to an answer, in words; empty when none. */
export function nameAnswerLinks(received: Received, people: readonly Person[], beliefIds: readonly string[], options: AuditOptions = {}): string[] {
  const problems: string[] = [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const byClient = new Map(people.flatMap((person) => person.clientIds.map((client) => [client, person] as const)));
  const { doc } = received;

  positionsMap(doc).forEach((_record, key) => {
    const owner = byId.get(parsePositionKey(key)?.participantId ?? '');
    if (owner) problems.push(`positions["${key}"] is ${owner.name}'s answer under their id`);
  });
  for (const round of readRoundHistory(doc)) {
    for (const position of round.positions) {
      const owner = byId.get(position.participantId);
      if (owner) problems.push(`round ${round.number} records ${owner.name}'s answer on ${position.beliefId}`);
    }
  }
  for (const [beliefId, ids] of Object.entries(readWorkshop(doc).round?.answered ?? {})) {
    for (const id of ids) if (byId.has(id)) problems.push(`the round's "who answered" names ${byId.get(id)!.name} on ${beliefId}`);
  }

  // The structs themselves, deleted ones included: an answer's value written under a
  // person's client id, or a position key naming them.
  for (const update of received.updates) {
    const { structs } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const owner = byClient.get(struct.id.client);
      if (owner && struct.content instanceof Y.ContentAny && struct.content.getContent().some(isAnswerValue)) {
        problems.push(`an answer's value travels under ${owner.name}'s Yjs client id`);
      }
    }
  }
  if (!options.namedBefore) {
    for (const bytes of received.bytes) {
      for (const person of people) {
        for (const beliefId of beliefIds) if (contains(bytes, `${beliefId}:${person.id}`)) problems.push(`the key "${beliefId}:${person.id}" (${person.name}) is in the bytes`);
      }
    }
  }

  for (const state of received.awarenessStates) {
    const text = JSON.stringify(state);
    if (text.includes('"agreement"')) problems.push(`an awareness state carries an answer: ${text.slice(0, 200)}`);
    for (const person of people) if (person.pseudonym && text.includes(person.pseudonym)) problems.push(`an awareness state carries ${person.name}'s pseudonym`);
  }

  for (const notice of received.notices) {
    if (notice.kind === 'pseudonyms' && notice.owners.length > 0) problems.push(`a list of whose pseudonym is whose (${notice.owners.length})`);
    if (notice.kind === 'myAnswers' && notice.pseudonym !== '' && notice.pseudonym !== options.self?.pseudonym) problems.push(`someone else's pseudonym in a notice: ${notice.pseudonym}`);
  }
  return Array.from(new Set(problems));
}

/** The pseudonyms in a board's positions, to check that answers really are under pseudonyms. */
export function pseudonymousAnswers(doc: Y.Doc): number {
  let count = 0;
  positionsMap(doc).forEach((_record, key) => {
    if (isPseudonym(parsePositionKey(key)?.participantId ?? '')) count++;
  });
  return count;
}

function isCommentValue(value: unknown): value is { authorId: unknown; text: unknown } {
  return typeof value === 'object' && value !== null && 'authorId' in value && 'text' in value && 'mentions' in value;
}

/**
 * Every way `received` joins one of `people` to a comment they wrote: a comment (kept or
 * since replaced or deleted — every value in the updates is read, not only the last) with
 * their id as its author, or a comment's value written under their Yjs client id. A
 * mention of someone is no link: naming the mentioned is what a mention is for.
 */
export function nameCommentLinks(received: Received, people: readonly Person[]): string[] {
  const problems: string[] = [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const byClient = new Map(people.flatMap((person) => person.clientIds.map((client) => [client, person] as const)));
  for (const update of received.updates) {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
      for (const value of struct.content.getContent()) {
        if (!isCommentValue(value)) continue;
        const author = typeof value.authorId === 'string' ? byId.get(value.authorId) : undefined;
        if (author) problems.push(`the comment "${String(value.text).slice(0, 40)}" names ${author.name} as its author`);
        const writer = byClient.get(struct.id.client);
        if (writer) problems.push(`the comment "${String(value.text).slice(0, 40)}" travels under ${writer.name}'s Yjs client id`);
      }
    }
  }
  return Array.from(new Set(problems));
}
