// What happened at each moment, in the board's words: beliefs added, removed, restored,
// moved or rewritten, positions recorded, rounds opened and revealed, the title changed.
// Read from the structs the moment's batch added (its clock ranges) in the history
// document: the cost is the batch's size, not the board's, so a timeline of thousands of
// moments is labelled without rebuilding the board at each one.
import * as Y from 'yjs';
import { beliefsMap, metaMap, parsePositionKey, participantsMap, positionsMap } from '../schema.ts';
import { roundsMap, workshopMap, WORKSHOP_KEY } from '../workshop.ts';
import type { Moment } from './boardHistory.ts';

export type MomentEvent =
  | { kind: 'added' | 'removed' | 'restored' | 'moved' | 'edited'; beliefId: string }
  | { kind: 'position'; beliefId: string; participantId: string }
  | { kind: 'round-opened' | 'round-revealed'; round: number }
  /** A participant's record: their first is their joining; later ones a new name or colour. */
  | { kind: 'joined' | 'renamed-person'; participantId: string }
  | { kind: 'renamed' };

/** Which belief each belief record and text belongs to, read once from the history document. */
export interface BeliefOwners {
  records: Map<Y.AbstractType<any>, string>;
  texts: Map<Y.AbstractType<any>, string>;
}

export function beliefOwners(history: Y.Doc): BeliefOwners {
  const owners: BeliefOwners = { records: new Map(), texts: new Map() };
  beliefsMap(history).forEach((record, id) => {
    if (!(record instanceof Y.Map)) return;
    owners.records.set(record, id);
    const text = record.get('text');
    if (text instanceof Y.Text) owners.texts.set(text, id);
  });
  return owners;
}

/**
 * Every moment's events, oldest first. A round's status is written again at each answer:
 * only the first time it is seen open is the round opened.
 */
export function timelineEvents(history: Y.Doc, moments: readonly Moment[]): MomentEvent[][] {
  const owners = beliefOwners(history);
  const opened = new Set<number>();
  const joined = new Set<string>();
  const once = (event: MomentEvent): MomentEvent[] => {
    if (event.kind === 'joined') {
      if (joined.has(event.participantId)) return [{ kind: 'renamed-person', participantId: event.participantId }];
      joined.add(event.participantId);
    }
    if (event.kind === 'round-opened') {
      if (opened.has(event.round)) return [];
      opened.add(event.round);
    }
    return [event];
  };
  let all: MomentEvent[][] = [];
  // One transaction for the whole timeline, which each moment's (momentEvents) joins:
  // 20,000 moments each opening and closing their own took about five times as long.
  history.transact(() => {
    all = moments.map((moment) => momentEvents(history, moment, owners).flatMap(once));
  });
  return all;
}

/** The events of one moment, each once, in the order the board reads them. */
export function momentEvents(history: Y.Doc, moment: Moment, owners: BeliefOwners = beliefOwners(history)): MomentEvent[] {
  const events = new Map<string, MomentEvent>();
  const add = (key: string, event: MomentEvent) => {
    if (!events.has(key)) events.set(key, event);
  };
  const beliefs = beliefsMap(history);
  const positions = positionsMap(history);
  const workshop = workshopMap(history);
  const rounds = roundsMap(history);
  const meta = metaMap(history);
  const participants = participantsMap(history);
  for (const [client, to] of moment.change.to) {
    const from = moment.change.from.get(client) ?? 0;
    const structs = history.store.clients.get(client);
    if (!structs || from >= Y.getState(history.store, client)) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length && structs[i].id.clock < to; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item)) continue;
      const parent = item.parent;
      const key = item.parentSub;
      if (parent === beliefs && key !== null) add(`added:${key}`, { kind: 'added', beliefId: key });
      else if (parent === positions && key !== null) {
        const parsed = parsePositionKey(key);
        if (parsed) add(`position:${key}`, { kind: 'position', ...parsed });
      } else if (parent === workshop && key === WORKSHOP_KEY.round) {
        const round = item.content.getContent()[0] as { number?: unknown; status?: unknown } | undefined;
        if (round?.status === 'open' && typeof round.number === 'number') add(`opened:${round.number}`, { kind: 'round-opened', round: round.number });
      } else if (parent === rounds && key !== null && Number.isInteger(Number(key))) {
        add(`revealed:${key}`, { kind: 'round-revealed', round: Number(key) });
      } else if (parent === participants && key !== null) add(`joined:${key}`, { kind: 'joined', participantId: key });
      else if (parent === meta && key === 'title') add('renamed', { kind: 'renamed' });
      else if (parent && owners.records.has(parent as Y.AbstractType<any>)) {
        const beliefId = owners.records.get(parent as Y.AbstractType<any>)!;
        if (key === 'x' || key === 'y') add(`moved:${beliefId}`, { kind: 'moved', beliefId });
        else if (key === 'deletedAt') {
          const removed = typeof item.content.getContent()[0] === 'number';
          add(`${removed ? 'removed' : 'restored'}:${beliefId}`, { kind: removed ? 'removed' : 'restored', beliefId });
        }
      } else if (parent && owners.texts.has(parent as Y.AbstractType<any>)) {
        const beliefId = owners.texts.get(parent as Y.AbstractType<any>)!;
        add(`edited:${beliefId}`, { kind: 'edited', beliefId });
      }
    }
  }
  // Cutting letters inserts nothing: the note's text is "edited" by what the moment deleted.
  // (Iterating splits structs at the range's ends, which a history document may: nothing collects it.)
  history.transact((transaction) => {
    Y.iterateDeletedStructs(transaction, moment.change.deleted, (struct) => {
      if (!(struct instanceof Y.Item) || !struct.parent) return;
      const beliefId = owners.texts.get(struct.parent as Y.AbstractType<any>);
      if (beliefId !== undefined) add(`edited:${beliefId}`, { kind: 'edited', beliefId });
    });
  });
  // A belief added in this moment is not also "moved" or "edited" by it.
  for (const event of events.values()) {
    if (event.kind === 'added') {
      events.delete(`moved:${event.beliefId}`);
      events.delete(`edited:${event.beliefId}`);
    }
  }
  return Array.from(events.values());
}

/** One line for a moment in the timeline: its most telling event and how many more. */
export function describeEvents(
  events: readonly MomentEvent[],
  textOf: (beliefId: string) => string,
  nameOf: (participantId: string) => string = () => 'Someone',
): string {
  if (events.length === 0) return 'Other changes';
  const counts = new Map<MomentEvent['kind'], number>();
  for (const event of events) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
  const quoted = (beliefId: string) => `“${shorten(textOf(beliefId) || 'an empty belief')}”`;
  const first = (kind: MomentEvent['kind']) => events.find((event) => event.kind === kind)!;
  const parts: string[] = [];
  for (const event of events) {
    if (event.kind === 'round-opened') parts.push(`Round ${event.round} opened`);
    if (event.kind === 'round-revealed') parts.push(`Round ${event.round} revealed`);
  }
  const says = (kind: MomentEvent['kind'], one: (beliefId: string) => string, many: (n: number) => string) => {
    const n = counts.get(kind) ?? 0;
    if (n === 1) parts.push(one((first(kind) as { beliefId: string }).beliefId));
    else if (n > 1) parts.push(many(n));
  };
  says('added', (id) => `Added ${quoted(id)}`, (n) => `${n} beliefs added`);
  says('removed', (id) => `Deleted ${quoted(id)}`, (n) => `${n} beliefs deleted`);
  says('restored', (id) => `Restored ${quoted(id)}`, (n) => `${n} beliefs restored`);
  // Revealing a round writes every sealed position at once: the reveal says it.
  if (!counts.has('round-revealed')) says('position', (id) => `A position on ${quoted(id)}`, (n) => `${n} positions`);
  says('moved', (id) => `Moved ${quoted(id)}`, (n) => `${n} beliefs moved`);
  says('edited', (id) => `Edited ${quoted(id)}`, (n) => `${n} beliefs edited`);
  if (counts.has('renamed')) parts.push('Title changed');
  for (const event of events) {
    if (event.kind === 'joined') parts.push(`${nameOf(event.participantId)} joined`);
    if (event.kind === 'renamed-person') parts.push(`${nameOf(event.participantId)} changed name or colour`);
  }
  return parts.length > 0 ? parts.join('; ') : 'Other changes';
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}
